package greencover.cli.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.geom.AffineTransform;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.geotools.api.geometry.Bounds;
import org.geotools.coverage.grid.GridCoverage2D;
import org.geotools.gce.geotiff.GeoTiffReader;
import org.geotools.referencing.CRS;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/**
 * Generates a tiny sample set once (Zijinshan: the open pit and a ring of the dump, three dates around
 * the baseline-04.00 switch and in 2016; Bor: the RTH tailings, one winter date with clouds, snow and a
 * no-data corner) and checks the written files with GeoTools and independent polygon tests (JTS).
 */
class SampleGeneratorTest {

    private static final long SEED = 42;
    private static final LocalDate PRE_OFFSET = LocalDate.of(2022, 1, 20);
    private static final LocalDate POST_OFFSET = LocalDate.of(2022, 1, 30);
    private static final LocalDate EARLY = LocalDate.of(2016, 11, 3);
    private static final LocalDate BOR_WINTER = LocalDate.of(2021, 2, 10);
    private static final double BOR_MASKED_SHARE = 0.30;

    @TempDir
    static Path dir;
    private static Path out;
    private static JsonNode manifest;

    static SampleConfig tiny() {
        return new SampleConfig(List.of(
                new SampleConfig.Region("zijinshan", 32650, "50RMN", 32, "025651", List.of("zijinshan-open-pit"), 200,
                        Landscape.zijinshan(),
                        List.of(SampleConfig.Scene.clear(POST_OFFSET), SampleConfig.Scene.clear(PRE_OFFSET),
                                SampleConfig.Scene.clear(EARLY))),
                new SampleConfig.Region("bor", 32634, "34TEP", 7, "092029", List.of("bor-rth-tailings"), 200,
                        Landscape.bor(),
                        List.of(new SampleConfig.Scene(BOR_WINTER, "bor-rth-tailings", BOR_MASKED_SHARE, 0.2, true)))));
    }

    @BeforeAll
    static void generate() throws IOException {
        out = dir.resolve("a");
        SampleGenerator.generate(out, SEED, tiny(), line -> { });
        manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
    }

    @Test
    void manifestListsEveryWrittenSceneByDate() {
        assertThat(manifest.path("synthetic").asBoolean()).isTrue();
        assertThat(manifest.path("seed").asLong()).isEqualTo(SEED);
        assertThat(manifest.path("sites").asText()).isEqualTo("sites.geojson");
        List<String> dates = new ArrayList<>();
        for (JsonNode scene : manifest.path("scenes")) {
            dates.add(scene.path("acquired").asText());
            assertThat(scene.path("sensor").asText()).isEqualTo("sentinel2-l2a");
            for (String role : List.of("red", "nir", "mask")) {
                assertThat(out.resolve(scene.path("files").path(role).asText())).isRegularFile();
            }
        }
        assertThat(dates).containsExactly("2016-11-03", "2021-02-10", "2022-01-20", "2022-01-30");
        assertThat(out.resolve("README.md")).isRegularFile();
    }

    @Test
    void sitesKeepTheOutlinesWithAGreenThreshold() throws IOException {
        JsonNode sites = new ObjectMapper().readTree(out.resolve("sites.geojson").toFile());
        List<String> ids = new ArrayList<>();
        for (JsonNode f : sites.path("features")) {
            ids.add(f.path("properties").path("id").asText());
            assertThat(f.path("properties").path("greenThreshold").asDouble()).isEqualTo(0.3);
            assertThat(f.path("properties").path("approximate").asBoolean()).isTrue();
            assertThat(f.path("properties").path("name").asText()).isNotBlank();
        }
        assertThat(ids).containsExactly("zijinshan-dump", "zijinshan-open-pit", "zijinshan-forest-slope", "bor-open-pit", "bor-rth-tailings",
                "bor-old-flotation-tailings", "veliki-krivelj-tailings");
        assertThat(sites.path("note").asText()).containsIgnoringCase("approximate");
    }

    @Test
    void productNameCarriesTheBaselineOfTheDate() {
        JsonNode pre = scene(PRE_OFFSET);
        JsonNode post = scene(POST_OFFSET);
        assertThat(pre.path("processingBaseline").asText()).isEqualTo("02.12");
        assertThat(pre.path("name").asText()).contains("_20220120T025651_N0212_R032_T50RMN_");
        assertThat(post.path("processingBaseline").asText()).isEqualTo("04.00");
        assertThat(post.path("name").asText()).contains("_N0400_");
        assertThat(scene(BOR_WINTER).path("name").asText()).contains("_T34TEP_");
    }

