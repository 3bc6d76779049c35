package greencover.core.zonal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import greencover.core.raster.RasterGrid;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * Coverage of small grids of 1 m cells whose expected fractions are worked out by hand. Grids are drawn with
 * row 0 (north) on top; cell (col, row) of a grid with {@code maxY = H} covers x in [col, col+1] and
 * y in [H-row-1, H-row].
 */
class PolygonCoverageTest {

    private static final GeometryFactory GF = new GeometryFactory();

    /** 2 × 2 grid of 1 m cells over [0, 2] × [0, 2]. */
    private static final RasterGrid GRID_2 = new RasterGrid(2, 2, 0, 2, 1, 1);
    /** 4 × 4 grid of 1 m cells over [0, 4] × [0, 4]. */
    private static final RasterGrid GRID_4 = new RasterGrid(4, 4, 0, 4, 1, 1);

    /**
     * The strip x in [0, 0.5] covers the western half of both left cells:
     * <pre>
     *   0.5  0
     *   0.5  0
     * </pre>
     */
    @Test
    void halfCoveredLeftCellsHaveFractionOneHalf() {
        double[][] c = coverage("POLYGON ((0 0, 0.5 0, 0.5 2, 0 2, 0 0))", GRID_2, PixelRule.EXACT);
        assertGrid(c, new double[][] {{0.5, 0}, {0.5, 0}});
    }

    /**
     * The square [0.5, 2.5] × [1.5, 3.5] is offset by half a cell; in row/column coordinates it spans
     * [0.5, 2.5] both ways, so corners are a quarter covered, edges half, the centre fully:
     * <pre>
     *   0.25 0.5 0.25 0
     *   0.5  1   0.5  0
     *   0.25 0.5 0.25 0
     *   0    0   0    0
     * </pre>
     */
    @Test
    void squareOffsetByHalfAPixelCoversQuartersHalvesAndOneWhole() {
        double[][] expected = {
            {0.25, 0.5, 0.25, 0},
            {0.5, 1, 0.5, 0},
            {0.25, 0.5, 0.25, 0},
            {0, 0, 0, 0}};
        assertGrid(coverage(OFFSET_SQUARE, GRID_4, PixelRule.EXACT), expected);
        assertGrid(coverage(reversed(OFFSET_SQUARE), GRID_4, PixelRule.EXACT), expected);
    }

    private static final String OFFSET_SQUARE = "POLYGON ((0.5 1.5, 2.5 1.5, 2.5 3.5, 0.5 3.5, 0.5 1.5))";

    /**
     * The triangle x + y ≤ 2 cuts the top-left and bottom-right cells along their diagonals:
     * <pre>
     *   0.5  0
     *   1    0.5
     * </pre>
     */
    @Test
    void triangleCutsDiagonalCellsInHalf() {
        double[][] c = coverage("POLYGON ((0 0, 2 0, 0 2, 0 0))", GRID_2, PixelRule.EXACT);
        assertGrid(c, new double[][] {{0.5, 0}, {1, 0.5}});
    }

    /**
     * A triangle whose hypotenuse runs from (0, 1) to (2, 0) (half a cell down per cell across) in the bottom
     * row: the left cell keeps the trapezoid under y = 1 - x/2, area (1 + 0.5) / 2 = 0.75; the right cell the
     * triangle of area 0.5 × 1 × 0.5 = 0.25.
     */
    @Test
    void shallowEdgeSpanningTwoColumnsSplitsItsArea() {
        double[][] c = coverage("POLYGON ((0 0, 2 0, 0 1, 0 0))", GRID_2, PixelRule.EXACT);
        assertGrid(c, new double[][] {{0, 0}, {0.75, 0.25}});
    }

    /**
     * Shell [0, 4]² minus the offset square hole: one minus the offset-square fractions.
     * <pre>
     *   0.75 0.5 0.75 1
     *   0.5  0   0.5  1
     *   0.75 0.5 0.75 1
     *   1    1   1    1
     * </pre>
     */
    @Test
    void holeIsSubtractedExactly() {
        String wkt = "POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0), (0.5 1.5, 2.5 1.5, 2.5 3.5, 0.5 3.5, 0.5 1.5))";
        double[][] expected = {
            {0.75, 0.5, 0.75, 1},
            {0.5, 0, 0.5, 1},
            {0.75, 0.5, 0.75, 1},
            {1, 1, 1, 1}};
        // the hole above runs the same way as the shell; orientation is normalised, so either way subtracts
        assertGrid(coverage(wkt, GRID_4, PixelRule.EXACT), expected);
        String holeReversed = "POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0), (0.5 1.5, 0.5 3.5, 2.5 3.5, 2.5 1.5, 0.5 1.5))";
        assertGrid(coverage(holeReversed, GRID_4, PixelRule.EXACT), expected);
    }

