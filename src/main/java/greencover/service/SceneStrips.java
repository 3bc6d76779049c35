package greencover.service;

import greencover.core.raster.BandRole;
import greencover.core.raster.DnBands;
import greencover.core.raster.GeoTiffSource;
import greencover.core.raster.RasterGrid;
import greencover.service.error.InvalidInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the bands of one scene strip by strip on the grid of its red band. Bands on another grid of the
 * same CRS (a 20 m SCL under 10 m bands) are resampled by nearest neighbour: each reference pixel takes
 * the source pixel containing its centre; reference pixels outside a band's extent read as 0 (no data).
 */
final class SceneStrips implements AutoCloseable {
    private final Map<Object, GeoTiffSource> sources = new LinkedHashMap<>();
    private final Map<BandRole, BandInput> inputs;
    /** The inputs grouped by the source that holds them, so each file's strip is decoded once for all its bands. */
    private final Map<GeoTiffSource, List<BandInput>> byFile = new LinkedHashMap<>();
    private RasterGrid grid;
    private final int epsg;
    private final org.geotools.api.referencing.crs.CoordinateReferenceSystem crs;

    SceneStrips(Map<BandRole, BandInput> inputs) {
        this(inputs, in -> GeoTiffSource.open(in.file(), in.field()));
    }

