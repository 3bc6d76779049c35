package greencover.service;

import greencover.core.raster.IndexCodes;
import greencover.core.raster.IndexRaster;
import greencover.core.raster.RasterGrid;
import greencover.core.zonal.PixelRule;
import greencover.core.zonal.PolygonCoverage;
import greencover.core.zonal.ZonalSummary;
import org.locationtech.jts.geom.Geometry;

/**
 * Computes the zonal summary of a polygon over a stored index raster (level 0), reading the polygon's
 * window in bands of rows so that memory stays bounded for any polygon size.
 */
public final class SiteSummarizer {
    private static final int BAND_ROWS = 256;

    private SiteSummarizer() {}

    /**
     * The working memory of {@link #summarize} for {@code polygon} over {@code grid}, in bytes: per cell of one band
     * of rows across the polygon's window (clipped to the grid), coverage and value floats, a code short and a class
     * byte; the coverage's own row accumulator (a double per column); 64 bytes per vertex for its edge tables; and
     * 64 KiB of fixed cost. Zero for a polygon outside the grid.
     */
    public static long workingBytes(RasterGrid grid, Geometry polygon) {
        org.locationtech.jts.geom.Envelope e = polygon.getEnvelopeInternal();
        if (e.isNull()) return 0;
        double c0 = Math.max(0, Math.floor(grid.colOf(e.getMinX()))), c1 = Math.min(grid.width(), Math.ceil(grid.colOf(e.getMaxX())));
        double r0 = Math.max(0, Math.floor(grid.rowOf(e.getMaxY()))), r1 = Math.min(grid.height(), Math.ceil(grid.rowOf(e.getMinY())));
        if (!(c1 > c0 && r1 > r0)) return 0;
        long cols = (long) (c1 - c0) + 2, rows = Math.min(BAND_ROWS, (long) (r1 - r0));
        return cols * rows * (4 + 4 + 2 + 1) + cols * 8 + 64L * polygon.getNumPoints() + (64L << 10);
    }

    /**
     * Summarises {@code polygon} (the part of {@code site} to count, both in the raster's CRS) over {@code raster},
     * in ground areas: every cell weighs its covered area in the grid times {@code siteGroundAreaM2 /
     * site.getArea()}, so fractions are exact in the scene grid and every area is that fraction of the site's
     * geodesic area ({@link Geo#areaM2}), the same in every CRS. The summary's site area is
     * {@code siteGroundAreaM2}, so site area outside the raster counts as no data.
     */
    public static ZonalSummary summarize(IndexRaster raster, Geometry polygon, Geometry site, double siteGroundAreaM2,
                                         PixelRule rule) {
        double gridArea = site.getArea();
        double toGround = gridArea > 0 && siteGroundAreaM2 > 0 ? siteGroundAreaM2 / gridArea : 1;
        ZonalSummary summary = new ZonalSummary(siteGroundAreaM2);
        if (polygon.isEmpty()) return summary;
        RasterGrid grid = raster.grid();
        PolygonCoverage cov = PolygonCoverage.of(polygon, grid, rule);
        if (cov.isEmpty()) return summary;
        int c0 = cov.colMin(), w = cov.colMax() - cov.colMin();
        int maxRows = Math.min(BAND_ROWS, cov.rowMax() - cov.rowMin());
        float[] coverage = new float[w * maxRows];
        short[] codes = new short[w * maxRows];
        byte[] classes = new byte[w * maxRows];
        float[] values = new float[w * maxRows];
        for (int r0 = cov.rowMin(); r0 < cov.rowMax(); r0 += BAND_ROWS) {
            int rows = Math.min(BAND_ROWS, cov.rowMax() - r0);
            cov.fillRows(r0, r0 + rows, coverage);
            raster.read(0, c0, r0, w, rows, codes);
            decode(codes, rows * w, classes, values);
            summary.addBlock(coverage, 0, w, classes, values, 0, w, w, rows, grid.pixelArea() * toGround);
        }
        return summary;
    }

    /** Splits stored samples into class codes and float values (NaN where a sample is a class code). */
    static void decode(short[] codes, int n, byte[] classes, float[] values) {
        for (int i = 0; i < n; i++) {
            short s = codes[i];
            if (IndexCodes.isValue(s)) {
                classes[i] = 0;
                values[i] = s * (1f / IndexCodes.SCALE);
            } else {
                classes[i] = IndexCodes.classOf(s);
                values[i] = Float.NaN;
            }
        }
    }
}
