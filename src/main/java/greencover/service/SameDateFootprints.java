package greencover.service;

import greencover.domain.Scene;
import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.PolygonExtracter;

/**
 * The one rule for scenes of the same date: the part of a site accounted to a scene is the site minus the
 * footprints of the scenes of that date stored before it (in the catalog's scene order: date, creation instant,
 * id). So several scenes of one date never count the same ground twice, and their summaries add up to the site's
 * observation of that date. Used by the stored summaries and by the recomputed (center / all-touched) series alike.
 */
public final class SameDateFootprints {
    private SameDateFootprints() {}

    /** The scenes before position {@code i} of {@code ordered} (in catalog order) that share its date. */
    public static List<Scene> earlier(List<Scene> ordered, int i) {
        Scene s = ordered.get(i);
        List<Scene> out = new ArrayList<>();
        for (int j = 0; j < i; j++) if (ordered.get(j).date().equals(s.date())) out.add(ordered.get(j));
        return out;
    }

    /**
     * {@code site} (already in {@code scene}'s CRS) minus the footprints of {@code earlier} (the scene itself, if
     * listed, is skipped), as a polygonal geometry; {@code site} itself when nothing is subtracted. May be empty.
     */
    public static Geometry portion(Geometry site, Scene scene, List<Scene> earlier) {
        Geometry part = site;
        var crs = earlier.isEmpty() ? null : Geo.crsOf(scene);
        for (Scene e : earlier) {
            if (e.id().equals(scene.id())) continue;
            part = part.difference(Geo.fromWgs84(e.footprintWgs84(), crs));
        }
        if (part == site) return part;
        @SuppressWarnings("unchecked")
        List<Polygon> polys = PolygonExtracter.getPolygons(part);
        return Geo.FACTORY.buildGeometry(polys);
    }
}
