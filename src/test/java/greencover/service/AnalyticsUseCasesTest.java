package greencover.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import greencover.core.index.CoverClasses;
import greencover.service.series.AnalysedSeries;
import greencover.service.series.Composite;
import greencover.service.series.Endmembers;
import greencover.service.series.MonthWindow;
import greencover.service.series.PeriodChange;
import greencover.service.series.SeriesQuery;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The change between periods ({@link PeriodChange}) and the reference comparison ({@code SeriesAnalysis}) as use
 * cases on the in-memory store, with the scenes of {@link ServiceFixture}: 4 × 4 pixels of 10 m, one value per
 * column, so a site over the whole scene weighs each column a quarter. NDVI from DNs: red 500 / NIR 4500 is 0.8,
 * 1000/4000 is 0.6, 1500/3500 is 0.4, 2000/3000 is 0.2, 1800/2200 is 0.1; DNs scaled by a common factor give the same NDVI. Scenes after 2022-01-25 carry the
 * baseline-04.00 offset of +1000 DN, which the ingest removes.
 */
class AnalyticsUseCasesTest {
    private static final int OFFSET = 1000;
    @TempDir Path dir;
    ServiceFixture f;

    @BeforeEach
    void open() { f = new ServiceFixture(dir); }

    @AfterEach
    void close() { f.close(); }

    /** The ground m² of one 10 m × 40 m column (grid area over k0² at E 500000, as every site statistic). */
    private static final double COLUMN_M2 = 400 / (0.9996 * 0.9996);

    private static int[] plus(int[] dn, int offset) {
        int[] out = dn.clone();
        for (int i = 0; i < out.length; i++) out[i] += offset;
        return out;
    }

    private static int[] uniform(int dn) { return new int[] {dn, dn, dn, dn}; }

    private int scenes2025;

    /** A 2025 scene (offset +1000 DN) with NDVI 0.8 in the columns marked true and 0.1 elsewhere (DNs scaled per scene). */
    private void ingest2025(String date, boolean... green) throws Exception {
        int k = ++scenes2025;
        int[] red = new int[4], nir = new int[4];
        for (int c = 0; c < 4; c++) {
            red[c] = (green[c] ? 250 : 900) * k;
            nir[c] = (green[c] ? 2250 : 1100) * k;
        }
        f.ingest(date, 500000, plus(red, OFFSET), plus(nir, OFFSET));
    }

