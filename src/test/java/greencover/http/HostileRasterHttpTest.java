package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.app.AppConfig;
import greencover.testing.TestServer;
import greencover.testing.TestTiffs;
import greencover.testing.TiffEdits;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Small hostile or degenerate TIFFs (each built from a valid 4 x 4 GeoTIFF by editing its directory) get a quick,
 * specific 4xx naming the band, and leave the catalog, {@code scenes/} and {@code /health} as they were. "Quick"
 * means the answer comes from the header: well under the seconds a decode of the declared size would take.
 */
class HostileRasterHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long QUICK_MS = 5_000;
    private static final int WIDTH = 256, LENGTH = 257, BITS = 258, STRIP_OFFSETS = 273, STRIP_COUNTS = 279,
            SAMPLE_FORMAT = 339, GDAL_NODATA = 42113;
    @TempDir Path dir;
    TestServer server;

    @BeforeEach
    void start() {
        server = new TestServer(AppConfig.forTests(dir.resolve("data"), TestServer.TOKEN).toBuilder().maxUploadBytes(4L << 20).build());
    }

    @AfterEach
    void stop() { server.close(); }

    private byte[] red(double pixel, double minX, double maxY) throws Exception {
        return Files.readAllBytes(TestTiffs.write(dir.resolve("r.tif"), 32650, minX, maxY, pixel,
                new int[][][] {TestTiffs.columns(4, 500, 500, 1800, 1800)}));
    }

    private byte[] red() throws Exception { return red(10, 500000, 2800000); }

    /** Uploads {@code red} with a valid NIR band; asserts the status, the code, field red, speed and that nothing was stored. */
    private JsonNode rejected(byte[] red, int status, String code) throws Exception {
        Path nir = TestTiffs.grid4x4(dir.resolve("n.tif"), 4500, 4500, 2200, 2200);
        long t0 = System.nanoTime();
        HttpResponse<String> r = server.postMultipart("/api/v1/scenes", new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", "2020-01-01"}},
                new Object[][] {{"red", red}, {"nir", nir}}, TestServer.TOKEN);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode e = JSON.readTree(r.body());
        assertThat(e.get("error").asText()).as(r.body()).isEqualTo(code);
        assertThat(e.get("field").asText()).isEqualTo("red");
        assertThat(ms).as("answered from the header").isLessThan(QUICK_MS);
        assertNothingStored();
        return e;
    }

    private void assertNothingStored() throws Exception {
        assertThat(JSON.readTree(server.get("/api/v1/scenes").body()).get("scenes")).isEmpty();
        try (var s = Files.list(server.dataDir.resolve("scenes"))) {
            assertThat(s.count()).isZero();
        }
        assertThat(server.get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void theUneditedFileIsAccepted() throws Exception {
        // the control: every rejection below comes from its edit, not from the base file
        Path nir = TestTiffs.grid4x4(dir.resolve("n.tif"), 4500, 4500, 2200, 2200);
        HttpResponse<String> r = server.postMultipart("/api/v1/scenes", new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", "2020-01-01"}},
                new Object[][] {{"red", TiffEdits.setAscii(red(), GDAL_NODATA, "0")}, {"nir", nir}}, TestServer.TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    @Test
    void aDirectoryPointingAtItselfIs400() throws Exception {
        JsonNode e = rejected(TiffEdits.loopToItself(red()), 400, "invalid_raster");
        assertThat(e.get("detail").asText()).contains("loop");
    }

    @Test
    void aDirectoryPointingBackAtAnEarlierOneIs400() throws Exception {
        JsonNode e = rejected(TiffEdits.loopToEarlier(red()), 400, "invalid_raster");
        assertThat(e.get("detail").asText()).contains("loop");
    }

    @Test
    void aMillionByOneRasterIs413() throws Exception {
        byte[] t = TiffEdits.setLongs(TiffEdits.setLongs(red(), WIDTH, 1_000_000), LENGTH, 1);
        rejected(t, 413, "raster_too_large");
    }

    @Test
    void aFiveMillionByOneRasterIs413WithoutOverflow() throws Exception {
        byte[] t = TiffEdits.setLongs(TiffEdits.setLongs(red(), WIDTH, 5_000_000), LENGTH, 1);
        JsonNode e = rejected(t, 413, "raster_too_large");
        assertThat(e.get("detail").asText()).contains("5000000");
    }

    @Test
    void anExtremeAspectRatioIs400() throws Exception {
        byte[] t = TiffEdits.setLongs(TiffEdits.setLongs(red(), WIDTH, 50_000), LENGTH, 2);
        JsonNode e = rejected(t, 400, "invalid_raster");
        assertThat(e.get("detail").asText()).contains("aspect ratio");
    }

    @Test
    void aZeroWidthRasterIs400() throws Exception {
        JsonNode e = rejected(TiffEdits.setLongs(red(), WIDTH, 0), 400, "invalid_raster");
        assertThat(e.get("detail").asText()).contains("empty image");
    }

    @Test
    void aSmallFileDeclaringAHugeDecodedSizeIs413() throws Exception {
        // 15000 x 15000 uint16 is under the pixel limit, but 450 MB from a file of about 1 kB is a decompression bomb
        byte[] t = TiffEdits.setLongs(TiffEdits.setLongs(red(), WIDTH, 15_000), LENGTH, 15_000);
        JsonNode e = rejected(t, 413, "raster_too_large");
        assertThat(e.get("detail").asText()).contains("450000000 bytes");
    }

    @Test
    void pixelsSmallerThanTenCentimetresAre400NamingTheGeotransform() throws Exception {
        JsonNode e = rejected(red(0.01, 500000, 2800000), 400, "invalid_geotransform");
        assertThat(e.get("detail").asText()).contains("geotransform");
    }

    @Test
    void pixelsLargerThanTenKilometresAre400NamingTheGeotransform() throws Exception {
        JsonNode e = rejected(red(1_000_000, 500000, 2800000), 400, "invalid_geotransform");
        assertThat(e.get("detail").asText()).contains("geotransform");
    }

    @Test
    void boundsThatAreNoPlaceOnEarthAre400NamingTheGeotransform() throws Exception {
        // 10 m pixels, but a northing of 10^11 m: the latitude would be far beyond 90 degrees
        JsonNode e = rejected(red(10, 500000, 1e11), 400, "invalid_geotransform");
        assertThat(e.get("detail").asText()).contains("geotransform");
    }

    @Test
    void complexIntegerSamplesAre400NamingTheBand() throws Exception {
        byte[] t = TiffEdits.setShorts(TiffEdits.setShorts(red(), BITS, 32), SAMPLE_FORMAT, 5);
        JsonNode e = rejected(t, 400, "unsupported_sample_type");
        assertThat(e.get("detail").asText()).contains("band red").contains("CInt16");
    }

    @Test
    void complexFloatSamplesAre400NamingTheBand() throws Exception {
        byte[] t = TiffEdits.setShorts(TiffEdits.setShorts(red(), BITS, 64), SAMPLE_FORMAT, 6);
        JsonNode e = rejected(t, 400, "unsupported_sample_type");
        assertThat(e.get("detail").asText()).contains("band red").contains("CFloat32");
    }

    @Test
    void allZeroStripByteCountsAre400NoImageData() throws Exception {
        JsonNode e = rejected(TiffEdits.setLongs(red(), STRIP_COUNTS, 0), 400, "invalid_raster");
        assertThat(e.get("detail").asText()).contains("no image data");
    }

    @Test
    void allZeroStripOffsetsAre400NoImageData() throws Exception {
        JsonNode e = rejected(TiffEdits.setLongs(red(), STRIP_OFFSETS, 0), 400, "invalid_raster");
        assertThat(e.get("detail").asText()).contains("no image data");
    }

    @Test
    void aGdalNodataOutsideTheSampleRangeIs400NamingNodata() throws Exception {
        JsonNode e = rejected(TiffEdits.setAscii(red(), GDAL_NODATA, "1e11"), 400, "invalid_nodata");
        assertThat(e.get("detail").asText()).contains("GDAL_NODATA").contains("0..65535");
    }

    @Test
    void aNodataFieldBeyondTheIntegerRangeIs400NamingNodataNotClamped() throws Exception {
        Path nir = TestTiffs.grid4x4(dir.resolve("n.tif"), 4500, 4500, 2200, 2200);
        HttpResponse<String> r = server.postMultipart("/api/v1/scenes",
                new String[][] {{"sensor", "generic"}, {"acquired", "2020-01-01"}, {"nodata", "1e11"}},
                new Object[][] {{"red", red()}, {"nir", nir}}, TestServer.TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("field").asText()).isEqualTo("nodata");
        assertThat(JSON.readTree(r.body()).get("detail").asText()).contains("1e11");
        assertNothingStored();
    }

    @Test
    void tilesFarLargerThanTheImageAre400BeforeATileBufferIsAllocated() throws Exception {
        byte[] tiled = Files.readAllBytes(TestTiffs.writeTiled(dir.resolve("t.tif"), 32650, 500000, 2800000, 10,
                TestTiffs.columns(32, new int[32]), 16));
        JsonNode e = rejected(TiffEdits.setLongs(TiffEdits.setLongs(tiled, 322, 65_536), 323, 65_536), 400, "invalid_raster");
        assertThat(e.get("detail").asText()).contains("tiles of 65536 x 65536");
    }

    @Test
    void aValidTiledFileIsAccepted() throws Exception {
        // the control for the tile check: the same file, unedited, is ingested
        byte[] tiled = Files.readAllBytes(TestTiffs.writeTiled(dir.resolve("t.tif"), 32650, 500000, 2800000, 10,
                TestTiffs.columns(32, new int[32]), 16));
        Path nir = TestTiffs.writeTiled(dir.resolve("n.tif"), 32650, 500000, 2800000, 10, TestTiffs.columns(32, new int[32]), 16);
        HttpResponse<String> r = server.postMultipart("/api/v1/scenes", new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", "2020-01-01"}},
                new Object[][] {{"red", tiled}, {"nir", nir}}, TestServer.TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }
}
