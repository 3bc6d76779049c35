package greencover.service;

import greencover.core.raster.IndexCodes;
import greencover.core.raster.IndexRaster;
import greencover.core.raster.PixelClass;
import greencover.core.raster.RasterGrid;
import greencover.core.zonal.PixelRule;
import greencover.core.zonal.PolygonCoverage;
import greencover.core.zonal.ZonalSummary;
import greencover.domain.Scene;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.geotools.api.referencing.crs.CoordinateReferenceSystem;
import org.geotools.api.referencing.operation.MathTransform;
import org.geotools.referencing.CRS;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

/**
 * The one rule for several scenes of one date over a site: every ground pixel of the site is counted once, from the
 * scene that observed it best, so the date's point is the union of its scenes' observations, whatever order they
 * were ingested in.
 *
 * <h2>Per pixel</h2>
 * The site is rasterised once, on the grid of the first scene in priority order (its lattice, extended over the whole
 * site), with the query's {@link PixelRule}. At each cell every scene is read at the cell's centre (transformed into
 * the scene's CRS when it differs; a scene on the same lattice is read cell for cell, exactly). The cell goes to the
 * scene whose class ranks highest — clear (valid or water) &gt; snow &gt; shadow &gt; cloud &gt; no data (outside a
 * scene is no data) — and among equal ranks to the scene first in priority. The cell then weighs its covered area in
 * that grid, as for a single scene, and carries that scene's class and value.
 *
 * <h2>Priority</h2>
 * <ol>
 *   <li>the finer sensor: the smaller ground pixel (side of a pixel in metres at the site, rounded to the metre);</li>
 *   <li>the newer processing: the larger {@code processingBaseline} (a scene without one ranks last);</li>
 *   <li>the clearer scene: the larger clear (valid + water) area over the site;</li>
 *   <li>the smaller scene id (a hash of the scene's files and settings, so independent of ingest order).</li>
 * </ol>
 *
 * <p>The result is one summary per scene, its <em>share</em>: the cells it won. The shares of a date add up to the
 * site (their fractions sum to 1) and are stored per (site, scene, index); a date with one scene is that scene's
 * exact summary ({@link SiteSummarizer}).
 */
public final class SameDateMerge {
    private static final int BAND_ROWS = 256;
    /** At most this many cells per band of rows (each candidate holds about 35 bytes per cell of a band). */
    private static final int BAND_CELLS = 1 << 20;

    private SameDateMerge() {}

    /** One scene of the date and the index raster it enters with. */
    public record Entry(Scene scene, IndexRaster raster) {}

    /** The rank of a pixel class for the merge: clear 4, snow 3, shadow 2, cloud 1, no data 0. */
    static int rank(byte cls) {
        switch (cls) {
            case PixelClass.VALID_CODE:
            case PixelClass.WATER_CODE: return 4;
            case PixelClass.SNOW_CODE: return 3;
            case PixelClass.SHADOW_CODE: return 2;
            case PixelClass.CLOUD_CODE: return 1;
            default: return 0;
        }
    }

    /**
     * The scenes of one date whose footprints intersect a site, from {@code ordered} (any order), sorted by id: the
     * group the merge is computed over.
     */
    public static List<Scene> group(List<Scene> ordered, Scene of, Geometry siteWgs84) {
        List<Scene> out = new ArrayList<>();
        for (Scene s : ordered) {
            if (s.date().equals(of.date()) && s.footprintWgs84().intersects(siteWgs84)) out.add(s);
        }
        out.sort(Comparator.comparing(Scene::id));
        return out;
    }

