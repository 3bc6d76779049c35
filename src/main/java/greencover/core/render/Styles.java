package greencover.core.render;

import greencover.core.index.CoverClasses;
import greencover.core.index.Fvc;
import greencover.core.raster.IndexCodes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of built-in styles, by key: {@code ndvi} (brown → yellow → green over -0.2..1, the default of
 * every index layer), {@code fvc} (fractional vegetation cover 0..1 from NDVI by {@link Fvc#defaults()}, soil
 * {@value Fvc#DEFAULT_NDVI_SOIL} and vegetation {@value Fvc#DEFAULT_NDVI_VEG}), {@code greencover} (the four
 * {@link CoverClasses}) and {@code ndvi-change} (red → white → green over -0.5..0.5) and {@code greencover-change} (the four
 * {@link greencover.core.index.GreenChange} classes, stored as the codes 1 to 4).
 */
public final class Styles {
    public static final String NDVI = "ndvi", FVC = "fvc", GREENCOVER = "greencover", NDVI_CHANGE = "ndvi-change",
            GREENCOVER_CHANGE = "greencover-change";

    private final Map<String, Style> byKey = new LinkedHashMap<>();

    /** Builds the built-in styles (a few milliseconds: each owns 65536-entry tables). */
    public Styles() {
        add(new Style(NDVI, "Vegetation index (brown-yellow-green, -0.2 to 1)", "Index",
                ColorRamp.linear(new double[] {-0.2, 0.2, 0.6, 1.0},
                        new int[] {0xFF8C510A, 0xFFF5E65A, 0xFF66BD63, 0xFF006837}),
                v -> v, List.of()));
        add(new Style(FVC, "Fractional vegetation cover (0 to 1)", "FVC",
                ColorRamp.linear(new double[] {0.0, 0.5, 1.0}, new int[] {0xFFC8A878, 0xFFB8E186, 0xFF1B7837}),
                Fvc.defaults()::fractionOf, List.of()));
        double[] b = CoverClasses.BREAKS;
        add(new Style(GREENCOVER, "Green-cover classes (bare, sparse, moderate, dense)", "Green cover",
                ColorRamp.classes(b, new int[] {0xFFD2B48C, 0xFFF0E68C, 0xFF7FBF5F, 0xFF1E7B34}),
                v -> v, List.of(
                        CoverClasses.NAMES[0] + " (NDVI < " + fmt(b[0]) + ")",
                        CoverClasses.NAMES[1] + " (" + fmt(b[0]) + "–" + fmt(b[1]) + ")",
                        CoverClasses.NAMES[2] + " (" + fmt(b[1]) + "–" + fmt(b[2]) + ")",
                        CoverClasses.NAMES[3] + " (≥ " + fmt(b[2]) + ")")));
        add(new Style(NDVI_CHANGE, "NDVI change (red loss, green gain, -0.5 to 0.5)", "ΔNDVI",
                ColorRamp.linear(new double[] {-0.5, 0.0, 0.5}, new int[] {0xFFB2182B, 0xFFF7F7F7, 0xFF1A9850}),
                v -> v, List.of()));
        // GreenChange stores class k as the index code k + 1: breaks between the codes 1, 2, 3 and 4
        add(new Style(GREENCOVER_CHANGE, "Green-cover change (gained, lost, stable green, stable not green)", "Green change",
                ColorRamp.classes(new double[] {1.5 / IndexCodes.SCALE, 2.5 / IndexCodes.SCALE, 3.5 / IndexCodes.SCALE},
                        new int[] {0xFF1A9850, 0xFFD7301F, 0xFF91CF60, 0xFFD9D9D9}),
                v -> v, List.of("gained (turned green)", "lost (no longer green)", "stable green", "stable not green")));
    }

    private void add(Style s) { byKey.put(s.key(), s); }

    private static String fmt(double v) { return String.format(Locale.ROOT, "%.1f", v); }

    public Optional<Style> find(String key) { return Optional.ofNullable(byKey.get(key)); }

    /** The style of {@code key}; IllegalArgumentException when unknown. */
    public Style get(String key) {
        Style s = byKey.get(key);
        if (s == null) throw new IllegalArgumentException("key is not a known style: " + key);
        return s;
    }

    public List<Style> all() { return List.copyOf(byKey.values()); }
}
