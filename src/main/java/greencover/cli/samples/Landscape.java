package greencover.cli.samples;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The synthetic land-cover model of one region: which sites green up and how, what surrounds them,
 * where the bare pit and the tailings pond are. NDVI values are true-reflectance NDVI (after offset removal).
 *
 * <p>Greening of a restored pixel at decimal year {@code t}: vegetation fraction
 * {@code f = 1 / (1 + exp(-(t - halfTime) / rateYears))} where {@code halfTime} is
 * {@code halfTimeYear} plus the site's shift plus a smooth random field of about ±{@code halfTimeSpreadYears};
 * NDVI = {@code bareNdvi + f * (veg(doy) - bareNdvi)} with the seasonal cosine
 * {@code veg(doy) = target - restoredAmplitude * (1 - cos(2π (doy - restoredPeakDoy) / 365))}.
 *
 * @param restoredSiteIds     ids of the sites that green up (the mission's target sites)
 * @param bareSiteIds         ids of context sites kept bare (open pits)
 * @param halfTimeShiftYears  per-site shift of the half-time (absent = 0)
 * @param bareNdvi            NDVI of bare waste rock / tailings
 * @param targetNdvi          peak-season NDVI of a fully restored pixel
 * @param halfTimeYear        decimal year when a typical restored pixel is half green
 * @param rateYears           logistic scale in years (10 % to 90 % takes about 4.4 times this)
 * @param halfTimeSpreadYears amplitude of the smooth random shift of the half-time (earlier/later parcels)
 * @param bareParcelShare     share of restored-site pixels that stay bare (heap-leach pads, active beaches)
 * @param restoredAmplitude   seasonal cosine amplitude of restored vegetation
 * @param restoredPeakDoy     day of year of the restored vegetation's peak
 * @param forestMeanNdvi      mean NDVI of the surrounding forest
 * @param forestAmplitude     seasonal amplitude of the forest
 * @param forestPeakDoy       day of year of the forest's peak
 * @param farmlandShare       share of the surroundings that is farmland instead of forest (0 = all forest)
 * @param farmlandMeanNdvi    mean NDVI of farmland
 * @param farmlandAmplitude   seasonal amplitude of farmland
 * @param farmlandPeakDoy     day of year of the farmland's peak
 * @param bareRedReflectance  red reflectance of bare ground (vegetation is about 0.035)
 * @param pond                the synthetic tailings pond, or null for none
 */
public record Landscape(
        List<String> restoredSiteIds,
        List<String> bareSiteIds,
        Map<String, Double> halfTimeShiftYears,
        double bareNdvi,
        double targetNdvi,
        double halfTimeYear,
        double rateYears,
        double halfTimeSpreadYears,
        double bareParcelShare,
        double restoredAmplitude,
        int restoredPeakDoy,
        double forestMeanNdvi,
        double forestAmplitude,
        int forestPeakDoy,
        double farmlandShare,
        double farmlandMeanNdvi,
        double farmlandAmplitude,
        int farmlandPeakDoy,
        double bareRedReflectance,
        Pond pond) {

    public Landscape {
        restoredSiteIds = List.copyOf(Objects.requireNonNull(restoredSiteIds, "restoredSiteIds"));
        bareSiteIds = List.copyOf(Objects.requireNonNull(bareSiteIds, "bareSiteIds"));
        halfTimeShiftYears = Map.copyOf(Objects.requireNonNull(halfTimeShiftYears, "halfTimeShiftYears"));
        if (restoredSiteIds.isEmpty()) {
            throw new IllegalArgumentException("restoredSiteIds must not be empty");
        }
        if (!(rateYears > 0)) {
            throw new IllegalArgumentException("rateYears must be positive but was " + rateYears);
        }
        if (!(bareParcelShare >= 0 && bareParcelShare < 1)) {
            throw new IllegalArgumentException("bareParcelShare must be in [0, 1) but was " + bareParcelShare);
        }
        if (!(farmlandShare >= 0 && farmlandShare <= 1)) {
            throw new IllegalArgumentException("farmlandShare must be in [0, 1] but was " + farmlandShare);
        }
    }

    /**
     * An elliptic water body (tailings or leach pond) with water NDVI, placed inside a site.
     *
     * @param lon       centre longitude (WGS84)
     * @param lat       centre latitude (WGS84)
     * @param semiAxisXM east-west semi-axis in metres
     * @param semiAxisYM north-south semi-axis in metres
     * @param ndvi      mean NDVI of the water (negative)
     */
    public record Pond(double lon, double lat, double semiAxisXM, double semiAxisYM, double ndvi) {
        public Pond {
            if (!(semiAxisXM > 0) || !(semiAxisYM > 0)) {
                throw new IllegalArgumentException("pond semi-axes must be positive but were " + semiAxisXM + ", " + semiAxisYM);
            }
        }
    }

    /** Zijinshan (Fujian, subtropical evergreen): half-green around 2019.5, target 0.72, forest 0.74–0.86. */
    public static Landscape zijinshan() {
        return new Landscape(
                List.of("zijinshan-dump"), List.of("zijinshan-open-pit"), Map.of(),
                0.08, 0.72, 2016 + 3.5, 0.9, 2.5, 0.05,
                0.10, 215,
                0.80, 0.06, 215,
                0.0, 0.45, 0.25, 150,
                0.15,
                new Pond(116.4268, 25.1760, 110, 70, -0.12));
    }

    /** Bor (Serbia, moderate-continental): half-green around 2022.5, target 0.65, deciduous forest and farmland. */
    public static Landscape bor() {
        return new Landscape(
                List.of("bor-rth-tailings", "bor-old-flotation-tailings", "veliki-krivelj-tailings"),
                List.of("bor-open-pit"),
                Map.of("bor-old-flotation-tailings", -0.7, "bor-rth-tailings", 0.8),
                0.08, 0.65, 2020 + 2.5, 0.8, 2.0, 0.06,
                0.20, 150,
                0.585, 0.265, 185,
                0.45, 0.45, 0.25, 150,
                0.16,
                new Pond(22.1440, 44.1075, 170, 110, -0.13));
    }
}
