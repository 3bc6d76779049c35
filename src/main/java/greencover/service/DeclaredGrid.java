package greencover.service;

import greencover.core.raster.RasterGrid;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.locationtech.jts.geom.Envelope;

/**
 * The grid a STAC item declares for one band's asset ({@code proj:transform}, {@code proj:shape} and the CRS code, on
 * the asset or else the item), as recorded in a remote scene's source under {@link #TRANSFORM}, {@link #SHAPE} and
 * {@link #CRS} plus the band role. It lets an ingest leave out, before any range request, an item whose grid meets no
 * site, and warn when the file's header says otherwise (the header is what is read).
 *
 * @param transform GDAL's geotransform order as STAC writes it: x = t0 col + t1 row + t2, y = t3 col + t4 row + t5
 * @param rows      {@code proj:shape[0]}
 * @param cols      {@code proj:shape[1]}
 * @param crs       the CRS code ({@code EPSG:32650}), or null when none is declared
 */
public record DeclaredGrid(String role, double[] transform, int rows, int cols, String crs) {
    /** The source keys, each followed by {@code .<role>}. */
    public static final String TRANSFORM = "projTransform", SHAPE = "projShape", CRS = "projCrs";

    /** The declared grids recorded in {@code source}, by band role in the order of {@code roles}; bands without one are left out. */
    static List<DeclaredGrid> of(Map<String, String> source, List<String> roles) {
        List<DeclaredGrid> out = new ArrayList<>();
        for (String role : roles) {
            String t = source.get(TRANSFORM + "." + role), s = source.get(SHAPE + "." + role);
            if (t == null || s == null) continue;
            try {
                String[] tp = t.split(","), sp = s.split(",");
                if (tp.length < 6 || sp.length != 2) continue;
                double[] tr = new double[6];
                for (int i = 0; i < 6; i++) tr[i] = Double.parseDouble(tp[i].trim());
                int rows = Integer.parseInt(sp[0].trim()), cols = Integer.parseInt(sp[1].trim());
                if (rows <= 0 || cols <= 0) continue;
                out.add(new DeclaredGrid(role, tr, rows, cols, source.get(CRS + "." + role)));
            } catch (NumberFormatException e) {
                // a declaration that cannot be read is no declaration: the header decides
            }
        }
        return out;
    }

    /** The EPSG code of {@link #crs}, or 0 when it is not an {@code EPSG:} code. */
    int epsg() {
        if (crs == null || !crs.toUpperCase(Locale.ROOT).startsWith("EPSG:")) return 0;
        try {
            return Integer.parseInt(crs.substring(5).trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The ground the grid covers, in its CRS (the envelope of its four corners, rotation terms included). */
    Envelope envelope() {
        Envelope e = new Envelope();
        for (int[] c : new int[][] {{0, 0}, {cols, 0}, {0, rows}, {cols, rows}}) {
            e.expandToInclude(transform[0] * c[0] + transform[1] * c[1] + transform[2], transform[3] * c[0] + transform[4] * c[1] + transform[5]);
        }
        return e;
    }

    /**
     * How this declaration disagrees with the file's own grid {@code header} (a relative 1e-6 of a pixel), or null when it
     * agrees.
     */
    String disagreement(RasterGrid header) {
        double tol = 1e-6 * Math.max(Math.abs(header.pixelWidth()), Math.abs(header.pixelHeight()));
        boolean same = rows == header.height() && cols == header.width()
                && Math.abs(transform[0] - header.pixelWidth()) <= tol && Math.abs(transform[1]) <= tol
                && Math.abs(transform[2] - header.minX()) <= 1e-3 * header.pixelWidth() + tol
                && Math.abs(transform[3]) <= tol && Math.abs(transform[4] + header.pixelHeight()) <= tol
                && Math.abs(transform[5] - header.maxY()) <= 1e-3 * header.pixelHeight() + tol;
        if (same) return null;
        return "proj:shape [" + rows + ", " + cols + "] and proj:transform [" + num(transform[0]) + ", " + num(transform[1]) + ", "
                + num(transform[2]) + ", " + num(transform[3]) + ", " + num(transform[4]) + ", " + num(transform[5]) + "], but its header says ["
                + header.height() + ", " + header.width() + "] and [" + num(header.pixelWidth()) + ", 0, " + num(header.minX()) + ", 0, "
                + num(-header.pixelHeight()) + ", " + num(header.maxY()) + "]";
    }

    private static String num(double v) {
        return java.math.BigDecimal.valueOf(v).round(new java.math.MathContext(12)).stripTrailingZeros().toPlainString();
    }
}
