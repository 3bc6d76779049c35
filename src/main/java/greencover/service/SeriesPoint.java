package greencover.service;

import greencover.core.zonal.ZonalStatistics;
import java.time.LocalDate;
import java.util.List;

/**
 * One observation of a site: the date, the scenes that together cover it, the sensor, the statistics of
 * the merged summary, and its quality ({@code ok}, or {@code low-valid} when the valid fraction is below
 * the series' {@code minValid}; low-valid points are listed but left out of the trend).
 */
public record SeriesPoint(LocalDate date, List<String> sceneIds, String sensor, ZonalStatistics statistics, String quality) {
    public static final String OK = "ok", LOW_VALID = "low-valid";

    public boolean isOk() { return OK.equals(quality); }
}
