package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.testing.TestServer;
import greencover.testing.TestTiffs;
import greencover.testing.TiffEdits;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.geotools.api.referencing.crs.CoordinateReferenceSystem;
import org.geotools.api.referencing.operation.MathTransform;
import org.geotools.referencing.CRS;
import org.geotools.referencing.crs.DefaultGeographicCRS;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GeoTIFFs whose CRS has no EPSG code, through a real server: a custom Albers equal-area conic parsed from WKT,
 * ESRI:102025 (Asia North Albers, which GeoTIFF can only carry as user-defined keys) and UTM zone 50N on a
 * user-defined datum (International 1924 with a datum shift), each written by GeoTools as user-defined GeoKeys.
 *
 * <p>Every scene covers the site lon 116.40°–116.42° E, lat 25.18°–25.20° N with pixels of NDVI 0.5 (red DN 1000,
 * NIR DN 3000 before the offset baseline), so each is accepted (201), its mean is 0.5, its site area is the
 * site's ellipsoidal area (the closed-form quadrangle of {@link GroundAreaHttpTest}), and its maps in EPSG:3857
 * and EPSG:4326 are drawn over the site and transparent far from it. A CRS GeoTools cannot build, a south-up grid
 * and a rotated grid are each a 400 naming the problem.
 */
class UserDefinedCrsHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double LON1 = 116.40, LON2 = 116.42, LAT1 = 25.18, LAT2 = 25.20;
    static final String CUSTOM_ALBERS = "PROJCS[\"Fujian Albers (custom)\",GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\","
            + "SPHEROID[\"WGS 84\",6378137,298.257223563]],PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433]],"
            + "PROJECTION[\"Albers_Conic_Equal_Area\"],PARAMETER[\"standard_parallel_1\",23],PARAMETER[\"standard_parallel_2\",28],"
            + "PARAMETER[\"latitude_of_center\",20],PARAMETER[\"longitude_of_center\",117],PARAMETER[\"false_easting\",100000],"
            + "PARAMETER[\"false_northing\",50000],UNIT[\"metre\",1]]";
    static final String UTM_CUSTOM_DATUM = "PROJCS[\"UTM 50N on a local datum\",GEOGCS[\"Local 1924\",DATUM[\"Local_Datum_1924\","
            + "SPHEROID[\"International 1924\",6378388,297],TOWGS84[-146.4,-507.3,-232.3,0,0,0,0]],PRIMEM[\"Greenwich\",0],"
            + "UNIT[\"degree\",0.0174532925199433]],PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"latitude_of_origin\",0],"
            + "PARAMETER[\"central_meridian\",117],PARAMETER[\"scale_factor\",0.9996],PARAMETER[\"false_easting\",500000],"
            + "PARAMETER[\"false_northing\",0],UNIT[\"metre\",1]]";

    @TempDir Path dir;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(dir.resolve("data"));
        String ring = String.format(Locale.ROOT, "[[%f,%f],[%f,%f],[%f,%f],[%f,%f],[%f,%f]]", LON1, LAT1, LON2, LAT1, LON2, LAT2, LON1, LAT2, LON1, LAT1);
        HttpResponse<String> site = server.postJson("/api/v1/sites",
                "{\"type\":\"Feature\",\"id\":\"dump\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[" + ring + "]},\"properties\":{}}");
        assertThat(site.statusCode()).as(site.body()).isEqualTo(201);
    }

    @AfterEach
    void stop() { server.close(); }

    @Test
    void aCustomAlbersFromWktIsAcceptedMeasuredOnTheGroundAndMapped() throws Exception {
        HttpResponse<String> r = ingest(CRS.parseWKT(CUSTOM_ALBERS), "2020-06-01");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.at("/scene/crs").asText()).isEqualTo("user-defined");
        assertThat(body.at("/scene/crsWkt").asText()).contains("Albers");
        checkStatistics(body);
        checkMaps("2020-06-01");
        // the catalog gives the same CRS back after a restart
        server.close();
        server = new TestServer(dir.resolve("data"));
        JsonNode series = JSON.readTree(server.get("/api/v1/sites/dump/timeseries").body());
        assertThat(series.at("/points/0/mean").asDouble()).isCloseTo(0.5, within(1e-4));
        checkMaps("2020-06-01");
    }

    @Test
    void esri102025AndUtmOnAUserDefinedDatumAreAccepted() throws Exception {
        HttpResponse<String> esri = ingest(CRS.decode("EPSG:102025", true), "2020-06-01");
        assertThat(esri.statusCode()).as(esri.body()).isEqualTo(201);
        checkStatistics(JSON.readTree(esri.body()));
        HttpResponse<String> utm = ingest(CRS.parseWKT(UTM_CUSTOM_DATUM), "2020-06-02");
        assertThat(utm.statusCode()).as(utm.body()).isEqualTo(201);
        JsonNode body = JSON.readTree(utm.body());
        assertThat(body.at("/scene/crs").asText()).isEqualTo("user-defined"); // not EPSG:32650: another datum
        checkStatistics(body);
        checkMaps("2020-06-02");
    }

    @Test
    void southUpRotatedAndUnbuildableGridsAreClear400s() throws Exception {
        CoordinateReferenceSystem albers = CRS.parseWKT(CUSTOM_ALBERS);
        byte[] tiff = Files.readAllBytes(covering(albers, "plain"));
        // a ModelTransformation whose y scale is positive: row 0 is the southern-most row
        byte[] southUp = TiffEdits.set(tiff, 34264, 12, 16, doubles(tiff, 100, 0, 0, 0, 0, 100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1));
        assertRejected(southUp, "north-up");
        // a ModelTransformation with a shear term replaces scale and tie point: a rotated grid
        byte[] rotated = TiffEdits.set(tiff, 34264, 12, 16, doubles(tiff, 100, 5, 0, 0, 0, -100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1));
        assertRejected(rotated, "north-up");
        // Lambert Cylindrical Equal Area (EPSG:6933): the GeoKeys name a projection GeoTools has no transform for
        byte[] unbuildable = TiffEdits.setShorts(tiff, 34735, 1, 1, 0, 3, 1024, 0, 1, 1, 1025, 0, 1, 1, 3072, 0, 1, 6933);
        JsonNode e = assertRejected(unbuildable, "");
        assertThat(e.get("error").asText()).isIn("invalid_crs", "invalid_raster");
        assertThat(e.get("detail").asText()).containsIgnoringCase("crs");
    }

    /**
     * The same CRSs with the keys as GDAL 3.6 writes them (gdal_create -a_srs ESRI:102025, and -a_srs "+proj=utm
     * +zone=50 +ellps=intl +towgs84=-146.4,-507.3,-232.3"), which differ from GeoTools' own encoding: ESRI:102025 as
     * CT_AlbersEqualArea (11) with its six parameters on GCS EPSG:4326 and a PCS citation; the local datum as a
     * user-defined GCS, datum and ellipsoid (a, 1/f, TOWGS84 in GeoDoubleParams) under ProjectionGeoKey 16050
     * (Proj_UTM_zone_50N). Both are accepted and measured like the others.
     */
    @Test
    void theKeysAsGdalWritesThemAreAcceptedToo() throws Exception {
        int d = 34736, a = 34737;
        byte[] esri = Files.readAllBytes(covering(CRS.decode("EPSG:102025", true), "gdal-esri"));
        esri = TiffEdits.setShorts(esri, 34735, 1, 1, 0, 18,
                1024, 0, 1, 1, 1025, 0, 1, 1, 1026, a, 35, 0, 2048, 0, 1, 4326, 2049, a, 7, 35, 2054, 0, 1, 9102,
                2057, d, 1, 7, 2059, d, 1, 6, 3072, 0, 1, 32767, 3074, 0, 1, 32767, 3075, 0, 1, 11, 3076, 0, 1, 9001,
                3078, d, 1, 0, 3079, d, 1, 1, 3080, d, 1, 3, 3081, d, 1, 2, 3082, d, 1, 4, 3083, d, 1, 5);
        esri = TiffEdits.set(esri, d, 12, 8, doubles(esri, 15, 65, 30, 95, 0, 0, 298.257223563, 6378137));
        esri = TiffEdits.setAscii(esri, a, "Asia_North_Albers_Equal_Area_Conic|WGS 84|");
        HttpResponse<String> r1 = upload(esri, "2020-06-01");
        assertThat(r1.statusCode()).as(r1.body()).isEqualTo(201);
        JsonNode b1 = JSON.readTree(r1.body());
        assertThat(b1.at("/scene/crs").asText()).isEqualTo("user-defined");
        assertThat(b1.at("/scene/crsWkt").asText()).contains("Albers").contains("95");
        checkStatistics(b1);

        byte[] utm = gdalUtmOnLocalDatum(Files.readAllBytes(covering(CRS.parseWKT(UTM_CUSTOM_DATUM), "gdal-utm")));
        HttpResponse<String> r2 = upload(utm, "2020-06-02");
        assertThat(r2.statusCode()).as(r2.body()).isEqualTo(201);
        JsonNode b2 = JSON.readTree(r2.body());
        assertThat(b2.at("/scene/crs").asText()).isEqualTo("user-defined"); // another datum than WGS 84: not EPSG:32650
        checkStatistics(b2);
        checkMaps("2020-06-02");
    }

    /** {@code tiff} with the GeoKeys GDAL 3.6 writes for "+proj=utm +zone=50 +ellps=intl +towgs84=-146.4,-507.3,-232.3". */
    private static byte[] gdalUtmOnLocalDatum(byte[] tiff) {
        int d = 34736, a = 34737;
        String ascii = "unknown|GCS Name = unknown|Datum = Unknown based on International 1924 (Hayford 1909, 1910) ellipsoid "
                + "using towgs84=-146.4,-507.3,-232.3|Ellipsoid = International 1924 (Hayford 1909, 1910)|Primem = Greenwich||";
        tiff = TiffEdits.setShorts(tiff, 34735, 1, 1, 0, 15,
                1024, 0, 1, 1, 1025, 0, 1, 1, 1026, a, 8, 0, 2048, 0, 1, 32767, 2049, a, ascii.length() - 8, 8,
                2050, 0, 1, 32767, 2054, 0, 1, 9102, 2056, 0, 1, 32767, 2057, d, 1, 0, 2059, d, 1, 1, 2061, d, 1, 2,
                2062, d, 3, 3, 3072, 0, 1, 32767, 3074, 0, 1, 16050, 3076, 0, 1, 9001);
        tiff = TiffEdits.set(tiff, d, 12, 6, doubles(tiff, 6378388, 297, 0, -146.4, -507.3, -232.3));
        return TiffEdits.setAscii(tiff, a, ascii);
    }

    /**
     * GeogTOWGS84GeoKey (2062) moves the local datum's grid some 375 m against WGS 84 here (PROJ: lon 116.41, lat 25.19
     * is E 440195.9, N 2786270.6 with the shift, E 440552.0, N 2786154.3 without). The scene is NDVI 0.8 (red 1000,
     * NIR 9000) on every 100 m pixel within 200 m of the site's bounding box in the datum's UTM coordinates (computed
     * with the shift, by GeoTools from the WKT's TOWGS84) and NDVI 0.2 (red 4000, NIR 6000) elsewhere: read with the
     * shift the site lies wholly on 0.8, so its mean is 0.8; a reader that drops the key puts a strip along the site's
     * east edge on 0.2 (it did: mean 0.782).
     */
    @Test
    void theDatumShiftAFileDeclaresPlacesTheSite() throws Exception {
        CoordinateReferenceSystem crs = CRS.parseWKT(UTM_CUSTOM_DATUM);
        MathTransform mt = CRS.findMathTransform(DefaultGeographicCRS.WGS84, crs, false);
        double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (double lon = LON1; lon <= LON2 + 1e-9; lon += 0.001) {
            for (double lat = LAT1; lat <= LAT2 + 1e-9; lat += 0.001) {
                double[] xy = new double[2];
                mt.transform(new double[] {lon, lat}, 0, xy, 0, 1);
                minX = Math.min(minX, xy[0]);
                minY = Math.min(minY, xy[1]);
                maxX = Math.max(maxX, xy[0]);
                maxY = Math.max(maxY, xy[1]);
            }
        }
        double px = 100, x0 = Math.floor((minX - 1000) / px) * px, y1 = Math.ceil((maxY + 1000) / px) * px;
        int w = (int) Math.ceil((maxX + 1000 - x0) / px), h = (int) Math.ceil((y1 - minY + 1000) / px);
        int[][] red = new int[h][w], nir = new int[h][w];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                double cx0 = x0 + c * px, cy1 = y1 - r * px;
                boolean near = cx0 + px > minX - 200 && cx0 < maxX + 200 && cy1 > minY - 200 && cy1 - px < maxY + 200;
                red[r][c] = near ? 1000 : 4000;
                nir[r][c] = near ? 9000 : 6000;
            }
        }
        byte[] tiff = gdalUtmOnLocalDatum(Files.readAllBytes(TestTiffs.write(dir.resolve("shifted.tif"), crs, x0, y1, px,
                new int[][][] {red, nir})));
        HttpResponse<String> r = upload(tiff, "2020-06-03");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.at("/statistics/0/mean").asDouble()).isCloseTo(0.8, within(1e-4));
        assertThat(body.at("/statistics/0/min").asDouble()).isCloseTo(0.8, within(1e-4));
        assertThat(body.at("/scene/crsWkt").asText()).contains("TOWGS84");
    }

    private HttpResponse<String> upload(byte[] tiff, String date) throws Exception {
        return server.postMultipart("/api/v1/scenes", new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", date}, {"bands", "red,nir"}},
                new Object[][] {{"file", tiff}}, TestServer.TOKEN);
    }

    /**
     * The keys GDAL writes for a user-defined Equidistant Conic (gdal_create -a_srs "+proj=eqdc +lat_1=23 +lat_2=28
     * +lat_0=20 +lon_0=117 +x_0=100000 +y_0=50000 +datum=WGS84"): ProjectedCSTypeGeoKey and ProjectionGeoKey
     * user-defined (32767), ProjCoordTransGeoKey 13 (CT_EquidistantConic), GCS EPSG:4326, metres and degrees, the six
     * parameters in GeoDoubleParams. GeoTools' GeoTIFF reader has no Equidistant Conic, so the scene is a 400
     * invalid_crs that names the projection (it was "not a readable GeoTIFF"), and nothing is stored.
     */
    @Test
    void aProjectionGeoToolsCannotBuildIsA400NamingIt() throws Exception {
        int[][] dn = new int[50][50];
        byte[] tiff = Files.readAllBytes(TestTiffs.write(dir.resolve("eqdc.tif"), 32650, 38000, 627000, 100, new int[][][] {dn, dn}));
        int d = 34736;
        tiff = TiffEdits.setShorts(tiff, 34735, 1, 1, 0, 14,
                1024, 0, 1, 1, 1025, 0, 1, 1, 2048, 0, 1, 4326, 2054, 0, 1, 9102,
                3072, 0, 1, 32767, 3074, 0, 1, 32767, 3075, 0, 1, 13, 3076, 0, 1, 9001,
                3078, d, 1, 0, 3079, d, 1, 1, 3080, d, 1, 2, 3081, d, 1, 3, 3082, d, 1, 4, 3083, d, 1, 5);
        tiff = TiffEdits.set(tiff, d, 12, 6, doubles(tiff, 23, 28, 117, 20, 100000, 50000));
        JsonNode e = assertRejected(tiff, "Equidistant Conic");
        assertThat(e.get("error").asText()).isEqualTo("invalid_crs");
        assertThat(e.get("detail").asText()).contains("user-defined projected CRS").contains("ProjCoordTransGeoKey 13")
                .contains("GCS EPSG:4326").doesNotContain("GeoKey #");
        assertThat(JSON.readTree(server.get("/api/v1/scenes").body()).get("scenes")).isEmpty();
    }

    private JsonNode assertRejected(byte[] tiff, String detail) throws Exception {
        HttpResponse<String> r = server.postMultipart("/api/v1/scenes",
                new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", "2020-07-01"}, {"bands", "red,nir"}},
                new Object[][] {{"file", tiff}}, TestServer.TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode e = JSON.readTree(r.body());
        assertThat(e.get("detail").asText()).contains(detail);
        assertThat(e.get("field").asText()).isEqualTo("file");
        return e;
    }

    private static byte[] doubles(byte[] tiff, double... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(tiff[0] == 'M' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        for (double x : v) b.putDouble(x);
        return b.array();
    }

    private void checkStatistics(JsonNode body) {
        JsonNode st = body.get("statistics");
        assertThat(st).as(body.toString()).hasSize(1);
        double want = GroundAreaHttpTest.quadrangleM2(LON1, LON2, LAT1, LAT2);
        assertThat(st.at("/0/mean").asDouble()).isCloseTo(0.5, within(1e-4));
        assertThat(st.at("/0/validFraction").asDouble()).isCloseTo(1, within(1e-9));
        assertThat(st.at("/0/siteAreaM2").asDouble()).isCloseTo(want, within(2e-3 * want));
    }

    /** GetMap in EPSG:3857 and EPSG:4326 (WMS 1.3.0: latitude first) over the site: drawn inside, transparent outside. */
    private void checkMaps(String date) throws Exception {
        MathTransform toMercator = CRS.findMathTransform(DefaultGeographicCRS.WGS84, CRS.decode("EPSG:3857", true), true);
        double[] sw = new double[2], ne = new double[2];
        toMercator.transform(new double[] {LON1 - 0.02, LAT1 - 0.02}, 0, sw, 0, 1);
        toMercator.transform(new double[] {LON2 + 0.02, LAT2 + 0.02}, 0, ne, 0, 1);
        String[] requests = {
            String.format(Locale.ROOT, "CRS=EPSG:3857&BBOX=%f,%f,%f,%f", sw[0], sw[1], ne[0], ne[1]),
            String.format(Locale.ROOT, "CRS=EPSG:4326&BBOX=%f,%f,%f,%f", LAT1 - 0.02, LON1 - 0.02, LAT2 + 0.02, LON2 + 0.02)};
        for (String crs : requests) {
            HttpResponse<byte[]> r = server.getBytes("/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=ndvi&STYLES=&" + crs
                    + "&WIDTH=60&HEIGHT=60&FORMAT=image/png&TRANSPARENT=TRUE&TIME=" + date);
            assertThat(r.statusCode()).as(crs + " " + new String(r.body())).isEqualTo(200);
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(r.body()));
            // the site spans the middle third of the map; the scene covers it with a 1 km margin
            assertThat(img.getRGB(30, 30) >>> 24).as(crs + " alpha at the site").isEqualTo(255);
            assertThat(img.getRGB(1, 1) >>> 24).as(crs + " alpha far from the scene").isZero();
        }
    }

    private HttpResponse<String> ingest(CoordinateReferenceSystem crs, String date) throws Exception {
        return server.postMultipart("/api/v1/scenes", new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", date}, {"bands", "red,nir"}},
                new Object[][] {{"file", covering(crs, date)}}, TestServer.TOKEN);
    }

    /** A two-band scene of 100 m pixels in {@code crs} covering the site with a margin of about 1 km. */
    private Path covering(CoordinateReferenceSystem crs, String name) throws Exception {
        MathTransform mt = CRS.findMathTransform(DefaultGeographicCRS.WGS84, crs, true);
        double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (double lon = LON1 - 0.01; lon <= LON2 + 0.0101; lon += 0.005) {
            for (double lat = LAT1 - 0.01; lat <= LAT2 + 0.0101; lat += 0.005) {
                double[] xy = new double[2];
                mt.transform(new double[] {lon, lat}, 0, xy, 0, 1);
                minX = Math.min(minX, xy[0]);
                minY = Math.min(minY, xy[1]);
                maxX = Math.max(maxX, xy[0]);
                maxY = Math.max(maxY, xy[1]);
            }
        }
        double px = 100;
        double x0 = Math.floor(minX / px) * px, y1 = Math.ceil(maxY / px) * px;
        int w = (int) Math.ceil((maxX - x0) / px), h = (int) Math.ceil((y1 - minY) / px);
        int[][] red = new int[h][w], nir = new int[h][w];
        for (int r = 0; r < h; r++) {
            java.util.Arrays.fill(red[r], 1000);
            java.util.Arrays.fill(nir[r], 3000);
        }
        return TestTiffs.write(dir.resolve(name + "-" + Math.abs(crs.hashCode()) + ".tif"), crs, x0, y1, px, new int[][][] {red, nir});
    }
}
