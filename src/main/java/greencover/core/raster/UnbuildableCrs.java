package greencover.core.raster;

import org.geotools.coverage.grid.io.imageio.geotiff.GeoKeyEntry;
import org.geotools.coverage.grid.io.imageio.geotiff.GeoTiffException;

/**
 * Names the CRS of a GeoTIFF whose GeoKeys GeoTools cannot turn into a CRS (e.g. a user-defined Equidistant Conic,
 * which GeoTools' GeoTIFF reader has no projection for), so the 400 says which CRS the file declares instead of
 * "not a readable GeoTIFF". The names are those of the GeoTIFF 1.1 specification (OGC 19-008r4, §7.5 and
 * Annex C): ProjectedCSTypeGeoKey (3072), ProjCoordTransGeoKey (3075, the coordinate transformation codes below),
 * GeographicTypeGeoKey (2048).
 */
final class UnbuildableCrs {
    private static final int GEOGRAPHIC_TYPE = 2048, PROJECTED_CS_TYPE = 3072, PROJECTION = 3074, COORD_TRANS = 3075;
    private static final int USER_DEFINED = 32767;
    /** GeoTIFF coordinate transformation codes 1..28 (ProjCoordTransGeoKey values). */
    private static final String[] TRANSFORMATIONS = {null, "Transverse Mercator", "Transverse Mercator (modified Alaska)",
        "Oblique Mercator", "Oblique Mercator (Laborde)", "Oblique Mercator (Rosenmund)", "Oblique Mercator (spherical)",
        "Mercator", "Lambert Conformal Conic (2SP)", "Lambert Conformal Conic (1SP)", "Lambert Azimuthal Equal Area",
        "Albers Equal Area", "Azimuthal Equidistant", "Equidistant Conic", "Stereographic", "Polar Stereographic",
        "Oblique Stereographic", "Equirectangular", "Cassini-Soldner", "Gnomonic", "Miller Cylindrical", "Orthographic",
        "Polyconic", "Robinson", "Sinusoidal", "Van der Grinten", "New Zealand Map Grid",
        "Transverse Mercator (south oriented)", "Cylindrical Equal Area"};

    private UnbuildableCrs() { }

    /** The GeoTIFF CRS failure in {@code e}'s causes, or null when {@code e} is not one (e.g. a raster-to-model failure). */
    static GeoTiffException of(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof GeoTiffException g) {
                String reason = reason(g);
                return reason.toLowerCase(java.util.Locale.ROOT).contains("rastertomodel") ? null : g;
            }
            if (t.getCause() == t) break;
        }
        return null;
    }

    /** What GeoTools said: the report's line naming the failing step, without the metadata dump after it. */
    static String reason(GeoTiffException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        for (String line : m.split("\n")) {
            String l = line.trim();
            if (l.isEmpty() || l.startsWith("GEOTIFF Module Error Report")) continue;
            int at = l.lastIndexOf(':');
            String text = at >= 0 && l.contains("::") ? l.substring(at + 1).trim() : l;
            return text.isEmpty() ? l : text;
        }
        return e.getClass().getSimpleName();
    }

    /**
     * The CRS the keys declare, e.g. {@code a user-defined projected CRS (ProjectedCSTypeGeoKey 32767) with projection
     * Equidistant Conic (ProjCoordTransGeoKey 13) on GCS EPSG:4326}, or {@code EPSG:9999 (ProjectedCSTypeGeoKey)}.
     */
    static String describe(GeoTiffException e) {
        GeoKeyEntry[] keys = e.getGeoKeys();
        Integer pcs = null, trans = null, gcs = null, projection = null;
        if (keys != null) {
            for (GeoKeyEntry k : keys) {
                if (k == null || k.getTiffTagLocation() != 0) continue; // only short values are the codes named here
                int v = k.getValueOffset();
                switch (k.getKeyID()) {
                    case PROJECTED_CS_TYPE -> pcs = v;
                    case COORD_TRANS -> trans = v;
                    case GEOGRAPHIC_TYPE -> gcs = v;
                    case PROJECTION -> projection = v;
                    default -> { }
                }
            }
        }
        if (pcs != null && pcs != USER_DEFINED) return "EPSG:" + pcs + " (ProjectedCSTypeGeoKey)";
        StringBuilder b = new StringBuilder(pcs == null ? "a CRS without ProjectedCSTypeGeoKey"
                : "a user-defined projected CRS (ProjectedCSTypeGeoKey 32767)");
        if (trans != null) {
            String name = trans > 0 && trans < TRANSFORMATIONS.length ? TRANSFORMATIONS[trans] : "unknown";
            b.append(" with projection ").append(name).append(" (ProjCoordTransGeoKey ").append(trans).append(')');
        } else if (projection != null && projection != USER_DEFINED) {
            b.append(" with projection EPSG:").append(projection).append(" (ProjectionGeoKey)");
        }
        if (gcs != null) b.append(" on ").append(gcs == USER_DEFINED ? "a user-defined GCS" : "GCS EPSG:" + gcs);
        return b.toString();
    }
}
