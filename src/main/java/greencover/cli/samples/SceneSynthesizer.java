package greencover.cli.samples;

import greencover.core.raster.RasterGrid;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Synthesises one acquisition of a region: 10 m red and NIR DNs and the 20 m scene classification.
 * Ground NDVI comes from the {@link Landscape} model; red reflectance is interpolated between bare ground
 * and vegetation and NIR follows from {@code nir = red (1 + ndvi) / (1 - ndvi)}. Sky effects (no-data
 * corner, cloud, cirrus, shadow, snow) are decided on the 20 m grid and applied to the four 10 m cells
 * of each 20 m cell, so the SCL resampled by nearest neighbour matches the bands exactly.
 * DN = round(10000 ρ) + (1000 from baseline 04.00), clamped to [1, 65535]; DN 0 is no-data.
 */
final class SceneSynthesizer {

    static final byte SCL_NO_DATA = 0;
    static final byte SCL_CLOUD_SHADOW = 3;
    static final byte SCL_VEGETATION = 4;
    static final byte SCL_NOT_VEGETATED = 5;
    static final byte SCL_WATER = 6;
    static final byte SCL_CLOUD_MEDIUM = 8;
    static final byte SCL_CLOUD_HIGH = 9;
    static final byte SCL_THIN_CIRRUS = 10;
    static final byte SCL_SNOW = 11;

    private static final double VEGETATION_RED = 0.035;
    private static final double WATER_RED = 0.045;
    /** Per-pixel NDVI noise on restored sites. */
    static final double RESTORED_NDVI_SIGMA = 0.03;
    /** Per-pixel noise of NIR reflectance. */
    private static final double NIR_SIGMA = 0.003;
    /** Band of the cloud field below the opaque-cloud threshold that is thin cirrus. */
    private static final double CIRRUS_BAND = 0.05;
    /** Band of the cloud field above the threshold that is only medium-probability cloud. */
    private static final double MEDIUM_BAND = 0.06;
    /** Shadow displacement: the cloud that shades (x, y) lies at (x + dx, y + dy) (sun to the south-east). */
    private static final double SHADOW_DX_M = 450;
    private static final double SHADOW_DY_M = -550;

    private SceneSynthesizer() {
    }

    /**
     * Sky condition of one site in one scene, measured on its 10 m cells with the SCL of their 20 m parents.
     *
     * @param cloudFraction   share of cells under cloud or cirrus (SCL 8, 9, 10)
     * @param invalidFraction share of cells masked for statistics (SCL 0, 1, 3, 8, 9, 10, 11)
     * @param snowFraction    share of cells under snow (SCL 11)
     */
    record SiteSky(double cloudFraction, double invalidFraction, double snowFraction) {
    }

    /** The rasters of one scene and the sky condition per site. */
    record SceneRasters(short[] red, short[] nir, byte[] scl, Map<String, SiteSky> skyBySite) {
    }

