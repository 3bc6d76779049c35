/**
 * The bundled sample data: a deterministic, seeded generator of synthetic Sentinel-2 L2A scenes
 * (10 m B04/B08 and 20 m SCL GeoTIFFs) over the mission's approximate site outlines, with a
 * manifest, a copy of the site outlines and a README.
 *
 * <p>The imagery is <em>synthetic</em>: a logistic greening of the restored sites with spatial
 * heterogeneity and a seasonal cosine, forest or farmland around them, a bare open pit, a tailings
 * pond, clouds with shadows and cirrus, winter snow at Bor, and DNs that follow the processing-baseline
 * rules (offset +1000 from baseline 04.00, 2022-01-25 on). Entry point: {@link greencover.cli.samples.SampleGenerator}.
 */
package greencover.cli.samples;