    @Test
    void filesCarryTheUtmCrsOfTheirSite() throws Exception {
        for (JsonNode s : manifest.path("scenes")) {
            int expected = s.path("acquired").asText().equals(BOR_WINTER.toString()) ? 32634 : 32650;
            assertThat(s.path("crs").asText()).isEqualTo("EPSG:" + expected);
            for (String role : List.of("red", "nir", "mask")) {
                GridCoverage2D coverage = read(s, role);
                assertThat(CRS.lookupEpsgCode(coverage.getCoordinateReferenceSystem(), false)).isEqualTo(expected);
                coverage.dispose(true);
            }
        }
    }

    @Test
    void bandsAreTenMetresAndMaskTwentyMetresOverTheSameEnvelope() throws Exception {
        for (JsonNode s : manifest.path("scenes")) {
            GridCoverage2D red = read(s, "red");
            GridCoverage2D nir = read(s, "nir");
            GridCoverage2D mask = read(s, "mask");
            AffineTransform redTransform = (AffineTransform) red.getGridGeometry().getGridToCRS2D();
            AffineTransform maskTransform = (AffineTransform) mask.getGridGeometry().getGridToCRS2D();
            assertThat(redTransform.getScaleX()).isEqualTo(10.0);
            assertThat(redTransform.getScaleY()).isEqualTo(-10.0);
            assertThat(maskTransform.getScaleX()).isEqualTo(20.0);
            assertThat(maskTransform.getScaleY()).isEqualTo(-20.0);
            assertSameEnvelope(red.getEnvelope(), mask.getEnvelope());
            assertSameEnvelope(red.getEnvelope(), nir.getEnvelope());
            assertThat(red.getRenderedImage().getWidth()).isEqualTo(2 * mask.getRenderedImage().getWidth());
            assertThat(red.getRenderedImage().getHeight()).isEqualTo(2 * mask.getRenderedImage().getHeight());
            // edges on the 20 m grid
            assertThat(red.getEnvelope().getMinimum(0) % 20).isZero();
            assertThat(red.getEnvelope().getMaximum(1) % 20).isZero();
            red.dispose(true);
            nir.dispose(true);
            mask.dispose(true);
        }
    }

    /**
     * Ten days apart the land barely changes, so the mean red DN of clear cells must jump by the baseline-04.00
     * offset of 1000 (not 0, not 2000); after removing the offset the NDVI means agree, while NDVI from the raw
     * DNs of the later scene is clearly too low (DOMAIN.md §2.2).
     */
    @Test
    void scenesFromBaselineFourCarryTheThousandDnOffset() throws Exception {
        Pixels pre = pixels(scene(PRE_OFFSET));
        Pixels post = pixels(scene(POST_OFFSET));

        assertThat(post.meanClear(post.red) - pre.meanClear(pre.red)).isCloseTo(1000, within(30.0));
        assertThat(post.meanClear(post.nir) - pre.meanClear(pre.nir)).isCloseTo(1000, within(30.0));
        double ndviPre = pre.meanNdvi(0);
        double ndviPost = post.meanNdvi(1000);
        assertThat(ndviPost).isCloseTo(ndviPre, within(0.01));
        assertThat(post.meanNdvi(0)).isLessThan(ndviPost - 0.1);
    }

    /** The dump greens from bare (NDVI about 0.1) in 2016 to about 0.5 in January 2022 (winter, 93 % recovered). */
    @Test
    void dumpGreensBetween2016And2022() throws Exception {
        PreparedGeometry dump = utmPolygon("zijinshan-dump", 32650);
        double early = pixels(scene(EARLY)).meanNdviInside(dump, 0);
        double late = pixels(scene(POST_OFFSET)).meanNdviInside(dump, 1000);

        assertThat(early).isBetween(0.05, 0.2);
        assertThat(late).isBetween(0.4, 0.6);
    }

    /** The planned 30 % of RTH masked by cloud, cirrus or shadow is met on the 10 m cells (edges differ slightly). */
    @Test
    void plannedCloudShareIsMetOverTheTargetSite() throws Exception {
        Pixels bor = pixels(scene(BOR_WINTER));
        PreparedGeometry rth = utmPolygon("bor-rth-tailings", 32634);
        int inside = 0, cloudy = 0;
        for (int row = 0; row < bor.height; row++) {
            for (int col = 0; col < bor.width; col++) {
                if (!rth.contains(bor.centre(col, row))) continue;
                inside++;
                int scl = bor.scl10(col, row);
                if (scl == 3 || scl == 8 || scl == 9 || scl == 10) cloudy++;
            }
        }
        assertThat(inside).isGreaterThan(3000); // 0.35 km2 at 100 m2 per cell
        assertThat((double) cloudy / inside).isCloseTo(BOR_MASKED_SHARE, within(0.04));
    }