    static SceneRasters synthesize(RegionLayout layout, SampleConfig.Scene scene, boolean dnOffset, long sceneSeed) {
        RasterGrid g10 = layout.grid10;
        RasterGrid g20 = layout.grid20;
        Landscape land = layout.landscape;
        int n10 = g10.width() * g10.height();
        int n20 = g20.width() * g20.height();
        SplittableRandom random = new SplittableRandom(sceneSeed);
        LocalDate date = scene.acquired();
        double doy = date.getDayOfYear();
        double year = date.getYear() + (doy - 0.5) / date.lengthOfYear();

        // ground truth at 10 m: noise-free NDVI and red give NIR; NIR gets a little noise, NDVI its
        // per-pixel noise, and red follows from both (most NDVI noise sits in red, as in real canopies)
        float[] ndvi = new float[n10];
        float[] red = new float[n10];
        float[] nirRefl = new float[n10];
        double restoredSeason = StrictMath.cos(2 * Math.PI * (doy - land.restoredPeakDoy()) / 365.0);
        double forestSeason = StrictMath.cos(2 * Math.PI * (doy - land.forestPeakDoy()) / 365.0);
        for (int i = 0; i < n10; i++) {
            double v;
            double sigma;
            switch (layout.cover[i]) {
                case RegionLayout.RESTORED -> {
                    double f = 1 / (1 + StrictMath.exp(-(year - layout.halfTimeYear[i]) / land.rateYears()));
                    double veg = layout.targetNdvi[i] - land.restoredAmplitude() * (1 - restoredSeason);
                    v = land.bareNdvi() + f * (veg - land.bareNdvi());
                    sigma = RESTORED_NDVI_SIGMA;
                }
                case RegionLayout.BARE -> {
                    v = land.bareNdvi() - 0.02;
                    sigma = 0.02;
                }
                case RegionLayout.WATER -> {
                    v = land.pond().ndvi();
                    sigma = 0.04;
                }
                default -> {
                    double forest = land.forestMeanNdvi() + layout.forestOffset[i] + land.forestAmplitude() * forestSeason;
                    double w = layout.forestWeight[i];
                    if (w < 1) {
                        double farmSeason = StrictMath.cos(2 * Math.PI * (doy - land.farmlandPeakDoy() - layout.farmPeakShiftDays[i]) / 365.0);
                        double farm = land.farmlandMeanNdvi() + land.farmlandAmplitude() * farmSeason;
                        v = w * forest + (1 - w) * farm;
                    } else {
                        v = forest;
                    }
                    sigma = 0.015;
                }
            }
            double r0;
            if (layout.cover[i] == RegionLayout.WATER) {
                r0 = WATER_RED;
            } else {
                double vegShare = RegionLayout.clamp((v - 0.1) / 0.7, 0, 1);
                r0 = layout.bareRed[i] * (1 - vegShare) + VEGETATION_RED * vegShare;
            }
            double nir = Math.max(0.01, r0 * (1 + v) / (1 - v) + NIR_SIGMA * gaussian(random));
            v = RegionLayout.clamp(v + sigma * gaussian(random), -0.5, 0.95);
            ndvi[i] = (float) v;
            nirRefl[i] = (float) nir;
            red[i] = (float) (nir * (1 - v) / (1 + v));
        }

        // sky at 20 m
        byte[] scl = new byte[n20];
        boolean cloudy = scene.cloudFraction() > 0;
        SmoothField cloudField = new SmoothField(Seeds.derive(sceneSeed, 11), 1400, 4);
        double[] cloud20 = cloudy ? cloudField.sample(g20) : null;
        double[] shadow20 = cloudy ? shiftedSample(cloudField, g20) : null;
        double cloudThreshold = cloudy
                ? opaqueThreshold(cloud20, shadow20, layout.siteMasks20.get(scene.cloudSiteId()), scene.cloudFraction(), scene.cloudSiteId())
                : Double.POSITIVE_INFINITY;
        boolean snowy = scene.snowFraction() > 0;
        double[] snow20 = snowy ? new SmoothField(Seeds.derive(sceneSeed, 12), 1000, 3).sample(g20) : null;
        double snowThreshold = snowy ? threshold(snow20, scene.snowFraction()) : Double.POSITIVE_INFINITY;
        for (int row = 0; row < g20.height(); row++) {
            for (int col = 0; col < g20.width(); col++) {
                int j = row * g20.width() + col;
                if (scene.nodataCorner() && isNoDataCorner(col, row, g20)) {
                    scl[j] = SCL_NO_DATA;
                } else if (cloudy && cloud20[j] > cloudThreshold + MEDIUM_BAND) {
                    scl[j] = SCL_CLOUD_HIGH;
                } else if (cloudy && cloud20[j] > cloudThreshold) {
                    scl[j] = SCL_CLOUD_MEDIUM;
                } else if (cloudy && cloud20[j] > cloudThreshold - CIRRUS_BAND) {
                    scl[j] = SCL_THIN_CIRRUS;
                } else if (cloudy && shadow20[j] > cloudThreshold) {
                    scl[j] = SCL_CLOUD_SHADOW;
                } else if (snowy && snow20[j] > snowThreshold) {
                    scl[j] = SCL_SNOW;
                } else {
                    scl[j] = groundClass(layout, ndvi, row, col);
                }
            }
        }

        // 10 m DNs
        short[] redDn = new short[n10];
        short[] nirDn = new short[n10];
        int offset = dnOffset ? 1000 : 0;
        for (int row = 0; row < g10.height(); row++) {
            for (int col = 0; col < g10.width(); col++) {
                int i = row * g10.width() + col;
                byte cls = scl[(row / 2) * g20.width() + col / 2];
                if (cls == SCL_NO_DATA) {
                    continue;
                }
                double r = red[i];
                double nir = nirRefl[i];
                switch (cls) {
                    case SCL_CLOUD_HIGH, SCL_CLOUD_MEDIUM -> {
                        double c = cloudField.at(g10.centerX(col), g10.centerY(row));
                        double strength = RegionLayout.clamp((c - cloudThreshold) / 0.2, 0, 1);
                        r = 0.28 + 0.35 * strength + 0.01 * gaussian(random);
                        nir = r * (1.03 + 0.02 * gaussian(random));
                    }
                    case SCL_THIN_CIRRUS -> {
                        r = 0.75 * r + 0.25 * 0.30;
                        nir = 0.75 * nir + 0.25 * 0.31;
                    }
                    case SCL_CLOUD_SHADOW -> {
                        r *= 0.35;
                        nir *= 0.35;
                    }
                    case SCL_SNOW -> {
                        r = 0.62 + 0.04 * gaussian(random);
                        nir = r * (0.93 + 0.02 * gaussian(random));
                    }
                    default -> {
                    }
                }
                redDn[i] = (short) toDn(r, offset);
                nirDn[i] = (short) toDn(nir, offset);
            }
        }

        Map<String, SiteSky> sky = new LinkedHashMap<>();
        for (String id : layout.sitesInExtent()) {
            sky.put(id, skyOf(layout.siteMasks10.get(id), scl, g10, g20));
        }
        return new SceneRasters(redDn, nirDn, scl, sky);
    }