    @Test
    void aPatchTurningFromBareToDenseCountsItsAreaAndTheCompositeChoosesWhichPixelsTurned() throws Exception {
        f.services.sites().add(List.of(ServiceFixture.rectangle("square", 500000, 2799960, 500040, 2800000)));
        // the same NDVI from other DNs on each date (the catalog refuses the same files under another date)
        String[] y2019 = {"2019-06-01", "2019-07-01", "2019-08-01"};
        for (int i = 0; i < 3; i++) f.ingest(y2019[i], 500000, uniform(900 * (i + 1)), uniform(1100 * (i + 1)));
        // three 2025 dates: column 0 is green once (median bare, max green), column 1 twice (median and max green)
        ingest2025("2025-06-01", true, true, false, false);
        ingest2025("2025-07-01", false, true, false, false);
        ingest2025("2025-08-01", false, false, false, false);

        PeriodChange.Result median = f.services.periodChange().change("square",
                new PeriodChange.Query(2019, 2025, MonthWindow.ALL, "ndvi", Composite.PIXEL_MEDIAN, null));
        assertThat(median.clearInBothAreaM2()).isCloseTo(4 * COLUMN_M2, within(1e-3));
        assertThat(median.clearInBothFraction()).isCloseTo(1, within(1e-6));
        assertThat(median.gainedGreenAreaM2()).isCloseTo(COLUMN_M2, within(1e-3));
        assertThat(median.stableBareAreaM2()).isCloseTo(3 * COLUMN_M2, within(1e-3));
        assertThat(median.lostGreenAreaM2()).isZero();
        assertThat(median.stableGreenAreaM2()).isZero();
        assertThat(median.meanIndexChange()).isCloseTo((0.8 - 0.1) / 4, within(1e-4));
        int bare = 0, dense = CoverClasses.NAMES.length - 1;
        assertThat(median.transitionsM2()[bare][dense]).isCloseTo(COLUMN_M2, within(1e-3));
        assertThat(median.transitionsM2()[bare][bare]).isCloseTo(3 * COLUMN_M2, within(1e-3));
        assertThat(median.to().sceneIds()).hasSize(3);

        PeriodChange.Result max = f.services.periodChange().change("square",
                new PeriodChange.Query(2019, 2025, MonthWindow.ALL, "ndvi", Composite.PIXEL_MAX, null));
        assertThat(max.gainedGreenAreaM2()).isCloseTo(2 * COLUMN_M2, within(1e-3));
        assertThat(max.meanIndexChange()).isCloseTo(2 * (0.8 - 0.1) / 4, within(1e-4));
        assertThat(max.transitionsM2()[bare][dense]).isCloseTo(2 * COLUMN_M2, within(1e-3));

        // a month window that keeps only July: column 1 alone is green then
        PeriodChange.Result july = f.services.periodChange().change("square",
                new PeriodChange.Query(2019, 2025, MonthWindow.parse("7"), "ndvi", Composite.PIXEL_MAX, null));
        assertThat(july.from().sceneIds()).hasSize(1);
        assertThat(july.to().sceneIds()).hasSize(1);
        assertThat(july.gainedGreenAreaM2()).isCloseTo(COLUMN_M2, within(1e-3));
        PeriodChange.Result august = f.services.periodChange().change("square",
                new PeriodChange.Query(2019, 2025, MonthWindow.parse("8"), "ndvi", Composite.PIXEL_MAX, null));
        assertThat(august.gainedGreenAreaM2()).isZero();
        assertThat(august.stableBareAreaM2()).isCloseTo(4 * COLUMN_M2, within(1e-3));
    }

    @Test
    void theGreenThresholdDecidesWhatCountsAsGained() throws Exception {
        f.services.sites().add(List.of(ServiceFixture.rectangle("square", 500000, 2799960, 500040, 2800000)));
        f.ingestBare("2019-06-01", 500000); // 0.1 everywhere
        // 2025: columns at NDVI 0.2, 0.4, 0.6, 0.8
        f.ingest("2025-06-01", 500000, plus(new int[] {2000, 1500, 1000, 500}, OFFSET), plus(new int[] {3000, 3500, 4000, 4500}, OFFSET));
        for (double t : new double[] {0.3, 0.5, 0.7}) {
            PeriodChange.Result r = f.services.periodChange().change("square",
                    new PeriodChange.Query(2019, 2025, MonthWindow.ALL, "ndvi", Composite.PIXEL_MEDIAN, t));
            long greenColumns = java.util.stream.DoubleStream.of(0.2, 0.4, 0.6, 0.8).filter(v -> v >= t).count();
            assertThat(r.threshold()).isEqualTo(t);
            assertThat(r.gainedGreenAreaM2()).as("threshold %s", t).isCloseTo(greenColumns * COLUMN_M2, within(1e-3));
        }
        // 2025 classes: 0.2 sparse, 0.4 moderate, 0.6 and 0.8 dense (a break belongs to the upper class)
        PeriodChange.Result r = f.services.periodChange().change("square",
                new PeriodChange.Query(2019, 2025, MonthWindow.ALL, "ndvi", Composite.PIXEL_MEDIAN, null));
        assertThat(r.transitionsM2()[0][1]).isCloseTo(COLUMN_M2, within(1e-3));
        assertThat(r.transitionsM2()[0][2]).isCloseTo(COLUMN_M2, within(1e-3));
        assertThat(r.transitionsM2()[0][3]).isCloseTo(2 * COLUMN_M2, within(1e-3));
        assertThat(r.transitionsM2()[0][0]).isZero();
        assertThat(r.meanFrom()).isCloseTo(0.1, within(1e-4));
        assertThat(r.meanTo()).isCloseTo(0.5, within(1e-4));
    }

