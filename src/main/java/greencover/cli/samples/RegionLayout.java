package greencover.cli.samples;

import greencover.core.raster.RasterGrid;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fixed part of a region, shared by all its scenes: the 10 m and 20 m grids (identical edges), the
 * land cover of each 10 m cell, the site masks and the per-cell parameters of the landscape model
 * (greening half-time, target NDVI, background phenology, bare-ground brightness).
 */
final class RegionLayout {

    static final byte BACKGROUND = 0;
    static final byte RESTORED = 1;
    static final byte BARE = 2;
    static final byte WATER = 3;

    final SampleConfig.Region region;
    final Landscape landscape;
    final LonLatProjector projector;
    final RasterGrid grid10;
    final RasterGrid grid20;
    /** Land cover per 10 m cell (BACKGROUND, RESTORED, BARE, WATER). */
    final byte[] cover;
    /** Masks of the landscape's sites on the 10 m grid, in landscape order (restored, then bare). */
    final Map<String, boolean[]> siteMasks10 = new LinkedHashMap<>();
    /** Masks of the landscape's sites on the 20 m grid. */
    final Map<String, boolean[]> siteMasks20 = new LinkedHashMap<>();
    /** Decimal year at which a restored cell is half green. */
    final float[] halfTimeYear;
    /** Peak-season NDVI of a restored cell once fully green. */
    final float[] targetNdvi;
    /** Forest share of a background cell (1 forest, 0 farmland). */
    final float[] forestWeight;
    /** Mean-NDVI offset of forest cells. */
    final float[] forestOffset;
    /** Peak-day shift of farmland parcels (days). */
    final float[] farmPeakShiftDays;
    /** Red reflectance of the cell when bare. */
    final float[] bareRed;