    /**
     * The unit square of cell (0, 0) plus the box [2.5, 4] × [0, 0.5] in the bottom row (cell (2, 3) covered
     * 0.5 × 0.5, cell (3, 3) covered 1 × 0.5).
     */
    @Test
    void multiPolygonPartsAdd() {
        String wkt = "MULTIPOLYGON (((0 3, 1 3, 1 4, 0 4, 0 3)), ((2.5 0, 4 0, 4 0.5, 2.5 0.5, 2.5 0)))";
        PolygonCoverage cov = PolygonCoverage.of(read(wkt), GRID_4, PixelRule.EXACT);
        assertThat(cov.area()).isCloseTo(1 + 1.5 * 0.5, within(1e-12));
        assertGrid(full(cov, GRID_4), new double[][] {
            {1, 0, 0, 0},
            {0, 0, 0, 0},
            {0, 0, 0, 0},
            {0, 0, 0.25, 0.5}});
    }

    /**
     * [-1, 1] × [0.5, 3] sticks out west and north of the 2 × 2 grid; inside it covers x in [0, 1],
     * y in [0.5, 2]: the top-left cell fully, the bottom-left one half. The polygon's area is 2 × 2.5 = 5.
     */
    @Test
    void polygonPartlyOutsideCoversOnlyInsideTheGrid() {
        PolygonCoverage cov = PolygonCoverage.of(read("POLYGON ((-1 0.5, 1 0.5, 1 3, -1 3, -1 0.5))"), GRID_2);
        assertThat(cov.area()).isCloseTo(5, within(1e-12));
        assertThat(cov.colMin()).isZero();
        assertThat(cov.colMax()).isEqualTo(1);
        assertThat(cov.rowMin()).isZero();
        assertThat(cov.rowMax()).isEqualTo(2);
        assertGrid(full(cov, GRID_2), new double[][] {{1, 0}, {0.5, 0}});
    }

    @Test
    void polygonDisjointFromGridIsEmpty() {
        PolygonCoverage cov = PolygonCoverage.of(read("POLYGON ((5 5, 6 5, 6 6, 5 6, 5 5))"), GRID_2);
        assertThat(cov.isEmpty()).isTrue();
        assertThat(cov.area()).isCloseTo(1, within(1e-12));
        // touching the grid only along its east edge is disjoint too
        assertThat(PolygonCoverage.of(read("POLYGON ((2 0, 3 0, 3 1, 2 1, 2 0))"), GRID_2).isEmpty()).isTrue();
    }

    /**
     * Centre rule on the offset square (centres exactly on its boundary): a centre on the northern or eastern
     * boundary is inside, on the southern or western one outside (GDAL's tie rule), whatever the orientation:
     * <pre>
     *   0 1 1 0
     *   0 1 1 0
     *   0 0 0 0
     *   0 0 0 0
     * </pre>
     */
    @Test
    void centerRuleOnHalfPixelOffsetSquareFollowsGdalTieRule() {
        double[][] expected = {
            {0, 1, 1, 0},
            {0, 1, 1, 0},
            {0, 0, 0, 0},
            {0, 0, 0, 0}};
        assertGrid(coverage(OFFSET_SQUARE, GRID_4, PixelRule.CENTER), expected);
        assertGrid(coverage(reversed(OFFSET_SQUARE), GRID_4, PixelRule.CENTER), expected);
    }

    /** The square [0.4, 2.6] × [1.4, 3.6] strictly contains the centres of the top-left 3 × 3 cells. */
    @Test
    void centerRuleCountsCellsWhoseCentreIsInside() {
        double[][] c = coverage("POLYGON ((0.4 1.4, 2.6 1.4, 2.6 3.6, 0.4 3.6, 0.4 1.4))", GRID_4, PixelRule.CENTER);
        assertGrid(c, new double[][] {
            {1, 1, 1, 0},
            {1, 1, 1, 0},
            {1, 1, 1, 0},
            {0, 0, 0, 0}});
    }