    @Test
    void aReferenceSiteGivesTheRatioAndTheGapOfTheMeansOnTheSameDates() throws Exception {
        f.services.sites().add(List.of(ServiceFixture.rectangle("slope", 500100, 2799960, 500140, 2800000)));
        var dump = ServiceFixture.rectangle("dump", 500000, 2799960, 500040, 2800000);
        f.services.sites().add(List.of(new SiteDraft("dump", null, dump.wgs84(), null, null, null, null, Map.of("referenceSite", "slope"))));
        int[][] siteDn = {{2000, 3000}, {1500, 3500}, {1000, 4000}}; // NDVI 0.2, 0.4, 0.6
        String[] dates = {"2019-05-01", "2020-05-01", "2021-05-01"};
        for (int i = 0; i < 3; i++) {
            int[] r = siteDn[i];
            f.ingest(dates[i], 500000, new int[] {r[0], r[0], r[0], r[0]}, new int[] {r[1], r[1], r[1], r[1]});
            f.ingest(dates[i], 500100, uniform(250 * (i + 1)), uniform(2250 * (i + 1))); // the reference: NDVI 0.8 on every date
        }
        // one more reference date the site lacks: it must not be paired
        f.ingest("2021-09-01", 500100, uniform(1250), uniform(11250));

        AnalysedSeries a = f.services.seriesAnalysis().analyse("dump", SeriesQuery.defaults(), false, Endmembers.SITE);
        assertThat(a.reference()).isNotNull();
        assertThat(a.reference().siteId()).isEqualTo("slope");
        assertThat(a.reference().pairs()).hasSize(3);
        double[] ratio = {0.25, 0.5, 0.75}, gap = {0.6, 0.4, 0.2};
        for (int i = 0; i < 3; i++) {
            AnalysedSeries.Pair p = a.reference().pairs().get(i);
            assertThat(p.date()).hasToString(dates[i]);
            assertThat(p.referenceMean()).isCloseTo(0.8, within(1e-4));
            assertThat(p.relativeIndex()).isCloseTo(ratio[i], within(1e-3));
            assertThat(p.indexGap()).isCloseTo(gap[i], within(1e-4));
        }
        // the ratio rises by 0.25 a year and the gap falls by 0.2 (dates one year apart, one of them over 29 February)
        assertThat(a.reference().relativeTrend().slopePerYear()).isCloseTo(0.25, within(0.25 * 0.01));
        assertThat(a.reference().gapTrend().slopePerYear()).isCloseTo(-0.2, within(0.2 * 0.01));
    }

    @Test
    void aPointsUncertaintyIsReadOverTheOutlineValidOnItsDate() throws Exception {
        f.services.sites().add(List.of(ServiceFixture.rectangle("square", 500000, 2799960, 500040, 2800000)));
        // from 2021 the site is a strip inside the two western columns (x 500001-500019): 2 × 4 cells
        var strip = ServiceFixture.rectangle("strip", 500001, 2799961, 500019, 2799999).wgs84();
        f.services.geometry().addVersion("square", strip, null, java.time.LocalDate.parse("2021-01-01"), null);
        f.ingest("2020-05-01", 500000, new int[] {2000, 2000, 1000, 1000}, new int[] {3000, 3000, 4000, 4000});
        f.ingest("2021-05-01", 500000, new int[] {4000, 4000, 2000, 2000}, new int[] {6000, 6000, 8000, 8000});
        AnalysedSeries a = f.services.seriesAnalysis().analyse("square", SeriesQuery.defaults(), true, Endmembers.SITE);
        var points = a.series().points();
        assertThat(points).hasSize(2);
        // 2020 over the whole square: columns 0.2, 0.2, 0.6, 0.6; 2021 over the strip: the two 0.2 columns only
        assertThat(points.get(0).statistics().mean()).isCloseTo(0.4, within(1e-4));
        assertThat(points.get(1).statistics().mean()).isCloseTo(0.2, within(1e-4));
        // n is the weights' (Σw)² / Σw²: 16 whole cells; the strip covers 0.9 of each column's width and rows of
        // 0.9, 1, 1, 0.9 of their height: Σw = 2 · 0.9 · 3.8 = 6.84, Σw² = 2 · 0.81 · 3.62 = 5.8644
        assertThat(a.uncertainty().get(0).n()).isCloseTo(16, within(1e-6));
        assertThat(a.uncertainty().get(1).n()).isCloseTo(6.84 * 6.84 / 5.8644, within(1e-4));
        assertThat(a.uncertainty().get(1).standardError()).isCloseTo(0, within(1e-9)); // a uniform field over the strip
    }

