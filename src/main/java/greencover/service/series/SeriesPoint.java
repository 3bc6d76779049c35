package greencover.service.series;

import greencover.core.zonal.ZonalStatistics;
import java.time.LocalDate;
import java.util.List;

/**
 * One observation of a site (or one annual composite of them): the date, the scenes that together cover it, the
 * sensor(s) ({@code +}-joined when several), the statistics, and its quality.
 */
public record SeriesPoint(LocalDate date, List<String> sceneIds, String sensor, ZonalStatistics statistics, Quality quality,
                          String harmonization, List<String> notes) {

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
    }

    public boolean isOk() { return quality == Quality.OK; }
}