    /** Centre rule with a hole [1.2, 2.8] × [1.2, 2.8] over the centres of the four middle cells. */
    @Test
    void centerRuleExcludesCentresInHoles() {
        String wkt = "POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0), (1.2 1.2, 2.8 1.2, 2.8 2.8, 1.2 2.8, 1.2 1.2))";
        assertGrid(coverage(wkt, GRID_4, PixelRule.CENTER), new double[][] {
            {1, 1, 1, 1},
            {1, 0, 0, 1},
            {1, 0, 0, 1},
            {1, 1, 1, 1}});
    }

    /** All-touched on the offset square: every cell it overlaps, i.e. the top-left 3 × 3 block. */
    @Test
    void allTouchedRuleOnHalfPixelOffsetSquareTakesEveryOverlappedCell() {
        assertGrid(coverage(OFFSET_SQUARE, GRID_4, PixelRule.ALL_TOUCHED), new double[][] {
            {1, 1, 1, 0},
            {1, 1, 1, 0},
            {1, 1, 1, 0},
            {0, 0, 0, 0}});
    }

    /**
     * The square [1, 3] × [1, 3] lies on cell edges: it touches the ring of cells around it only along edges and
     * corners, which does not count.
     */
    @Test
    void allTouchedRuleIgnoresContactAlongCellEdges() {
        assertGrid(coverage("POLYGON ((1 1, 3 1, 3 3, 1 3, 1 1))", GRID_4, PixelRule.ALL_TOUCHED), new double[][] {
            {0, 0, 0, 0},
            {0, 1, 1, 0},
            {0, 1, 1, 0},
            {0, 0, 0, 0}});
    }

    /** A thin horizontal sliver y in [2.4, 2.6], x in [0.5, 3.5] touches the four cells of row 1 only. */
    @Test
    void allTouchedRuleMarksCellsCrossedByAThinSliver() {
        assertGrid(coverage("POLYGON ((0.5 2.4, 3.5 2.4, 3.5 2.6, 0.5 2.6, 0.5 2.4))", GRID_4, PixelRule.ALL_TOUCHED),
                new double[][] {{0, 0, 0, 0}, {1, 1, 1, 1}, {0, 0, 0, 0}, {0, 0, 0, 0}});
    }

