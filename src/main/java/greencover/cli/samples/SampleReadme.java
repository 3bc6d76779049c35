package greencover.cli.samples;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Composes the {@code README.md} of the sample set from the configuration and the written scenes. */
final class SampleReadme {

    private SampleReadme() {
    }

    static String text(long seed, List<GeneratedScene> scenes, Map<String, String> extents) {
        StringBuilder b = new StringBuilder();
        b.append("# GreenCover sample tiles (SYNTHETIC)\n\n");
        b.append("**This is synthetic data, not real Sentinel-2 imagery.** The scenes imitate Sentinel-2 L2A products ")
                .append("(B04 red and B08 NIR at 10 m, the SCL scene classification at 20 m) over the mission's mine-restoration ")
                .append("sites, so that ingest, zonal statistics, time series and maps can be tried end to end without ")
                .append("downloading imagery. Never quote numbers computed from them as facts about the sites.\n\n");
        b.append("Everything here was written by `greencover.cli.samples.SampleGenerator` with seed ").append(seed)
                .append(". The output is deterministic: the same seed and generator version give byte-identical files ")
                .append("(`java ... greencover.cli.samples.SampleGenerator --out sample-tiles --seed ").append(seed).append("`).\n\n");

        b.append("## Layout\n\n");
        b.append("```\n");
        b.append("manifest.json        scene list: name, sensor, acquired, processingBaseline, crs, files {red, nir, mask}\n");
        b.append("sites.geojson        site outlines (EPSG:4326), properties id, name, greenThreshold = 0.3, approximate = true\n");
        b.append("scenes/<product>/B04.tif   red, uint16 DN, 10 m, no-data 0\n");
        b.append("scenes/<product>/B08.tif   NIR, uint16 DN, 10 m, no-data 0\n");
        b.append("scenes/<product>/SCL.tif   scene classification, uint8, 20 m (same extent, half the pixels per axis)\n");
        b.append("```\n\n");
        b.append("GeoTIFFs: DEFLATE, 256x256 tiles, CRS written from its EPSG code (UTM 50N = EPSG:32650 for Zijinshan, ")
                .append("UTM 34N = EPSG:32634 for Bor). Extents are the sites' bounding box plus a margin, snapped to the 20 m grid, ")
                .append("so the 10 m and 20 m rasters share exact edges:\n\n");
        for (Map.Entry<String, String> e : extents.entrySet()) {
            b.append("* ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
        }
        b.append('\n');

        b.append("## Site outlines are approximate\n\n");
        b.append("`sites.geojson` is a copy of the project's approximate outlines: hand-designed polygons placed on published ")
                .append("anchor points and scaled to reported or assumed areas, not digitised from imagery (positional uncertainty ")
                .append("0.5-2 km, given per feature). The two open pits are context (bare reference) features. The Bor open pit ")
                .append("lies just outside the Bor sample extent, which covers the three Bor tailings sites.\n\n");

        b.append("## How the scenes are made\n\n");
        b.append("* **Greening** inside the restored sites: peak-season NDVI rises logistically from bare (0.08) to a target ")
                .append("(Zijinshan 0.72, Bor 0.65) with half-time 2019.5 (Zijinshan) / 2022.5 (Bor), shifted per parcel by a smooth ")
                .append("random field (some parcels restored earlier), a few parcels staying bare (heap-leach pads, active beaches); ")
                .append("seasonal cosine NDVI(t) = m + A cos(2 pi (doy - peak) / 365); per-pixel noise sigma 0.03.\n");
        b.append("* **Surroundings**: evergreen forest at Zijinshan (NDVI about 0.74-0.86 through the year); a mix of deciduous forest ")
                .append("and farmland parcels at Bor (strong seasonality, leaf-off in winter). The open pit stays bare ")
                .append("(NDVI about 0.06); one small synthetic pond per region is water (negative NDVI, SCL 6).\n");
        b.append("* **DNs**: a red reflectance between bare ground (about 0.15) and vegetation (0.035) gives NIR = red (1 + NDVI) / (1 - NDVI); ")
                .append("NIR gets a little noise and red follows from NIR and the noisy NDVI (so the NDVI noise shows mostly in red); ")
                .append("DN = round(10000 reflectance), **plus 1000 for processing baseline 04.00 and later (acquired from 2022-01-25)**, ")
                .append("clamped to 1..65535; 0 is no-data. Readers must remove the offset (BOA_ADD_OFFSET = -1000) before computing NDVI.\n");
        b.append("* **SCL**: 4 vegetation where NDVI >= 0.4, else 5; 6 water; clouds as smooth blobs, 9 in their core and 8 at their ")
                .append("rim, thin cirrus 10 just outside, shadows 3 displaced to the north-west; snow 11 on some Bor winter dates; 0 in ")
                .append("a no-data corner on one scene. Clouds and snow are bright in the bands.\n");
        b.append("* **Names** follow `MMM_MSIL2A_YYYYMMDDTHHMMSS_Nxxyy_ROOO_Txxxxx_<generation time>`; the baseline (Nxxyy) follows the ")
                .append("ESA history by date. Dates are plausible but not checked against the real orbit calendar.\n\n");

        b.append("## Scenes\n\n");
        b.append("Cloud = share of the site's 10 m cells under SCL 8/9/10; masked = share under SCL 0/1/3/8/9/10/11 (cloud, cirrus, shadow, snow, no-data).\n\n");
        b.append("| acquired | product | baseline | DN offset | site: cloud % / masked % |\n");
        b.append("|---|---|---|---|---|\n");
        for (GeneratedScene s : scenes) {
            StringBuilder sky = new StringBuilder();
            s.skyBySite().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
                if (sky.length() > 0) sky.append("; ");
                sky.append(e.getKey()).append(String.format(Locale.ROOT, ": %.0f / %.0f",
                        100 * e.getValue().cloudFraction(), 100 * e.getValue().invalidFraction()));
            });
            b.append("| ").append(s.acquired()).append(" | `").append(s.name()).append("` | ").append(s.processingBaseline())
                    .append(" | ").append(ProductNaming.hasOffset(s.processingBaseline()) ? "+1000" : "0")
                    .append(" | ").append(sky).append(" |\n");
        }
        b.append('\n');
        return b.toString();
    }
}
