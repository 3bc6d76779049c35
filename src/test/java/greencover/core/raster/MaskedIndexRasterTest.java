package greencover.core.raster;

import static greencover.core.raster.IndexCodes.CLOUD;
import static greencover.core.raster.IndexCodes.NODATA;
import static greencover.core.raster.IndexCodes.SHADOW;
import static greencover.core.raster.IndexCodes.SNOW;
import static greencover.core.raster.IndexCodes.WATER;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.geotools.api.referencing.crs.CoordinateReferenceSystem;
import org.geotools.referencing.CRS;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKTReader;

class MaskedIndexRasterTest {
    private static final CoordinateReferenceSystem UTM50;

    static {
        try {
            UTM50 = CRS.decode("EPSG:32650", true);
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static ArrayIndexRaster raster(int w, int h, double pw, double ph, short[] level0) {
        return new ArrayIndexRaster(new RasterGrid(w, h, 500000, 2800000, pw, ph), UTM50, 32650, level0, 2);
    }

    private static short[] all(MaskedIndexRaster m, int w, int h) {
        short[] out = new short[w * h];
        m.read(0, 0, 0, w, h, out);
        return out;
    }

    /** The cells of a 7 × 7 grid of value 5000 with one cloud at (3, 3) that the buffer turns into cloud, row-major. */
    private static String cloudCells(double pw, double ph, double bufferM) {
        short[] g = new short[49];
        java.util.Arrays.fill(g, (short) 5000);
        g[3 * 7 + 3] = CLOUD;
        short[] out = all(new MaskedIndexRaster(raster(7, 7, pw, ph, g), bufferM, pw, ph, null), 7, 7);
        StringBuilder b = new StringBuilder();
        for (int r = 0; r < 7; r++) {
            for (int c = 0; c < 7; c++) b.append(out[r * 7 + c] == CLOUD ? '#' : out[r * 7 + c] == 5000 ? '.' : '?');
            b.append('\n');
        }
        return b.toString();
    }

    @Test
    void oneCloudPixelGrowsByADiscOnTheGround() {
        assertThat(cloudCells(10, 10, 5)).isEqualTo(".......\n.......\n.......\n...#...\n.......\n.......\n.......\n");
        assertThat(cloudCells(10, 10, 10)).isEqualTo(".......\n.......\n...#...\n..###..\n...#...\n.......\n.......\n");
        assertThat(cloudCells(10, 10, 15)).isEqualTo(".......\n.......\n..###..\n..###..\n..###..\n.......\n.......\n");
        // 20 m: the 3 × 3 block (14.1 m) and the four cells at 20 m, not (2, 1) at 22.4 m
        assertThat(cloudCells(10, 10, 20)).isEqualTo(".......\n...#...\n..###..\n.#####.\n..###..\n...#...\n.......\n");
        // cells 10 m wide and 20 m high, 20 m: two cells sideways, one up and down, no diagonal ((10² + 20²)^½ = 22.4 m)
        assertThat(cloudCells(10, 20, 20)).isEqualTo(".......\n.......\n...#...\n.#####.\n...#...\n.......\n.......\n");
    }

    /** Brute force: every clear cell within bufferM (with the slack) of a cloud cell's centre is cloud, else of a shadow's. */
    private static short[] expected(short[] g, int w, int h, double pw, double ph, double bufferM) {
        double r2 = Math.pow(bufferM * (1 + MaskedIndexRaster.TOLERANCE), 2);
        short[] out = g.clone();
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                short s = g[r * w + c];
                if (!(IndexCodes.isValue(s) || s == WATER) || bufferM <= 0) continue;
                boolean nearCloud = false, nearShadow = false;
                for (int rr = 0; rr < h; rr++) {
                    for (int cc = 0; cc < w; cc++) {
                        double d2 = Math.pow((cc - c) * pw, 2) + Math.pow((rr - r) * ph, 2);
                        if (d2 > r2) continue;
                        nearCloud |= g[rr * w + cc] == CLOUD;
                        nearShadow |= g[rr * w + cc] == SHADOW;
                    }
                }
                if (nearCloud) out[r * w + c] = CLOUD;
                else if (nearShadow) out[r * w + c] = SHADOW;
            }
        }
        return out;
    }