    /** The bands of {@code inputs}, each source opened once by {@code open} (remote sources: by ranges). */
    SceneStrips(Map<BandRole, BandInput> inputs, java.util.function.Function<BandInput, GeoTiffSource> open) {
        this.inputs = inputs;
        try {
            for (BandInput in : inputs.values()) {
                GeoTiffSource s = sources.get(in.sourceKey());
                if (s == null) {
                    s = open.apply(in);
                    sources.put(in.sourceKey(), s);
                }
                if (in.band() >= s.bandCount()) {
                    throw new InvalidInputException("missing_band", in.field(), in.field() + ": band " + (in.band() + 1)
                            + " (" + in.role().key() + ") requested but the file has " + s.bandCount() + " band(s)");
                }
            }
            for (BandInput in : inputs.values()) byFile.computeIfAbsent(sources.get(in.sourceKey()), k -> new ArrayList<>()).add(in);
            GeoTiffSource ref = sources.get(inputs.get(BandRole.RED).sourceKey());
            grid = ref.grid();
            epsg = ref.epsg();
            crs = ref.crs();
            for (BandInput in : inputs.values()) {
                GeoTiffSource s = sources.get(in.sourceKey());
                boolean same = epsg > 0 || s.epsg() > 0 ? s.epsg() == epsg
                        : sameCrs(s.crs(), crs);
                if (!same) {
                    throw new InvalidInputException("crs_mismatch", in.field(), in.field() + " is in " + Geo.label(s.crs(), s.epsg())
                            + " but the red band is in " + Geo.label(crs, epsg));
                }
                RasterGrid g = s.grid();
                boolean overlaps = g.minX() < grid.maxX() && g.maxX() > grid.minX() && g.minY() < grid.maxY() && g.maxY() > grid.minY();
                if (!overlaps) {
                    throw new InvalidInputException("extent_mismatch", in.field(), in.field() + " does not overlap the red band");
                }
                if (!wholeRatio(g.pixelWidth(), grid.pixelWidth()) || !wholeRatio(g.pixelHeight(), grid.pixelHeight())) {
                    throw new InvalidInputException("resolution_mismatch", in.field(), in.field() + " (" + in.role().key()
                            + ") has pixels of " + size(g) + " but the red band " + size(grid) + "; a band's pixel size must be "
                            + "the red band's or a whole multiple or fraction of it (a 20 m SCL under 10 m bands), as it is "
                            + "read at the red band's pixel centres");
                }
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** True when {@code a} / {@code b} or {@code b} / {@code a} is a whole number (to a relative 1e-6). */
    static boolean wholeRatio(double a, double b) {
        double r = a >= b ? a / b : b / a;
        return Math.abs(r - Math.rint(r)) <= 1e-6 * r;
    }

    private static String size(RasterGrid g) {
        return String.format(java.util.Locale.ROOT, "%s x %s", trim(g.pixelWidth()), trim(g.pixelHeight()));
    }

    private static String trim(double v) {
        return java.math.BigDecimal.valueOf(v).round(new java.math.MathContext(9)).stripTrailingZeros().toPlainString();
    }

    /** True when {@code a} and {@code b} (both user-defined) are the same CRS: the operation between them is the identity. */
    private static boolean sameCrs(org.geotools.api.referencing.crs.CoordinateReferenceSystem a,
                                   org.geotools.api.referencing.crs.CoordinateReferenceSystem b) {
        try {
            return org.geotools.referencing.CRS.equalsIgnoreMetadata(a, b) || org.geotools.referencing.CRS.findMathTransform(a, b, false).isIdentity();
        } catch (Exception | LinkageError e) {
            return false;
        }
    }

    RasterGrid grid() { return grid; }

    /** The whole-file grid of the source that holds band {@code role}, or null when the scene has no such band. */
    RasterGrid fileGrid(BandRole role) {
        BandInput in = inputs.get(role);
        return in == null ? null : sources.get(in.sourceKey()).fullGrid();
    }

    /** The red band's source (the reference grid). */
    GeoTiffSource reference() { return sources.get(inputs.get(BandRole.RED).sourceKey()); }

    /** The red band's GDAL scale/offset, read from its header, for a remote red band; else null. */
    greencover.core.raster.GdalScaling remoteRedScaling() {
        BandInput red = inputs.get(BandRole.RED);
        return red.isRemote() ? reference().scaling(red.band()) : null;
    }

    /**
     * Narrows every source to the ground of {@code redWindow} (pixels of the red band's file): the red band's source to
     * exactly it, the others to the pixels of their own grids that cover it, widened to their whole blocks. The scene's
     * grid becomes the window's.
     */
    void window(java.awt.Rectangle redWindow) {
        GeoTiffSource ref = reference();
        ref.window(redWindow.x, redWindow.y, redWindow.width, redWindow.height);
        RasterGrid w = ref.grid();
        for (GeoTiffSource s : sources.values()) {
            if (s == ref) continue;
            RasterGrid g = s.fullGrid();
            int c0 = (int) Math.floor(g.colOf(w.minX()) + 1e-9), c1 = (int) Math.ceil(g.colOf(w.maxX()) - 1e-9);
            int r0 = (int) Math.floor(g.rowOf(w.maxY()) + 1e-9), r1 = (int) Math.ceil(g.rowOf(w.minY()) - 1e-9);
            int bw = Math.max(1, s.blockWidth()), bh = Math.max(1, s.blockHeight());
            c0 = Math.floorDiv(c0, bw) * bw;
            r0 = Math.floorDiv(r0, bh) * bh;
            c1 = Math.min(g.width(), Math.max(c0 + 1, (int) Math.ceil(c1 / (double) bw) * bw));
            r1 = Math.min(g.height(), Math.max(r0 + 1, (int) Math.ceil(r1 / (double) bh) * bh));
            c0 = Math.max(0, c0);
            r0 = Math.max(0, r0);
            if (c0 < c1 && r0 < r1) s.window(c0, r0, c1 - c0, r1 - r0);
        }
        grid = w;
    }

    /** The roles of the scene's bands (including the mask when given). */
    java.util.Set<BandRole> roles() { return java.util.Collections.unmodifiableSet(inputs.keySet()); }

    /** The EPSG code of the scene's CRS, 0 when it is user-defined. */
    int epsg() { return epsg; }

    /** The scene's CRS (the red band's), east/north. */
    org.geotools.api.referencing.crs.CoordinateReferenceSystem crs() { return crs; }

    /**
     * Suggested strip height: 512 rows; a window read in place of at most {@link #ONE_STRIP_PIXELS} pixels is one strip,
     * so that each of its blocks (GDAL's COGs: 1024 rows) is decoded once, not once per strip it meets.
     */
    int stripRows() {
        boolean remote = inputs.values().stream().anyMatch(BandInput::isRemote);
        return remote && (long) grid.width() * grid.height() <= ONE_STRIP_PIXELS ? Math.max(1, grid.height()) : 512;
    }

    /** The largest window read in place as one strip. */
    static final long ONE_STRIP_PIXELS = 4L << 20;

    /**
     * Fills {@code out.get(role)} (length ≥ width × rows) with the DNs of rows [row0, row0 + rows) on the
     * reference grid, for every role of {@code out}; the scene's other bands are not decoded.
     */
    void read(int row0, int rows, DnBands out) {
        for (var e : byFile.entrySet()) {
            GeoTiffSource s = e.getKey();
            List<BandInput> ins = e.getValue().stream().filter(in -> out.has(in.role())).toList();
            if (ins.isEmpty()) continue;
            int[] bands = ins.stream().mapToInt(BandInput::band).toArray();
            if (s.grid().equals(grid)) {
                int[][] dst = new int[ins.size()][];
                for (int k = 0; k < ins.size(); k++) dst[k] = out.get(ins.get(k).role());
                s.readRows(row0, rows, bands, dst);
            } else {
                resampled(s, row0, rows, ins, bands, out);
            }
        }
    }

    private void resampled(GeoTiffSource s, int row0, int rows, List<BandInput> ins, int[] bands, DnBands out) {
        RasterGrid g = s.grid();
        int w = grid.width();
        int[] colMap = new int[w];
        for (int c = 0; c < w; c++) {
            double sc = Math.floor(g.colOf(grid.centerX(c)));
            colMap[c] = sc < 0 || sc >= g.width() ? -1 : (int) sc;
        }
        int[] rowMap = new int[rows];
        int lo = Integer.MAX_VALUE, hi = -1;
        for (int r = 0; r < rows; r++) {
            double sr = Math.floor(g.rowOf(grid.centerY(row0 + r)));
            rowMap[r] = sr < 0 || sr >= g.height() ? -1 : (int) sr;
            if (rowMap[r] >= 0) {
                lo = Math.min(lo, rowMap[r]);
                hi = Math.max(hi, rowMap[r]);
            }
        }
        int[][] src = new int[ins.size()][];
        if (hi >= 0) {
            for (int k = 0; k < ins.size(); k++) src[k] = new int[g.width() * (hi - lo + 1)];
            s.readRows(lo, hi - lo + 1, bands, src);
        }
        for (int k = 0; k < ins.size(); k++) {
            int[] dst = out.get(ins.get(k).role());
            for (int r = 0; r < rows; r++) {
                int o = r * w;
                if (rowMap[r] < 0) {
                    java.util.Arrays.fill(dst, o, o + w, 0);
                    continue;
                }
                int so = (rowMap[r] - lo) * g.width();
                for (int c = 0; c < w; c++) dst[o + c] = colMap[c] < 0 ? 0 : src[k][so + colMap[c]];
            }
        }
    }

    @Override
    public void close() {
        for (GeoTiffSource s : sources.values()) s.close();
    }
}
