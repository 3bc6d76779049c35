package greencover.cli.samples;

import static org.assertj.core.api.Assertions.assertThat;

import greencover.core.raster.RasterGrid;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolygonRasterizerTest {

    /** 4 x 4 cells of 1 m, upper-left corner (0, 4): cell (col, row) has its centre at (col + 0.5, 3.5 - row). */
    private static final RasterGrid GRID = new RasterGrid(4, 4, 0, 4, 1, 1);

    /**
     * Square (1,1)-(3,3) holds the centres (1.5, 1.5), (2.5, 1.5), (1.5, 2.5), (2.5, 2.5); the hole (2,2)-(3,3)
     * takes away (2.5, 2.5):
     * <pre>
     * row 0: . . . .
     * row 1: . X . .
     * row 2: . X X .
     * row 3: . . . .
     * </pre>
     */
    @Test
    void squareWithHoleCoversThreeCentres() {
        double[] shell = {1, 1, 3, 1, 3, 3, 1, 3, 1, 1};
        double[] hole = {2, 2, 2, 3, 3, 3, 3, 2, 2, 2};

        boolean[] mask = PolygonRasterizer.mask(GRID, List.of(shell, hole));

        boolean[] expected = new boolean[16];
        expected[1 * 4 + 1] = true;
        expected[2 * 4 + 1] = true;
        expected[2 * 4 + 2] = true;
        assertThat(mask).containsExactly(expected);
    }

    /** A triangle whose hypotenuse runs exactly through centres: (0,0),(4,0),(0,4) holds centres with x + y < 4. */
    @Test
    void centreOnTheRightEdgeIsOutside() {
        double[] triangle = {0, 0, 4, 0, 0, 4, 0, 0};

        boolean[] mask = PolygonRasterizer.mask(GRID, List.of(triangle));

        // centres with x + y < 4: row 3 (y 0.5): x 0.5, 1.5, 2.5 (3.5 + 0.5 = 4 is on the edge, outside)
        int inside = 0;
        for (boolean b : mask) {
            if (b) inside++;
        }
        assertThat(inside).isEqualTo(3 + 2 + 1);
        assertThat(mask[3 * 4 + 2]).isTrue();
        assertThat(mask[3 * 4 + 3]).isFalse();
        assertThat(mask[0]).isFalse();
    }

    @Test
    void polygonOutsideTheGridCoversNothing() {
        double[] far = {10, 10, 12, 10, 12, 12, 10, 10};

        boolean[] mask = PolygonRasterizer.mask(GRID, List.of(far));

        assertThat(mask).containsOnly(false);
    }
}