    RegionLayout(SampleConfig.Region region, SiteCatalog catalog, long seed) {
        this.region = region;
        this.landscape = region.landscape();
        this.projector = new LonLatProjector(region.epsg());

        double minX = Double.POSITIVE_INFINITY, minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY, maxY = Double.NEGATIVE_INFINITY;
        for (String id : region.extentSiteIds()) {
            double[] b = catalog.outline(id, projector).bounds();
            minX = Math.min(minX, b[0]);
            minY = Math.min(minY, b[1]);
            maxX = Math.max(maxX, b[2]);
            maxY = Math.max(maxY, b[3]);
        }
        double step = 20;
        double x0 = Math.floor((minX - region.marginM()) / step) * step;
        double y0 = Math.floor((minY - region.marginM()) / step) * step;
        double x1 = Math.ceil((maxX + region.marginM()) / step) * step;
        double y1 = Math.ceil((maxY + region.marginM()) / step) * step;
        int w20 = (int) Math.round((x1 - x0) / step);
        int h20 = (int) Math.round((y1 - y0) / step);
        this.grid20 = new RasterGrid(w20, h20, x0, y1, 20, 20);
        this.grid10 = new RasterGrid(2 * w20, 2 * h20, x0, y1, 10, 10);

        int n = grid10.width() * grid10.height();
        this.cover = new byte[n];
        for (String id : landscape.restoredSiteIds()) {
            SiteOutline outline = catalog.outline(id, projector);
            boolean[] mask = PolygonRasterizer.mask(grid10, outline.rings());
            siteMasks10.put(id, mask);
            siteMasks20.put(id, PolygonRasterizer.mask(grid20, outline.rings()));
            for (int i = 0; i < n; i++) {
                if (mask[i]) cover[i] = RESTORED;
            }
        }
        for (String id : landscape.bareSiteIds()) {
            SiteOutline outline = catalog.outline(id, projector);
            boolean[] mask = PolygonRasterizer.mask(grid10, outline.rings());
            siteMasks10.put(id, mask);
            siteMasks20.put(id, PolygonRasterizer.mask(grid20, outline.rings()));
            for (int i = 0; i < n; i++) {
                if (mask[i]) cover[i] = BARE;
            }
        }

        long regionSeed = Seeds.derive(seed, region.epsg());
        double[] halfTimeField = new SmoothField(Seeds.derive(regionSeed, 1), 900, 3).sample(grid10);
        double[] targetField = new SmoothField(Seeds.derive(regionSeed, 2), 600, 3).sample(grid10);
        double[] bareParcelField = new SmoothField(Seeds.derive(regionSeed, 3), 500, 2).sample(grid10);
        double[] forestField = new SmoothField(Seeds.derive(regionSeed, 4), 1200, 3).sample(grid10);
        double[] farmField = new SmoothField(Seeds.derive(regionSeed, 5), 250, 1).sample(grid10);
        double[] brightnessField = new SmoothField(Seeds.derive(regionSeed, 6), 400, 3).sample(grid10);

        Map<String, Double> shifts = landscape.halfTimeShiftYears();
        this.halfTimeYear = new float[n];
        this.targetNdvi = new float[n];
        for (String id : landscape.restoredSiteIds()) {
            boolean[] mask = siteMasks10.get(id);
            double shift = shifts.getOrDefault(id, 0.0);
            for (int i = 0; i < n; i++) {
                if (mask[i]) {
                    halfTimeYear[i] = (float) (landscape.halfTimeYear() + shift + landscape.halfTimeSpreadYears() * halfTimeField[i]);
                    targetNdvi[i] = (float) (landscape.targetNdvi() + 0.1 * targetField[i]);
                }
            }
        }

        // parcels that stay bare: the highest values of a smooth field over restored cells
        if (landscape.bareParcelShare() > 0) {
            double threshold = upperQuantile(bareParcelField, cover, RESTORED, landscape.bareParcelShare());
            for (int i = 0; i < n; i++) {
                if (cover[i] == RESTORED && bareParcelField[i] > threshold) cover[i] = BARE;
            }
        }

        Landscape.Pond pond = landscape.pond();
        if (pond != null) {
            double[] c = projector.project(new double[] {pond.lon(), pond.lat()});
            for (int row = 0; row < grid10.height(); row++) {
                double dy = (grid10.centerY(row) - c[1]) / pond.semiAxisYM();
                for (int col = 0; col < grid10.width(); col++) {
                    double dx = (grid10.centerX(col) - c[0]) / pond.semiAxisXM();
                    if (dx * dx + dy * dy <= 1) cover[row * grid10.width() + col] = WATER;
                }
            }
        }

        this.forestWeight = new float[n];
        this.forestOffset = new float[n];
        this.farmPeakShiftDays = new float[n];
        this.bareRed = new float[n];
        double farmThreshold = landscape.farmlandShare() <= 0 ? Double.NEGATIVE_INFINITY
                : lowerQuantile(forestField, landscape.farmlandShare());
        for (int i = 0; i < n; i++) {
            double w = landscape.farmlandShare() <= 0 ? 1 : clamp((forestField[i] - farmThreshold) / 0.06 + 0.5, 0, 1);
            forestWeight[i] = (float) w;
            forestOffset[i] = (float) (0.1 * targetField[i]);
            farmPeakShiftDays[i] = (float) (130 * farmField[i]);
            bareRed[i] = (float) (landscape.bareRedReflectance() * (1 + 0.6 * brightnessField[i]));
        }
    }

    /** The value above which a share {@code share} of the cells of class {@code cls} lie. */
    private static double upperQuantile(double[] values, byte[] classes, byte cls, double share) {
        int count = 0;
        for (byte c : classes) {
            if (c == cls) count++;
        }
        if (count == 0) return Double.POSITIVE_INFINITY;
        double[] selected = new double[count];
        int k = 0;
        for (int i = 0; i < values.length; i++) {
            if (classes[i] == cls) selected[k++] = values[i];
        }
        Arrays.sort(selected);
        int index = (int) Math.floor((1 - share) * count);
        return index >= count ? Double.POSITIVE_INFINITY : selected[Math.max(0, index)];
    }

    private static double lowerQuantile(double[] values, double share) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(share * sorted.length))];
    }

    static double clamp(double v, double lo, double hi) {
        return v < lo ? lo : (v > hi ? hi : v);
    }

    /** Site ids with at least one 10 m cell in the extent, restored sites first. */
    List<String> sitesInExtent() {
        return siteMasks10.entrySet().stream().filter(e -> {
            for (boolean b : e.getValue()) {
                if (b) return true;
            }
            return false;
        }).map(Map.Entry::getKey).toList();
    }
}