    @Test
    void aPixelCompositeSeesTheSiteAsEachDateDoesItsPondIsWaterAndItsOutlineTheVersionOfTheDate() throws Exception {
        var square = ServiceFixture.rectangle("square", 500000, 2799960, 500040, 2800000);
        // the eastern column (x 500030-500040) is a pond: water, never land
        var pond = ServiceFixture.rectangle("pond", 500030, 2799960, 500040, 2800000).wgs84();
        f.services.sites().add(List.of(new SiteDraft("square", null, square.wgs84(), null, null, null, null, Map.of(), pond, null)));
        // columns at NDVI 0.2, 0.2, 0.6 and (the pond) 0.6
        f.ingest("2020-05-01", 500000, new int[] {2000, 2000, 1000, 1000}, new int[] {3000, 3000, 4000, 4000});
        SeriesQuery perDate = SeriesQuery.defaults();
        SeriesQuery composite = new SeriesQuery("ndvi", greencover.service.series.DateRange.ALL, null, SeriesQuery.DEFAULT_MIN_VALID,
                greencover.core.zonal.PixelRule.EXACT, Composite.PIXEL_MEDIAN, greencover.core.zonal.Statistic.MEAN);
        // one scene in the year: its composite is the scene, as the date sees it: land is 3 columns, mean (0.2+0.2+0.6)/3
        double land = (0.2 + 0.2 + 0.6) / 3;
        assertThat(f.services.series().timeseries("square", perDate).points().get(0).statistics().mean()).isCloseTo(land, within(1e-4));
        var p = f.services.series().timeseries("square", composite).points().get(0);
        assertThat(p.statistics().mean()).isCloseTo(land, within(1e-4));
        assertThat(p.statistics().waterFraction()).isCloseTo(0.25, within(1e-6));
        // the uncertainty reads the same field: the 12 land cells, not the pond's 4
        var analysed = f.services.seriesAnalysis().analyse("square", perDate, true, Endmembers.SITE);
        assertThat(analysed.uncertainty().get(0).n()).isCloseTo(12, within(1e-6));
        assertThat(f.services.seriesAnalysis().analyse("square", composite, true, Endmembers.SITE).uncertainty().get(0).n())
                .isCloseTo(12, within(1e-6));

        // from 2021 the outline is the two western columns: a 2021 composite is over them only
        f.services.geometry().addVersion("square", ServiceFixture.rectangle("west", 500000, 2799960, 500020, 2800000).wgs84(), null,
                java.time.LocalDate.parse("2021-01-01"), null);
        f.ingest("2021-05-01", 500000, new int[] {4000, 4000, 2000, 2000}, new int[] {6000, 6000, 8000, 8000});
        var year2021 = f.services.series().timeseries("square", composite).points().get(1);
        assertThat(year2021.date()).hasToString("2021-07-01");
        assertThat(year2021.statistics().mean()).isCloseTo(0.2, within(1e-4));
        assertThat(year2021.statistics().siteAreaM2()).isCloseTo(2 * COLUMN_M2, within(1e-3));
    }
}