    /**
     * The share of every entry (by scene id, in priority order) of site {@code siteWgs84} (ground area
     * {@code groundM2}) under {@code rule}; see the class comment. Every share's site area is {@code groundM2}.
     */
    public static Map<String, ZonalSummary> shares(Geometry siteWgs84, double groundM2, List<Entry> entries, PixelRule rule) {
        Map<String, ZonalSummary> out = new LinkedHashMap<>();
        if (entries.isEmpty()) return out;
        if (entries.size() == 1) {
            Entry e = entries.get(0);
            Geometry whole = Geo.fromWgs84(siteWgs84, Geo.crsOf(e.scene()));
            out.put(e.scene().id(), SiteSummarizer.summarize(e.raster(), whole, whole, groundM2, rule));
            return out;
        }
        List<Candidate> cs = new ArrayList<>();
        for (Entry e : entries) cs.add(new Candidate(e, siteWgs84, groundM2));
        Comparator<Candidate> preliminary = Comparator.comparingDouble((Candidate c) -> c.side)
                .thenComparing(Comparator.comparingDouble((Candidate c) -> c.processing).reversed())
                .thenComparing(c -> c.entry.scene().id());
        cs.sort(preliminary);
        Candidate ref = cs.get(0);
        Geometry siteRef = ref.site;
        RasterGrid g = ref.entry.raster().grid();
        // the site's window, clipped to where some scene of the date lies (elsewhere is no data for all of them)
        Envelope scenes = new Envelope();
        for (Candidate c : cs) scenes.expandToInclude(Geo.fromWgs84(c.entry.scene().footprintWgs84(), ref.crs).getEnvelopeInternal());
        Envelope env = siteRef.getEnvelopeInternal().intersection(scenes);
        int c0 = (int) Math.floor(g.colOf(env.getMinX())), c1 = (int) Math.ceil(g.colOf(env.getMaxX()));
        int r0 = (int) Math.floor(g.rowOf(env.getMaxY())), r1 = (int) Math.ceil(g.rowOf(env.getMinY()));
        if (env.isNull() || c1 <= c0 || r1 <= r0 || !(siteRef.getArea() > 0)) {
            for (Candidate c : cs) out.put(c.entry.scene().id(), new ZonalSummary(groundM2));
            return out;
        }
        RasterGrid ext = new RasterGrid(c1 - c0, r1 - r0, g.minX() + c0 * g.pixelWidth(), g.maxY() - r0 * g.pixelHeight(),
                g.pixelWidth(), g.pixelHeight());
        PolygonCoverage cov = PolygonCoverage.of(siteRef, ext, rule);
        for (Candidate c : cs) c.prepare(ref, ext);
        double cellM2 = ext.pixelArea() * groundM2 / siteRef.getArea();
        // pass 1: every scene's clear area over the site, for the third priority
        double[] covered = {0};
        sweep(cov, ext, cs, (band, rows, w) -> {
            for (int i = 0; i < rows * w; i++) covered[0] += band[i];
            for (Candidate c : cs) {
                for (int i = 0; i < rows * w; i++) if (PixelClass.isClear(c.cls[i])) c.clear += band[i];
            }
        });
        List<Candidate> order = new ArrayList<>(cs);
        order.sort(Comparator.comparingDouble((Candidate c) -> c.side)
                .thenComparing(Comparator.comparingDouble((Candidate c) -> c.processing).reversed())
                .thenComparing(Comparator.comparingDouble((Candidate c) -> Math.rint(c.clear / Math.max(covered[0], 1e-300) * 1e9)).reversed())
                .thenComparing(c -> c.entry.scene().id()));
        for (Candidate c : order) c.summary = new ZonalSummary(groundM2);
        int n = order.size();
        // pass 2: each cell to the best-ranked observation, the earlier in priority among equals
        sweep(cov, ext, order, (band, rows, w) -> {
            int m = rows * w;
            for (Candidate c : order) java.util.Arrays.fill(c.won, 0, m, 0f);
            for (int i = 0; i < m; i++) {
                if (!(band[i] > 0f)) continue;
                int best = 0, bestRank = -1;
                for (int k = 0; k < n; k++) {
                    int r = rank(order.get(k).cls[i]);
                    if (r > bestRank) {
                        bestRank = r;
                        best = k;
                    }
                }
                order.get(best).won[i] = band[i];
            }
            for (Candidate c : order) c.summary.addBlock(c.won, 0, w, c.cls, c.val, 0, w, w, rows, cellM2);
        });
        for (Candidate c : order) out.put(c.entry.scene().id(), c.summary);
        return out;
    }

    private interface BandWork { void accept(float[] coverage, int rows, int width); }

    /** Reads every candidate at the covered window of {@code ext}, band of rows by band of rows. */
    private static void sweep(PolygonCoverage cov, RasterGrid ext, List<Candidate> cs, BandWork work) {
        if (cov.isEmpty()) return;
        int w = cov.windowWidth(), step = Math.max(1, Math.min(BAND_ROWS, BAND_CELLS / w));
        int maxRows = Math.min(step, cov.windowHeight());
        float[] band = new float[w * maxRows];
        for (Candidate c : cs) c.buffers(w * maxRows);
        for (int r0 = cov.rowMin(); r0 < cov.rowMax(); r0 += step) {
            int rows = Math.min(step, cov.rowMax() - r0);
            cov.fillRows(r0, r0 + rows, band);
            for (Candidate c : cs) c.read(ext, cov.colMin(), r0, w, rows);
            work.accept(band, rows, w);
        }
    }

    /** One entry with what the merge needs of it: its CRS, the site in it, its ground pixel, its samples of a band. */
    private static final class Candidate {
        final Entry entry;
        final CoordinateReferenceSystem crs;
        final Geometry site;
        final double side, processing;
        double clear;
        ZonalSummary summary;
        MathTransform fromRef; // null when the scene shares the reference CRS
        int refCol0, refRow0; // for the reference scene itself: its column and row of the extended grid's (0, 0)
        boolean isRef;
        byte[] cls = new byte[0];
        float[] val = new float[0], won = new float[0];
        short[] codes = new short[0];
        double[] xy = new double[0];
        int[] atCol = new int[0], atRow = new int[0];