    @Test
    void snowIsBrightAndNoDataCornerIsZeroInBands() throws Exception {
        Pixels bor = pixels(scene(BOR_WINTER));
        int snow = 0, noData = 0;
        double snowRed = 0;
        for (int row = 0; row < bor.height; row++) {
            for (int col = 0; col < bor.width; col++) {
                int scl = bor.scl10(col, row);
                int red = bor.red[row * bor.width + col];
                int nir = bor.nir[row * bor.width + col];
                if (scl == 11) {
                    snow++;
                    snowRed += red;
                }
                if (scl == 0) {
                    noData++;
                    assertThat(red).isZero();
                    assertThat(nir).isZero();
                } else {
                    assertThat(red).isPositive();
                    assertThat(nir).isPositive();
                }
            }
        }
        assertThat(snow).isPositive();
        assertThat(snowRed / snow).isGreaterThan(5000); // reflectance above 0.5, no offset before 2022
        assertThat(noData).isPositive();
        // the north-east corner cell is outside the swath
        assertThat(bor.scl10(bor.width - 1, 0)).isZero();
    }

    @Test
    void sameSeedWritesIdenticalBytesAndAnotherSeedDiffers() throws IOException {
        Path again = dir.resolve("b");
        Path other = dir.resolve("c");
        SampleGenerator.generate(again, SEED, tiny(), line -> { });
        SampleGenerator.generate(other, SEED + 1, tiny(), line -> { });

        List<Path> files = relativeFiles(out);
        assertThat(files).hasSize(3 + 4 * 3);
        assertThat(relativeFiles(again)).isEqualTo(files);
        for (Path f : files) {
            assertThat(Files.mismatch(out.resolve(f), again.resolve(f))).as(f.toString()).isEqualTo(-1L);
        }
        String name = scene(POST_OFFSET).path("files").path("red").asText();
        Path otherRed = relativeFiles(other).stream().filter(p -> p.toString().contains("20220130") && p.endsWith("B04.tif"))
                .findFirst().orElseThrow();
        assertThat(Files.mismatch(out.resolve(name), other.resolve(otherRed))).isNotEqualTo(-1L);
    }

