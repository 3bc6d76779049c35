package greencover.service.series;

import greencover.core.series.Trend;
import greencover.core.zonal.PixelRule;
import greencover.domain.Scene;
import java.util.List;

/**
 * A site's series for one index: the parameters it was computed with (threshold resolved to a number, harmonisation
 * resolved to hls or none, sensors to registry ids, empty for all), the points in date order, the trend of the ok points, and the damaged scenes of its dates over the site (left out of the
 * points: see {@link #touchesDamage}).
 */
public record TimeSeries(String siteId, String index, double threshold, double minValid, Composite composite, PixelRule mode,
                         List<SeriesPoint> points, Trend trend, List<Scene> damagedScenes, Harmonize harmonize,
                         List<String> sensors, MonthWindow months, int minObservations) {

    public TimeSeries {
        damagedScenes = damagedScenes == null ? List.of() : List.copyOf(damagedScenes);
        sensors = sensors == null ? List.of() : List.copyOf(sensors);
    }

    /** A series without damaged scenes. */
    public TimeSeries(String siteId, String index, double threshold, double minValid, Composite composite, PixelRule mode,
                      List<SeriesPoint> points, Trend trend) {
        this(siteId, index, threshold, minValid, composite, mode, points, trend, List.of(), Harmonize.NONE, List.of(), MonthWindow.ALL, 1);
    }

    /**
     * Whether a damaged scene would have counted in {@code p}: one of the point's date (a composite point: of its
     * year). Such a point covers less of the site than it should (the damaged scene's part is no data); it is
     * flagged, and kept in the trend only when its valid fraction still reaches {@code minValid}.
     */
    public boolean touchesDamage(SeriesPoint p) {
        for (Scene d : damagedScenes) {
            if (composite == Composite.NONE ? d.date().equals(p.date()) : d.date().getYear() == p.date().getYear()) return true;
        }
        return false;
    }
}