        Candidate(Entry e, Geometry siteWgs84, double groundM2) {
            this.entry = e;
            this.crs = Geo.crsOf(e.scene());
            this.site = Geo.fromWgs84(siteWgs84, crs);
            RasterGrid g = e.raster().grid();
            double scale = site.getArea() > 0 && groundM2 > 0 ? groundM2 / site.getArea() : 1;
            double s = Math.sqrt(g.pixelArea() * scale);
            this.side = s >= 1 ? Math.rint(s) : Math.rint(s * 100) / 100;
            double p = 0;
            String b = e.scene().sensorSettings().get("processingBaseline");
            if (b != null) {
                try {
                    p = Double.parseDouble(b.trim());
                } catch (NumberFormatException ignored) {
                    p = 0;
                }
            }
            this.processing = p;
        }

        void prepare(Candidate ref, RasterGrid ext) {
            isRef = this == ref;
            if (isRef) {
                RasterGrid g = entry.raster().grid();
                refCol0 = (int) Math.rint(g.colOf(ext.minX()));
                refRow0 = (int) Math.rint(g.rowOf(ext.maxY()));
                return;
            }
            if (sameCrs(entry.scene(), ref.entry.scene())) return;
            try {
                fromRef = CRS.findMathTransform(ref.crs, crs, true);
            } catch (Exception | LinkageError e) {
                throw new greencover.service.error.InvalidInputException("invalid_crs", "crs", "no transform from the CRS of scene "
                        + ref.entry.scene().id() + " to that of scene " + entry.scene().id() + ": " + e.getMessage());
            }
        }

        void buffers(int cells) {
            if (cls.length < cells) {
                cls = new byte[cells];
                val = new float[cells];
                won = new float[cells];
                codes = new short[cells];
            }
        }

        /** Class codes and values of this scene at the cells [col0, col0 + w) × [row0, row0 + rows) of {@code ext}. */
        void read(RasterGrid ext, int col0, int row0, int w, int rows) {
            int m = w * rows;
            IndexRaster raster = entry.raster();
            if (isRef) {
                raster.read(0, refCol0 + col0, refRow0 + row0, w, rows, codes);
                SiteSummarizer.decode(codes, m, cls, val);
                return;
            }
            if (xy.length < 2 * m) {
                xy = new double[2 * m];
                atCol = new int[m];
                atRow = new int[m];
            }
            for (int r = 0; r < rows; r++) {
                double y = ext.centerY(row0 + r);
                for (int c = 0; c < w; c++) {
                    int i = r * w + c;
                    xy[2 * i] = ext.centerX(col0 + c);
                    xy[2 * i + 1] = y;
                }
            }
            if (fromRef != null) {
                try {
                    fromRef.transform(xy, 0, xy, 0, m);
                } catch (Exception e) {
                    java.util.Arrays.fill(xy, 0, 2 * m, Double.NaN); // points the transform cannot take are not observed
                }
            }
            RasterGrid g = raster.grid();
            int cMin = Integer.MAX_VALUE, cMax = -1, rMin = Integer.MAX_VALUE, rMax = -1;
            for (int i = 0; i < m; i++) {
                double cc = Math.floor(g.colOf(xy[2 * i])), rr = Math.floor(g.rowOf(xy[2 * i + 1]));
                if (!(cc >= 0 && cc < g.width() && rr >= 0 && rr < g.height())) {
                    atCol[i] = -1;
                    continue;
                }
                int ci = (int) cc, ri = (int) rr;
                atCol[i] = ci;
                atRow[i] = ri;
                cMin = Math.min(cMin, ci);
                cMax = Math.max(cMax, ci);
                rMin = Math.min(rMin, ri);
                rMax = Math.max(rMax, ri);
            }
            if (cMax < 0) {
                java.util.Arrays.fill(cls, 0, m, PixelClass.NODATA_CODE);
                java.util.Arrays.fill(val, 0, m, Float.NaN);
                return;
            }
            int ww = cMax - cMin + 1, wh = rMax - rMin + 1;
            long window = (long) ww * wh;
            if (window <= 4L * m + 4096) {
                short[] win = new short[(int) window];
                raster.read(0, cMin, rMin, ww, wh, win);
                for (int i = 0; i < m; i++) {
                    codes[i] = atCol[i] < 0 ? IndexCodes.NODATA : win[(atRow[i] - rMin) * ww + (atCol[i] - cMin)];
                }
            } else { // a sparse scatter (e.g. a much finer or rotated scene): one sample each
                for (int i = 0; i < m; i++) {
                    codes[i] = atCol[i] < 0 ? IndexCodes.NODATA : raster.sample(0, atCol[i], atRow[i]);
                }
            }
            SiteSummarizer.decode(codes, m, cls, val);
        }
    }

    /** Whether two scenes' grids are in one CRS (the same EPSG code, or the same user-defined definition). */
    static boolean sameCrs(Scene a, Scene b) {
        if (a.epsg() > 0 || b.epsg() > 0) return a.epsg() == b.epsg();
        return a.crsWkt().equals(b.crsWkt());
    }
}
