package greencover.core.raster;

import static org.assertj.core.api.Assertions.assertThat;

import greencover.testing.TestTiffs;
import java.nio.file.Path;
import org.geotools.referencing.CRS;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@link GeoTiffSource} identifies a file's CRS without scanning the EPSG database: an EPSG-coded file keeps
 * its code, UTM zone 50N written as user-defined keys on WGS 84 is recognised as EPSG:32650, and a custom Albers
 * stays user-defined (code 0) with its own parameters.
 */
class GeoTiffSourceCrsTest {
    private static final String UTM50_USER_DEFINED = "PROJCS[\"my UTM\",GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\","
            + "SPHEROID[\"WGS 84\",6378137,298.257223563]],PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433]],"
            + "PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"latitude_of_origin\",0],PARAMETER[\"central_meridian\",117],"
            + "PARAMETER[\"scale_factor\",0.9996],PARAMETER[\"false_easting\",500000],PARAMETER[\"false_northing\",0],UNIT[\"metre\",1]]";

    @TempDir Path dir;

    private static int[][][] band() { return new int[][][] {TestTiffs.columns(2, 1, 2)}; }

    @Test
    void anEpsgFileKeepsItsCode() throws Exception {
        try (GeoTiffSource s = GeoTiffSource.open(TestTiffs.write(dir.resolve("a.tif"), 32634, 580000, 4890000, 10, band()), "file")) {
            assertThat(s.epsg()).isEqualTo(32634);
        }
    }

    @Test
    void aUserDefinedUtmZoneOnWgs84IsThatZone() throws Exception {
        Path f = TestTiffs.write(dir.resolve("u.tif"), CRS.parseWKT(UTM50_USER_DEFINED), 440000, 2786000, 10, band());
        try (GeoTiffSource s = GeoTiffSource.open(f, "file")) {
            assertThat(s.epsg()).isEqualTo(32650);
            assertThat(CRS.lookupEpsgCode(s.crs(), false)).isEqualTo(32650);
        }
    }

    @Test
    void aCustomAlbersStaysUserDefined() throws Exception {
        String albers = "PROJCS[\"custom Albers\",GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563]],"
                + "PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433]],PROJECTION[\"Albers_Conic_Equal_Area\"],"
                + "PARAMETER[\"standard_parallel_1\",23],PARAMETER[\"standard_parallel_2\",28],PARAMETER[\"latitude_of_center\",20],"
                + "PARAMETER[\"longitude_of_center\",117],PARAMETER[\"false_easting\",100000],PARAMETER[\"false_northing\",50000],UNIT[\"metre\",1]]";
        Path f = TestTiffs.write(dir.resolve("a.tif"), CRS.parseWKT(albers), 10000, 600000, 100, band());
        try (GeoTiffSource s = GeoTiffSource.open(f, "file")) {
            assertThat(s.epsg()).isZero();
            assertThat(s.crs().toWKT()).contains("Albers_Conic_Equal_Area").contains("117.0");
            assertThat(s.grid().minX()).isEqualTo(10000);
        }
    }
}