    @Test
    void anyWindowOrBandOfRowsReadsTheClassesOfTheWholeRasterUnderTheBruteForceRule() {
        Random rnd = new Random(11);
        int w = 41, h = 29;
        short[] g = new short[w * h];
        for (int i = 0; i < g.length; i++) {
            int k = rnd.nextInt(100);
            g[i] = k < 6 ? CLOUD : k < 10 ? SHADOW : k < 13 ? WATER : k < 15 ? SNOW : k < 17 ? NODATA : (short) (rnd.nextInt(8000) + 1000);
        }
        for (double[] cell : new double[][] {{10, 10}, {10, 20}, {30, 30}}) {
            for (double buffer : new double[] {0, 5, 10, 25, 47, 100}) {
                MaskedIndexRaster m = new MaskedIndexRaster(raster(w, h, cell[0], cell[1], g), buffer, cell[0], cell[1], null);
                short[] want = expected(g, w, h, cell[0], cell[1], buffer);
                String at = cell[0] + "x" + cell[1] + " m, buffer " + buffer;
                assertThat(all(m, w, h)).as(at).isEqualTo(want);
                short[] band = new short[w * 7];
                for (int r0 = 0; r0 < h; r0 += 7) { // bands of 7 rows, as a summariser reads them
                    int rows = Math.min(7, h - r0);
                    m.read(0, 0, r0, w, rows, band);
                    for (int i = 0; i < rows * w; i++) assertThat(band[i]).as(at + " row " + (r0 + i / w)).isEqualTo(want[r0 * w + i]);
                }
                short[] part = new short[9 * 6]; // a window partly outside the grid: outside is no data
                m.read(0, -3, 20, 9, 6, part);
                for (int r = 0; r < 6; r++) {
                    for (int c = 0; c < 9; c++) {
                        int gc = c - 3, gr = 20 + r;
                        short e = gc < 0 || gr >= h ? NODATA : want[gr * w + gc];
                        assertThat(part[r * 9 + c]).as(at + " window").isEqualTo(e);
                    }
                }
                assertThat(m.sample(0, 17, 11)).isEqualTo(want[11 * w + 17]);
            }
        }
    }

    @Test
    void validCellsWhoseCentreLiesInThePermanentWaterAreWaterAndOtherClassesStay() throws Exception {
        // 4 × 2 cells of 10 m from (500000, 2800000); the pond covers x 500000–500024, so the centres of columns 0 and 1
        // (x 500005, 500015) lie inside and that of column 2 (500025) does not, though the pond covers 40 % of it
        short[] g = {1000, CLOUD, 3000, 4000,
                     5000, 6000, 7000, SNOW};
        Geometry pond = new WKTReader().read("POLYGON ((500000 2799980, 500024 2799980, 500024 2800000, 500000 2800000, 500000 2799980))");
        MaskedIndexRaster m = new MaskedIndexRaster(raster(4, 2, 10, 10, g), 0, 10, 10, pond);
        assertThat(all(m, 4, 2)).containsExactly(WATER, CLOUD, 3000, 4000, WATER, WATER, 7000, SNOW);
        short[] level1 = new short[2];
        m.read(1, 0, 0, 2, 1, level1);
        short[] base = new short[2];
        raster(4, 2, 10, 10, g).read(1, 0, 0, 2, 1, base);
        assertThat(level1).containsExactly(base); // overviews (maps) are the stored ones
        // with a 10 m buffer the cloud at (0, 1) also takes its clear neighbours, the pond's water among them
        MaskedIndexRaster both = new MaskedIndexRaster(raster(4, 2, 10, 10, g), 10, 10, 10, pond);
        assertThat(all(both, 4, 2)).containsExactly(CLOUD, CLOUD, CLOUD, 4000, WATER, CLOUD, 7000, SNOW);
    }

    @Test
    void theWaterSpansAgreeWithPointInPolygonForHolesAndSeveralPolygons() throws Exception {
        // 60 × 50 cells of 10 m; a star-shaped pond with a square island and a second, triangular pond; every centre
        // judged by JTS (no centre lies on an edge: the vertices are off the 5 m lattice)
        int w = 60, h = 50;
        short[] g = new short[w * h];
        java.util.Arrays.fill(g, (short) 2000);
        StringBuilder star = new StringBuilder();
        for (int k = 0; k <= 24; k++) {
            double a = 2 * Math.PI * (k % 24) / 24, r = k % 2 == 0 ? 190.3 : 110.7;
            star.append(k == 0 ? "" : ", ").append(500200.1 + r * Math.cos(a)).append(' ').append(2799749.3 + r * Math.sin(a));
        }
        Geometry pond = new WKTReader().read("MULTIPOLYGON (((" + star + "), (500170.2 2799720.1, 500230.4 2799720.1, 500230.4 2799780.3, "
                + "500170.2 2799780.3, 500170.2 2799720.1)), ((500450.7 2799900.2, 500590.1 2799760.9, 500590.1 2799980.6, 500450.7 2799900.2)))");
        short[] out = all(new MaskedIndexRaster(raster(w, h, 10, 10, g), 0, 10, 10, pond), w, h);
        org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator oracle = new org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator(pond);
        int inside = 0;
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                boolean in = oracle.locate(new org.locationtech.jts.geom.Coordinate(500005 + 10 * c, 2799995 - 10 * r))
                        == org.locationtech.jts.geom.Location.INTERIOR;
                if (in) inside++;
                assertThat(out[r * w + c]).as("cell (%d, %d)", r, c).isEqualTo(in ? WATER : (short) 2000);
            }
        }
        assertThat(inside).isGreaterThan(300); // the construction has a pond, an island and a second pond to find
    }
}
