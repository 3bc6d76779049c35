package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.testing.TestServer;
import greencover.testing.TestTiffs;
import java.awt.image.Raster;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.geotools.coverage.grid.GridCoverage2D;
import org.geotools.coverage.util.CoverageUtilities;
import org.geotools.gce.geotiff.GeoTiffReader;
import org.geotools.referencing.CRS;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/scenes/{id}/index.tif} read back by GeoTools and by GDAL ({@code gdalinfo -stats}, skipped
 * when GDAL is not installed).
 *
 * <p>The scene is the 4 x 4 EPSG:32650 grid of {@link RestApiHttpTest} (columns 0-1 NDVI 0.8, columns 2-3 NDVI
 * 0.1) with a 10 m SCL band whose first row is cloud (9), snow (11), water (6) and no data (0) from west to east,
 * the other rows vegetation (4). So the export's band 1 holds 8000, 8000, 1000, 1000 in rows 1-3 and no data
 * (−32768) in all of row 0; band 2 holds the classes 2, 3, 4, 1 in row 0 and 0 elsewhere. GDAL's statistics of
 * band 1 skip the no data: 12 pixels, mean (6 × 8000 + 6 × 1000) / 12 = 4500 raw, 0.45 scaled.
 */
class IndexExportHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;
    private TestServer server;

    @BeforeEach
    void start() { server = new TestServer(dir.resolve("data")); }

    @AfterEach
    void stop() { server.close(); }

    private Path export(String sceneId) throws Exception {
        HttpResponse<byte[]> tif = server.getBytes("/api/v1/scenes/" + sceneId + "/index.tif?index=ndvi");
        assertThat(tif.statusCode()).as(new String(tif.body())).isEqualTo(200);
        assertThat(tif.headers().firstValue("Content-Type").orElse("")).startsWith("image/tiff");
        return Files.write(dir.resolve(sceneId + ".tif"), tif.body());
    }

    private String ingestMasked() throws Exception {
        Path red = TestTiffs.grid4x4(dir.resolve("red.tif"), 500, 500, 1800, 1800);
        Path nir = TestTiffs.grid4x4(dir.resolve("nir.tif"), 4500, 4500, 2200, 2200);
        Path scl = TestTiffs.write(dir.resolve("scl.tif"), 32650, 500000, 2800000, 10,
                new int[][][] {{{9, 11, 6, 0}, {4, 4, 4, 4}, {4, 4, 4, 4}, {4, 4, 4, 4}}});
        HttpResponse<String> r = server.postMultipart("/api/v1/scenes", new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", "2020-06-01"}},
                new Object[][] {{"red", red}, {"nir", nir}, {"mask", scl}}, TestServer.TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).at("/scene/id").asText();
    }

    @Test
    void everyNonValidPixelIsNoDataAndTheClassesAreTheSecondBand() throws Exception {
        Path file = export(ingestMasked());
        GeoTiffReader reader = new GeoTiffReader(file.toFile());
        try {
            GridCoverage2D cov = reader.read(null);
            assertThat(cov.getNumSampleDimensions()).isEqualTo(2);
            assertThat(CoverageUtilities.getNoDataProperty(cov).getAsSingleValue()).isEqualTo(-32768.0);
            assertThat(CRS.lookupEpsgCode(cov.getCoordinateReferenceSystem(), false)).isEqualTo(32650);
            assertThat(cov.getEnvelope2D().getMinX()).isEqualTo(500000.0);
            assertThat(cov.getEnvelope2D().getMaxY()).isEqualTo(2800000.0);
            Raster px = cov.getRenderedImage().getData();
            double[] index = new double[16], classes = new double[16];
            px.getSamples(0, 0, 4, 4, 0, index);
            px.getSamples(0, 0, 4, 4, 1, classes);
            // GeoTools applies the declared scale 0.0001 to band 1 (and keeps the no-data value as it is)
            assertThat(index).containsExactly(new double[] {-32768, -32768, -32768, -32768, 0.8, 0.8, 0.1, 0.1,
                    0.8, 0.8, 0.1, 0.1, 0.8, 0.8, 0.1, 0.1}, within(1e-6));
            assertThat(classes).containsExactly(2, 3, 4, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        } finally {
            reader.dispose();
        }
        try (Stream<Path> left = Files.list(server.dataDir.resolve("tmp"))) {
            assertThat(left.filter(p -> p.getFileName().toString().startsWith("export-"))).as("export files removed after sending").isEmpty();
        }
    }

    @Test
    void gdalReadsTheScaleTheNoDataAndTheStatisticsOverValidPixelsOnly() throws Exception {
        Assumptions.assumeTrue(gdalInstalled(), "gdalinfo is not installed (apt-get install gdal-bin)");
        Path file = export(ingestMasked());
        JsonNode info = gdalinfo(file);
        JsonNode b1 = info.at("/bands/0"), b2 = info.at("/bands/1");
        assertThat(b1.get("type").asText()).isEqualTo("Int16");
        assertThat(b1.get("noDataValue").asDouble()).isEqualTo(-32768);
        assertThat(b1.get("scale").asDouble()).isEqualTo(0.0001);
        assertThat(b1.get("offset").asDouble()).isEqualTo(0);
        assertThat(b1.get("description").asText()).containsIgnoringCase("vegetation");
        assertThat(b1.at("/metadata//STATISTICS_VALID_PERCENT").asDouble()).isCloseTo(75, within(1e-9));
        assertThat(b1.get("mean").asDouble() * b1.get("scale").asDouble()).isCloseTo(0.45, within(1e-9));
        assertThat(b1.get("minimum").asDouble()).isEqualTo(1000);
        assertThat(b1.get("maximum").asDouble()).isEqualTo(8000);
        assertThat(b2.get("minimum").asDouble()).isEqualTo(0);
        assertThat(b2.get("maximum").asDouble()).isEqualTo(4);
        assertThat(b2.get("description").asText()).contains("0 valid, 1 no data, 2 cloud, 3 snow, 4 water, 5 shadow");
        assertThat(info.at("/stac/proj:epsg").asInt()).isEqualTo(32650);
    }

    @Test
    void anExportOfAUserDefinedCrsSceneCarriesItsProjection() throws Exception {
        Assumptions.assumeTrue(gdalInstalled(), "gdalinfo is not installed (apt-get install gdal-bin)");
        var albers = CRS.parseWKT(UserDefinedCrsHttpTest.CUSTOM_ALBERS);
        Path red = TestTiffs.write(dir.resolve("ar.tif"), albers, 10000, 600000, 100, new int[][][] {TestTiffs.columns(3, 1000, 1000, 1000)});
        Path nir = TestTiffs.write(dir.resolve("an.tif"), albers, 10000, 600000, 100, new int[][][] {TestTiffs.columns(3, 3000, 3000, 3000)});
        HttpResponse<String> r = server.postMultipart("/api/v1/scenes", new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", "2020-06-01"}},
                new Object[][] {{"red", red}, {"nir", nir}}, TestServer.TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode info = gdalinfo(export(JSON.readTree(r.body()).at("/scene/id").asText()));
        String wkt = info.at("/coordinateSystem/wkt").asText();
        assertThat(wkt).contains("Albers").contains("117").contains("100000").contains("50000");
        assertThat(info.at("/geoTransform/0").asDouble()).isEqualTo(10000);
        assertThat(info.at("/geoTransform/3").asDouble()).isEqualTo(600000);
        assertThat(info.at("/bands/0/mean").asDouble()).isEqualTo(5000); // NDVI 0.5 everywhere
    }

    private static boolean gdalInstalled() {
        try {
            Process p = new ProcessBuilder("gdalinfo", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static JsonNode gdalinfo(Path file) throws Exception {
        Process p = new ProcessBuilder("gdalinfo", "-stats", "-json", file.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(out)).isZero();
        return JSON.readTree(out);
    }
}
