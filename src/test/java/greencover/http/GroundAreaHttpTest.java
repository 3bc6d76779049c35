package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.testing.TestServer;
import greencover.testing.TestTiffs;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Locale;
import org.geotools.api.referencing.operation.MathTransform;
import org.geotools.referencing.CRS;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ground areas, end to end: one site seen by scenes in Web Mercator (EPSG:3857), two UTM zones (EPSG:32650, whose
 * east edge the site touches, and EPSG:32651) and an equal-area CRS (EPSG:8857, Equal Earth on WGS84) has the same
 * {@code siteAreaM2}, {@code validAreaM2}, {@code greenAreaM2} and class area in every scene: its ellipsoidal area.
 *
 * <p>The site is the graticule quadrangle lon 119.97°–119.99° E, lat 25.18°–25.20° N, drawn with 40 vertices per
 * edge so its edges follow the parallels. Its reference area comes from the closed formula for a quadrangle on the
 * WGS84 ellipsoid (semi-axes a, b, eccentricity e): A = (b²/2) Δλ [q(φ2) − q(φ1)] with q(φ) = sin φ / (1 − e² sin²
 * φ) + ln((1 + e sin φ) / (1 − e sin φ)) / (2e), which shares nothing with the server's geodesic code. Each scene
 * covers the site with valid pixels of NDVI 0.5 (red 0.1, NIR 0.3), so every area equals the site's. Web Mercator
 * alone would report 1/cos²(25.19°) = +22 % and the UTM zones differ by 0.3 % from each other.
 */
class GroundAreaHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double A = 6378137.0, F = 1 / 298.257223563, E2 = F * (2 - F), B = A * (1 - F);
    private static final double LON1 = 119.97, LON2 = 119.99, LAT1 = 25.18, LAT2 = 25.20;

    @TempDir Path dir;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(dir.resolve("data"));
        HttpResponse<String> site = server.postJson("/api/v1/sites", siteJson());
        assertThat(site.statusCode()).as(site.body()).isEqualTo(201);
    }

    @AfterEach
    void stop() { server.close(); }

    /** Area in m² of the quadrangle [lon1, lon2] x [lat1, lat2] (degrees) on the WGS84 ellipsoid. */
    static double quadrangleM2(double lon1, double lon2, double lat1, double lat2) {
        return B * B / 2 * Math.toRadians(lon2 - lon1) * (q(Math.toRadians(lat2)) - q(Math.toRadians(lat1)));
    }

    private static double q(double phi) {
        double e = Math.sqrt(E2), s = Math.sin(phi);
        return s / (1 - E2 * s * s) + Math.log((1 + e * s) / (1 - e * s)) / (2 * e);
    }

    @Test
    void theSiteHasItsEllipsoidalAreaInWebMercatorTwoUtmZonesAndAnEqualAreaCrs() throws Exception {
        double want = quadrangleM2(LON1, LON2, LAT1, LAT2);
        assertThat(want).isBetween(4.4e6, 4.5e6); // about 2.01 km x 2.21 km
        int[] crss = {3857, 32650, 32651, 8857};
        String[] dates = {"2020-06-01", "2020-06-02", "2020-06-03", "2020-06-04"};
        for (int k = 0; k < crss.length; k++) {
            JsonNode st = ingestCovering(crss[k], dates[k], 0);
            String label = "EPSG:" + crss[k];
            assertThat(st.get("validFraction").asDouble()).as(label).isCloseTo(1, within(1e-9));
            for (String key : new String[] {"siteAreaM2", "validAreaM2", "greenAreaM2"}) {
                assertThat(st.get(key).asDouble()).as(label + " " + key).isCloseTo(want, within(2e-4 * want));
            }
            assertThat(st.at("/classAreasM2/moderate").asDouble()).as(label).isCloseTo(want, within(2e-4 * want));
        }
        JsonNode listed = JSON.readTree(server.get("/api/v1/sites").body());
        assertThat(listed.at("/features/0/properties/areaM2").asDouble()).isCloseTo(want, within(2e-4 * want));
        JsonNode series = JSON.readTree(server.get("/api/v1/sites/quad/timeseries").body());
        assertThat(series.get("points")).hasSize(4);
        for (JsonNode p : series.get("points")) assertThat(p.get("siteAreaM2").asDouble()).isCloseTo(want, within(2e-4 * want));
    }

    /**
     * A Web Mercator scene whose northern rows are cloud: Mercator rows are parallels, so the clear ground is the
     * quadrangle from 25.18° N up to the latitude of the first clear row's top edge, φ = 2 atan(exp(y / a)) − π/2
     * (spherical Mercator on a = 6378137 m). The fraction is computed in the Mercator grid, whose scale changes by
     * 0.03 % across the site, so the clear area agrees with that quadrangle to 0.2 %.
     */
    @Test
    void aPartlyCloudyMercatorSceneCountsItsClearGroundWithinTwoPerMille() throws Exception {
        JsonNode st = ingestCovering(3857, "2021-06-01", 12);
        double splitY = mercatorGrid()[1] - 12 * 50.0;
        double splitLat = Math.toDegrees(2 * Math.atan(Math.exp(splitY / A)) - Math.PI / 2);
        assertThat(splitLat).isBetween(LAT1, LAT2);
        double want = quadrangleM2(LON1, LON2, LAT1, splitLat);
        double site = quadrangleM2(LON1, LON2, LAT1, LAT2);
        assertThat(st.get("siteAreaM2").asDouble()).isCloseTo(site, within(2e-4 * site));
        assertThat(st.get("validAreaM2").asDouble()).isCloseTo(want, within(2e-3 * want));
        assertThat(st.get("cloudFraction").asDouble() + st.get("validFraction").asDouble()).isCloseTo(1, within(1e-9));
    }

    /** {minX, maxY} of the 50 m Mercator grid the tests draw: the site's bounds rounded outwards to 50 m, plus 100 m. */
    private static double[] mercatorGrid() throws Exception {
        return gridOrigin(3857, 50);
    }

    private static double[] gridOrigin(int epsg, double pixel) throws Exception {
        double[] b = bounds(epsg);
        return new double[] {Math.floor(b[0] / pixel) * pixel - 100, Math.ceil(b[3] / pixel) * pixel + 100,
                Math.ceil(b[2] / pixel) * pixel + 100, Math.floor(b[1] / pixel) * pixel - 100};
    }

    /** {minX, minY, maxX, maxY} of the site's corners and edge midpoints in EPSG:{@code epsg}. */
    private static double[] bounds(int epsg) throws Exception {
        MathTransform mt = CRS.findMathTransform(CRS.decode("EPSG:4326", true), CRS.decode("EPSG:" + epsg, true), true);
        double[] b = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        double[] lons = {LON1, (LON1 + LON2) / 2, LON2}, lats = {LAT1, (LAT1 + LAT2) / 2, LAT2};
        for (double lon : lons) for (double lat : lats) {
            double[] xy = new double[2];
            mt.transform(new double[] {lon, lat}, 0, xy, 0, 1);
            b[0] = Math.min(b[0], xy[0]);
            b[1] = Math.min(b[1], xy[1]);
            b[2] = Math.max(b[2], xy[0]);
            b[3] = Math.max(b[3], xy[1]);
        }
        return b;
    }

    /** Ingests a scene of 50 m pixels in EPSG:{@code epsg} covering the site; its first {@code cloudRows} rows are cloud. */
    private JsonNode ingestCovering(int epsg, String date, int cloudRows) throws Exception {
        double pixel = 50;
        double[] g = gridOrigin(epsg, pixel);
        int w = (int) Math.round((g[2] - g[0]) / pixel), h = (int) Math.round((g[1] - g[3]) / pixel);
        int[][] red = new int[h][w], nir = new int[h][w], scl = new int[h][w];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                red[r][c] = 1000;
                nir[r][c] = 3000;
                scl[r][c] = r < cloudRows ? 9 : 4;
            }
        }
        Path file = TestTiffs.write(dir.resolve(epsg + "-" + date + ".tif"), epsg, g[0], g[1], pixel, new int[][][] {red, nir, scl});
        HttpResponse<String> r = server.postMultipart("/api/v1/scenes",
                new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", date}, {"bands", "red,nir,mask"}},
                new Object[][] {{"file", file}}, TestServer.TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode stats = JSON.readTree(r.body()).get("statistics");
        assertThat(stats).as(r.body()).hasSize(1);
        return stats.get(0);
    }

    private static String siteJson() {
        StringBuilder ring = new StringBuilder();
        int n = 40;
        double[][] corners = {{LON1, LAT1}, {LON2, LAT1}, {LON2, LAT2}, {LON1, LAT2}};
        for (int side = 0; side < 4; side++) {
            double[] p = corners[side], q = corners[(side + 1) % 4];
            for (int i = 0; i < n; i++) {
                double t = i / (double) n;
                ring.append(String.format(Locale.ROOT, "[%.9f,%.9f],", p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])));
            }
        }
        ring.append(String.format(Locale.ROOT, "[%.9f,%.9f]", LON1, LAT1));
        return "{\"type\":\"Feature\",\"id\":\"quad\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[" + ring + "]]},\"properties\":{}}";
    }
}
