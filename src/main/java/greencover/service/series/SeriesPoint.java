package greencover.service.series;

import greencover.core.zonal.ZonalStatistics;
import java.time.LocalDate;
import java.util.List;

/**
 * One observation of a site (or one annual composite of them): the date, the scenes that together cover it, the
 * sensor(s) ({@code +}-joined when several), the statistics, its quality, and the reasons to trust it less
 * ({@code qualityReasons}, see {@link #REASONS}; empty when none applies).
 */
public record SeriesPoint(LocalDate date, List<String> sceneIds, String sensor, ZonalStatistics statistics, Quality quality,
                          String harmonization, List<String> notes, List<String> qualityReasons) {

    /** The clear fraction is below the series' {@code minValid} (why a point is {@code low-valid}). */
    public static final String LOW_CLEAR = "low-clear";
    /** Part of the site was not observed: outside the date's scenes, or their no-data pixels (nodataFraction &gt; 0). */
    public static final String PARTIAL_SCENE = "partial-scene";
    /** The point merges scenes of more than one sensor. */
    public static final String MIXED_SENSOR = "mixed-sensor";
    /**
     * A Sentinel-2 scene of the point has its BOA offset from a baseline inferred from the acquisition date alone
     * (neither the caller, the file, the product name nor a declared baseline stated it).
     */
    public static final String OFFSET_UNVERIFIED = "offset-unverified";
    /**
     * A point of a harmonised ({@code harmonize=hls}) series that entered wholly or partly with its own values
     * ({@code harmonization} none or mixed): e.g. a Sentinel-2 scene uploaded without B8A.
     */
    public static final String NOT_HARMONIZED = "not-harmonized";
    /** Every reason, in the order a point lists them. */
    public static final List<String> REASONS = List.of(LOW_CLEAR, PARTIAL_SCENE, MIXED_SENSOR, OFFSET_UNVERIFIED, NOT_HARMONIZED);

    /** A point without quality reasons (they are added by {@link #withQualityReasons}). */
    public SeriesPoint(LocalDate date, List<String> sceneIds, String sensor, ZonalStatistics statistics, Quality quality,
                       String harmonization, List<String> notes) {
        this(date, sceneIds, sensor, statistics, quality, harmonization, notes, List.of());
    }

    /** This point with {@code reasons} as its quality reasons. */
    public SeriesPoint withQualityReasons(List<String> reasons) {
        return new SeriesPoint(date, sceneIds, sensor, statistics, quality, harmonization, notes, reasons);
    }

    /** A point entering with its own values ({@code harmonization} none) and no notes. */
    public SeriesPoint(LocalDate date, List<String> sceneIds, String sensor, ZonalStatistics statistics, Quality quality) {
        this(date, sceneIds, sensor, statistics, quality, "none", List.of());
    }

    /**
     * Whether a point is trusted: low-valid points are listed but left out of composites and the trend. The judge is
     * the clear fraction (valid land plus water, seen from above), so water such as a tailings pond never makes a
     * point low-valid; the name {@code low-valid} is kept for compatibility.
     */
    public enum Quality {
        /** The clear fraction reaches the series' {@code minValid}. */
        OK("ok"),
        /** The clear fraction is below the series' {@code minValid}. */
        LOW_VALID("low-valid");

        private final String key;

        Quality(String key) { this.key = key; }

        /** The published name: {@code ok} or {@code low-valid}. */
        public String key() { return key; }
    }

    public SeriesPoint {
        sceneIds = List.copyOf(sceneIds);
        notes = List.copyOf(notes);
        qualityReasons = List.copyOf(qualityReasons);
    }

    public boolean isOk() { return quality == Quality.OK; }
}
