package greencover.cli.samples;

import greencover.core.raster.RasterGrid;

/**
 * A smooth random field over map coordinates (fractal value noise): random values on square lattices
 * of {@code cellM}, {@code cellM/2}, … metres, blended with a quintic fade and summed with halving
 * weights. Values lie in [-1, 1] (typical standard deviation about 0.3). The field depends only on the
 * seed and the map position, so grids of different resolution over the same area see the same field.
 */
final class SmoothField {

    private final long seed;
    private final double cellM;
    private final int octaves;

    SmoothField(long seed, double cellM, int octaves) {
        if (!(cellM > 0)) {
            throw new IllegalArgumentException("cellM must be positive but was " + cellM);
        }
        if (octaves < 1 || octaves > 8) {
            throw new IllegalArgumentException("octaves must be in 1..8 but was " + octaves);
        }
        this.seed = seed;
        this.cellM = cellM;
        this.octaves = octaves;
    }

    /** The field value at map position (x, y). */
    double at(double x, double y) {
        double sum = 0, weightSum = 0, weight = 1, cell = cellM;
        for (int o = 0; o < octaves; o++) {
            sum += weight * lattice(seed + o * 0x9E3779B97F4A7C15L, x / cell, y / cell);
            weightSum += weight;
            weight *= 0.5;
            cell *= 0.5;
        }
        return sum / weightSum;
    }

    /** Samples the field at every cell centre of {@code grid}, row-major. */
    double[] sample(RasterGrid grid) {
        double[] out = new double[grid.width() * grid.height()];
        for (int row = 0; row < grid.height(); row++) {
            double y = grid.centerY(row);
            for (int col = 0; col < grid.width(); col++) {
                out[row * grid.width() + col] = at(grid.centerX(col), y);
            }
        }
        return out;
    }

    private static double lattice(long octaveSeed, double u, double v) {
        long i = (long) Math.floor(u), j = (long) Math.floor(v);
        double fu = fade(u - i), fv = fade(v - j);
        double a = node(octaveSeed, i, j), b = node(octaveSeed, i + 1, j);
        double c = node(octaveSeed, i, j + 1), d = node(octaveSeed, i + 1, j + 1);
        double top = a + (b - a) * fu, bottom = c + (d - c) * fu;
        return top + (bottom - top) * fv;
    }

    private static double fade(double t) {
        return t * t * t * (t * (t * 6 - 15) + 10);
    }

    /** Uniform value in [-1, 1) for lattice node (i, j). */
    private static double node(long octaveSeed, long i, long j) {
        long h = Seeds.mix(octaveSeed ^ Seeds.mix(i * 0x632BE59BD9B4E019L ^ Seeds.mix(j)));
        return ((h >>> 11) * 0x1.0p-53) * 2 - 1;
    }
}