    /**
     * Regenerates the standard set: it stays under 20 MB, the dump's mean NDVI (offset removed per baseline) rises
     * from 2016 through 2020 to 2024, and the committed {@code sample-tiles/} (when present) is byte-identical.
     */
    @Test
    @Tag("slow")
    void standardSetIsSmallGreensAndMatchesTheCommittedSampleTiles() throws IOException {
        Path standard = dir.resolve("standard");
        SampleGenerator.generate(standard, SampleGenerator.DEFAULT_SEED, line -> { });

        long bytes = 0;
        for (Path f : relativeFiles(standard)) bytes += Files.size(standard.resolve(f));
        assertThat(bytes).isLessThan(20L * 1024 * 1024);

        Path savedOut = out;
        JsonNode savedManifest = manifest;
        try {
            out = standard;
            manifest = new ObjectMapper().readTree(standard.resolve("manifest.json").toFile());
            PreparedGeometry dump = utmPolygon("zijinshan-dump", 32650);
            double y2016 = pixels(scene(LocalDate.of(2016, 11, 3))).meanNdviInside(dump, 0);
            double y2020 = pixels(scene(LocalDate.of(2020, 11, 8))).meanNdviInside(dump, 0);
            double y2024 = pixels(scene(LocalDate.of(2024, 8, 15))).meanNdviInside(dump, 1000);
            assertThat(y2016).isLessThan(0.2);
            assertThat(y2020).isGreaterThan(y2016 + 0.2);
            assertThat(y2024).isGreaterThan(y2020 + 0.1);
        } finally {
            out = savedOut;
            manifest = savedManifest;
        }

        Path committed = Path.of("sample-tiles");
        Assumptions.assumeTrue(Files.isDirectory(committed), "no committed sample-tiles/ in " + Path.of("").toAbsolutePath());
        List<Path> files = relativeFiles(standard);
        assertThat(relativeFiles(committed)).isEqualTo(files);
        for (Path f : files) {
            assertThat(Files.mismatch(standard.resolve(f), committed.resolve(f))).as(f.toString()).isEqualTo(-1L);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static JsonNode scene(LocalDate date) {
        for (JsonNode s : manifest.path("scenes")) {
            if (s.path("acquired").asText().equals(date.toString())) return s;
        }
        throw new AssertionError("no scene on " + date);
    }

    private static GridCoverage2D read(JsonNode scene, String role) throws IOException {
        GeoTiffReader reader = new GeoTiffReader(out.resolve(scene.path("files").path(role).asText()).toFile());
        try {
            return reader.read(null);
        } finally {
            reader.dispose();
        }
    }

    private static void assertSameEnvelope(Bounds a, Bounds b) {
        for (int d = 0; d < 2; d++) {
            assertThat(a.getMinimum(d)).isEqualTo(b.getMinimum(d));
            assertThat(a.getMaximum(d)).isEqualTo(b.getMaximum(d));
        }
    }

    private static List<Path> relativeFiles(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }

    /** The site polygon projected to UTM with GeoTools, as a JTS geometry (an independent inside test). */
    private static PreparedGeometry utmPolygon(String id, int epsg) {
        SiteOutline outline = SiteCatalog.bundled().outline(id, new LonLatProjector(epsg));
        GeometryFactory factory = new GeometryFactory();
        List<LinearRing> rings = new ArrayList<>();
        for (double[] ring : outline.rings()) {
            Coordinate[] coords = new Coordinate[ring.length / 2];
            for (int i = 0; i < coords.length; i++) coords[i] = new Coordinate(ring[2 * i], ring[2 * i + 1]);
            rings.add(factory.createLinearRing(coords));
        }
        Polygon polygon = factory.createPolygon(rings.get(0), rings.subList(1, rings.size()).toArray(new LinearRing[0]));
        return PreparedGeometryFactory.prepare(polygon);
    }

    private static Pixels pixels(JsonNode scene) throws IOException {
        GridCoverage2D red = read(scene, "red");
        GridCoverage2D nir = read(scene, "nir");
        GridCoverage2D mask = read(scene, "mask");
        Pixels p = new Pixels(samples(red), samples(nir), samples(mask), red.getRenderedImage().getWidth(),
                red.getRenderedImage().getHeight(), mask.getRenderedImage().getWidth(), red.getEnvelope().getMinimum(0),
                red.getEnvelope().getMaximum(1));
        red.dispose(true);
        nir.dispose(true);
        mask.dispose(true);
        return p;
    }

    private static int[] samples(GridCoverage2D coverage) {
        Raster raster = coverage.getRenderedImage().getData();
        return raster.getSamples(raster.getMinX(), raster.getMinY(), raster.getWidth(), raster.getHeight(), 0,
                (int[]) null);
    }

    /** Decoded pixels of one scene: 10 m red and NIR DNs, the 20 m SCL looked up for 10 m cells. */
    private record Pixels(int[] red, int[] nir, int[] scl, int width, int height, int sclWidth, double minX, double maxY) {

        int scl10(int col, int row) {
            return scl[(row / 2) * sclWidth + col / 2];
        }

        boolean clear(int col, int row) {
            int c = scl10(col, row);
            return c == 4 || c == 5;
        }

        org.locationtech.jts.geom.Point centre(int col, int row) {
            return new GeometryFactory().createPoint(new Coordinate(minX + 10 * col + 5, maxY - 10 * row - 5));
        }

        double meanClear(int[] band) {
            double sum = 0;
            int n = 0;
            for (int row = 0; row < height; row++) {
                for (int col = 0; col < width; col++) {
                    if (clear(col, row)) {
                        sum += band[row * width + col];
                        n++;
                    }
                }
            }
            return sum / n;
        }

        double meanNdvi(int offset) {
            return meanNdviInside(null, offset);
        }

        double meanNdviInside(PreparedGeometry area, int offset) {
            double sum = 0;
            int n = 0;
            for (int row = 0; row < height; row++) {
                for (int col = 0; col < width; col++) {
                    if (!clear(col, row) || (area != null && !area.contains(centre(col, row)))) continue;
                    double r = red[row * width + col] - offset;
                    double v = nir[row * width + col] - offset;
                    sum += (v - r) / (v + r);
                    n++;
                }
            }
            return sum / n;
        }
    }
}
