package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.app.AppConfig;
import greencover.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A catalog that cannot be read (its in-memory database shut down under the server) is an outage that may pass,
 * not a defect: WMS, WMTS and XYZ answer 503 with {@code Retry-After: 5}, as REST does, WMS and WMTS with their
 * exception reports (also for a GetMap asking EXCEPTIONS=INIMAGE) and XYZ with the JSON error.
 */
class OgcUnavailableHttpTest {
    @TempDir Path dir;

    @Test
    void aLostCatalogIs503WithRetryAfterOnEveryOgcSurface() throws Exception {
        String url = "jdbc:h2:mem:gc-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (TestServer server = new TestServer(AppConfig.forTests(dir.resolve("data"), TestServer.TOKEN).toBuilder()
                .jdbc(url, "sa", "").build())) {
            assertThat(server.get("/wms?SERVICE=WMS&REQUEST=GetCapabilities").statusCode()).isEqualTo(200);
            try (Connection c = DriverManager.getConnection(url, "sa", "")) {
                c.createStatement().execute("SHUTDOWN");
            }
            // the catalog version is read at most every 100 ms; wait (bounded) until a request reads it again
            HttpResponse<String> wms = null;
            for (long end = System.nanoTime() + 10_000_000_000L; System.nanoTime() < end; Thread.sleep(50)) {
                wms = server.get("/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetCapabilities");
                if (wms.statusCode() != 200) break;
            }
            assertThat(wms.statusCode()).isEqualTo(503);
            assertThat(wms.headers().firstValue("Retry-After")).contains("5");
            assertThat(wms.body()).contains("<ServiceExceptionReport").contains("code=\"NoApplicableCode\"");

            HttpResponse<String> getMap = server.get("/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=ndvi&STYLES=&CRS=EPSG:4326"
                    + "&BBOX=-2,116,-1,117&WIDTH=64&HEIGHT=64&FORMAT=image/png&EXCEPTIONS=INIMAGE");
            assertThat(getMap.statusCode()).isEqualTo(503);
            assertThat(getMap.headers().firstValue("Retry-After")).contains("5");
            assertThat(getMap.body()).contains("<ServiceExceptionReport");

            HttpResponse<String> wmts = server.get("/wmts/1.0.0/ndvi/ndvi/WebMercatorQuad/3/4/6.png");
            assertThat(wmts.statusCode()).isEqualTo(503);
            assertThat(wmts.headers().firstValue("Retry-After")).contains("5");
            assertThat(wmts.body()).contains("<ows:ExceptionReport").contains("exceptionCode=\"NoApplicableCode\"");

            HttpResponse<String> xyz = server.get("/tiles/ndvi/3/6/4.png");
            assertThat(xyz.statusCode()).isEqualTo(503);
            assertThat(xyz.headers().firstValue("Retry-After")).contains("5");
            assertThat(new ObjectMapper().readTree(xyz.body()).path("error").asText()).isEqualTo("unavailable");
        }
    }
}