    @Test
    void nonPolygonalGeometryIsRejected() {
        assertThatThrownBy(() -> PolygonCoverage.of(read("LINESTRING (0 0, 1 1)"), GRID_2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("geometry");
        assertThatThrownBy(() -> PolygonCoverage.of(null, GRID_2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("geometry");
    }

    @Test
    void rowsOutsideTheWindowAreRejected() {
        PolygonCoverage cov = PolygonCoverage.of(read(OFFSET_SQUARE), GRID_4);
        assertThatThrownBy(() -> cov.fillRows(cov.rowMin(), cov.rowMax() + 1, new float[100]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rows");
        assertThatThrownBy(() -> cov.fillRows(cov.rowMin(), cov.rowMax(), new float[1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out");
    }

    /**
     * An irregular star with a hole, partly outside a grid of 10 × 7.5 m cells: every cell's fraction equals the
     * JTS intersection area of the cell rectangle and the polygon (an independent computation), and the sum of
     * fractions × pixel area equals the area of the polygon ∩ grid extent.
     */
    @Test
    void fractionsMatchJtsIntersectionAreasForAnIrregularPolygon() {
        RasterGrid grid = new RasterGrid(37, 23, 1000.0, 5000.0, 10.0, 7.5);
        Geometry poly = star(new Coordinate(1180, 4920), 190, 60, 41, 7L, new Coordinate(1160, 4915), 25);
        assertThat(poly.isValid()).isTrue();
        PolygonCoverage cov = PolygonCoverage.of(poly, grid);
        double[][] c = full(cov, grid);
        double sum = 0;
        for (int r = 0; r < grid.height(); r++) {
            for (int col = 0; col < grid.width(); col++) {
                Geometry cell = GF.toGeometry(new Envelope(grid.minX() + col * 10.0, grid.minX() + (col + 1) * 10.0,
                        grid.maxY() - (r + 1) * 7.5, grid.maxY() - r * 7.5));
                double expected = cell.intersection(poly).getArea() / grid.pixelArea();
                assertThat(c[r][col]).as("cell %d,%d", col, r).isCloseTo(expected, within(1e-9));
                sum += c[r][col];
            }
        }
        Geometry extent = GF.toGeometry(new Envelope(grid.minX(), grid.maxX(), grid.minY(), grid.maxY()));
        double inside = poly.intersection(extent).getArea();
        assertThat(inside).isLessThan(poly.getArea());
        assertThat(sum * grid.pixelArea()).isCloseTo(inside, within(inside * 1e-9));
    }

    /**
     * A tall polygon spanning many edge chunks: any split into bands gives the same values as one call, and the
     * float output equals the double output rounded.
     */
    @Test
    void bandsOfAnySizeGiveTheSameValues() {
        RasterGrid grid = new RasterGrid(40, 400, 0, 400, 1, 1);
        Geometry poly = star(new Coordinate(20, 200), 260, 8, 97, 3L, new Coordinate(20, 200), 3);
        PolygonCoverage cov = PolygonCoverage.of(poly, grid);
        int w = cov.windowWidth(), h = cov.windowHeight();
        double[] whole = new double[w * h];
        cov.fillRows(cov.rowMin(), cov.rowMax(), whole);
        for (int band : new int[] {1, 7, 63, 64, 65, 130}) {
            double[] banded = new double[w * band];
            float[] fbanded = new float[w * band];
            for (int r = cov.rowMin(); r < cov.rowMax(); r += band) {
                int re = Math.min(cov.rowMax(), r + band);
                cov.fillRows(r, re, banded);
                cov.fillRows(r, re, fbanded);
                for (int i = 0; i < (re - r) * w; i++) {
                    double expected = whole[(r - cov.rowMin()) * w + i];
                    assertThat(banded[i]).isEqualTo(expected);
                    assertThat(fbanded[i]).isEqualTo((float) expected);
                }
            }
        }
        double sum = 0;
        for (double v : whole) sum += v;
        Geometry extent = GF.toGeometry(new Envelope(0, 40, 0, 400));
        assertThat(sum).isCloseTo(poly.intersection(extent).getArea(), within(1e-9 * sum));
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    /**
     * A star-shaped polygon around {@code c}: {@code n} vertices at random radii in [rMin, rMax], with a square
     * hole of half-side {@code hole} around {@code h}.
     */
    static Geometry star(Coordinate c, double rMax, double rMin, int n, long seed, Coordinate h, double hole) {
        Random rnd = new Random(seed);
        Coordinate[] shell = new Coordinate[n + 1];
        for (int i = 0; i < n; i++) {
            double a = 2 * Math.PI * i / n;
            double r = rMin + (rMax - rMin) * rnd.nextDouble();
            shell[i] = new Coordinate(c.x + r * Math.cos(a), c.y + r * Math.sin(a));
        }
        shell[n] = shell[0];
        LinearRing holeRing = GF.createLinearRing(new Coordinate[] {
            new Coordinate(h.x - hole, h.y - hole), new Coordinate(h.x - hole, h.y + hole),
            new Coordinate(h.x + hole, h.y + hole), new Coordinate(h.x + hole, h.y - hole),
            new Coordinate(h.x - hole, h.y - hole)});
        return GF.createPolygon(GF.createLinearRing(shell), new LinearRing[] {holeRing});
    }

    static Geometry read(String wkt) {
        try {
            return new WKTReader(GF).read(wkt);
        } catch (ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String reversed(String wkt) {
        return read(wkt).reverse().toText();
    }

    private static double[][] coverage(String wkt, RasterGrid grid, PixelRule rule) {
        return full(PolygonCoverage.of(read(wkt), grid, rule), grid);
    }

    /** The coverage over the whole grid, [row][col], zero outside the window. */
    static double[][] full(PolygonCoverage cov, RasterGrid grid) {
        double[][] out = new double[grid.height()][grid.width()];
        if (cov.isEmpty()) return out;
        int w = cov.windowWidth();
        double[] rows = new double[w * cov.windowHeight()];
        cov.fillRows(cov.rowMin(), cov.rowMax(), rows);
        for (int r = cov.rowMin(); r < cov.rowMax(); r++) {
            for (int c = cov.colMin(); c < cov.colMax(); c++) {
                out[r][c] = rows[(r - cov.rowMin()) * w + c - cov.colMin()];
            }
        }
        return out;
    }

    private static void assertGrid(double[][] actual, double[][] expected) {
        for (int r = 0; r < expected.length; r++) {
            for (int c = 0; c < expected[r].length; c++) {
                assertThat(actual[r][c]).as("cell col %d row %d", c, r).isCloseTo(expected[r][c], within(1e-12));
            }
        }
    }
}