    /** DN of reflectance {@code reflectance} with the given offset, clamped to [1, 65535]. */
    static int toDn(double reflectance, int offset) {
        long dn = Math.round(reflectance * 10000) + offset;
        return (int) Math.max(1, Math.min(65535, dn));
    }

    private static boolean isNoDataCorner(int col, int row, RasterGrid g20) {
        // triangle at the north-east corner with legs of 18 % of the width and 30 % of the height
        double u = (g20.width() - 0.5 - col) / (0.18 * g20.width());
        double v = (row + 0.5) / (0.30 * g20.height());
        return u + v < 1;
    }

    private static byte groundClass(RegionLayout layout, float[] ndvi, int row20, int col20) {
        int w10 = layout.grid10.width();
        int i = 2 * row20 * w10 + 2 * col20;
        int[] children = {i, i + 1, i + w10, i + w10 + 1};
        int water = 0;
        double sum = 0;
        for (int c : children) {
            if (layout.cover[c] == RegionLayout.WATER) water++;
            sum += ndvi[c];
        }
        if (water >= 2) return SCL_WATER;
        return sum / 4 >= 0.4 ? SCL_VEGETATION : SCL_NOT_VEGETATED;
    }

    /** The value above which a share {@code share} of all cells lie. */
    private static double threshold(double[] field, double share) {
        double[] sorted = field.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.floor((1 - share) * sorted.length))];
    }

    /** The cloud field sampled where the cloud that would shade each cell lies. */
    private static double[] shiftedSample(SmoothField cloudField, RasterGrid g20) {
        double[] out = new double[g20.width() * g20.height()];
        for (int row = 0; row < g20.height(); row++) {
            for (int col = 0; col < g20.width(); col++) {
                out[row * g20.width() + col] = cloudField.at(g20.centerX(col) + SHADOW_DX_M, g20.centerY(row) + SHADOW_DY_M);
            }
        }
        return out;
    }

    /**
     * The opaque-cloud threshold at which a share {@code share} of the site's 20 m cells is masked by cloud,
     * cirrus or shadow (found by bisection; the masked share falls as the threshold rises).
     */
    private static double opaqueThreshold(double[] cloud, double[] shadow, boolean[] site, double share, String siteId) {
        int count = 0;
        for (boolean b : site) {
            if (b) count++;
        }
        if (count == 0) {
            throw new IllegalArgumentException("site " + siteId + " has no cells in the region's extent");
        }
        double lo = -2, hi = 2;
        for (int iteration = 0; iteration < 50; iteration++) {
            double mid = 0.5 * (lo + hi);
            int masked = 0;
            for (int i = 0; i < site.length; i++) {
                if (site[i] && (cloud[i] > mid - CIRRUS_BAND || shadow[i] > mid)) masked++;
            }
            if ((double) masked / count > share) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    private static SiteSky skyOf(boolean[] mask10, byte[] scl, RasterGrid g10, RasterGrid g20) {
        long total = 0, cloud = 0, invalid = 0, snow = 0;
        for (int row = 0; row < g10.height(); row++) {
            for (int col = 0; col < g10.width(); col++) {
                if (!mask10[row * g10.width() + col]) continue;
                byte c = scl[(row / 2) * g20.width() + col / 2];
                total++;
                if (c == SCL_CLOUD_MEDIUM || c == SCL_CLOUD_HIGH || c == SCL_THIN_CIRRUS) cloud++;
                if (c == SCL_SNOW) snow++;
                if (c == SCL_NO_DATA || c == 1 || c == SCL_CLOUD_SHADOW || c == SCL_CLOUD_MEDIUM || c == SCL_CLOUD_HIGH
                        || c == SCL_THIN_CIRRUS || c == SCL_SNOW) invalid++;
            }
        }
        return new SiteSky((double) cloud / total, (double) invalid / total, (double) snow / total);
    }

    /** A standard normal deviate by the Box–Muller transform (own implementation, stable across JDKs). */
    private static double gaussian(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
    }
}
