package greencover.service;

import greencover.core.raster.IndexRaster;
import greencover.core.raster.MaskedIndexRaster;
import greencover.domain.Scene;
import greencover.domain.Site;
import greencover.service.error.InvalidInputException;
import java.util.Map;
import org.geotools.api.referencing.crs.CoordinateReferenceSystem;
import org.locationtech.jts.geom.Geometry;

/**
 * A site's own mask rules over the scenes it is summarised on ({@link MaskedIndexRaster}): its declared permanent
 * water (valid pixels whose centre lies inside it are water: clear, never averaged into the land statistics) and its
 * cloud/shadow buffer in metres, {@code maskBufferM}, else the sensor's default ({@link #defaultBufferM}). Every stored
 * summary and every series merged again from the rasters goes through {@link #view}, so both agree.
 */
public final class SiteMasks {
    /** Largest accepted {@code maskBufferM}. */
    public static final double MAX_BUFFER_M = 1000;
    /**
     * The default buffer per sensor id, in metres: 0 for every built-in sensor. Landsat's QA_PIXEL cloud already holds
     * Fmask's dilated-cloud bit (bit 1); Sentinel-2's SCL has no dilated class, but a default above 0 would change every
     * statistic stored without one, so a site that wants a buffer declares {@code maskBufferM}.
     */
    static final Map<String, Double> DEFAULT_BUFFER_M = Map.of("sentinel2-l2a", 0.0, "sentinel2-l2a-harmonized", 0.0,
            "landsat-c2l2", 0.0, "generic", 0.0);

    private SiteMasks() {}

    /** The default buffer of sensor {@code sensorId} in metres (0 for a sensor not listed). */
    public static double defaultBufferM(String sensorId) { return DEFAULT_BUFFER_M.getOrDefault(sensorId, 0.0); }

    /** The buffer used for {@code site} on a scene of {@code sensorId}: the site's own, else the sensor's default. */
    public static double bufferM(Site site, String sensorId) {
        return site.maskBufferM() != null ? site.maskBufferM() : defaultBufferM(sensorId);
    }

    /**
     * {@code raster} (of {@code scene}) as {@code site} sees it; the raster itself when the site declares no permanent
     * water over it and its buffer is below one cell.
     *
     * @param groundM2 the site's geodesic area (the cell's ground size is its grid size times the site's ground/grid ratio)
     */
    public static IndexRaster view(Site site, Scene scene, IndexRaster raster, double groundM2) {
        double buffer = bufferM(site, scene.sensor());
        if (site.permanentWaterWgs84() == null && !(buffer > 0)) return raster;
        CoordinateReferenceSystem crs = Geo.crsOf(scene);
        Geometry siteInCrs = Geo.fromWgs84(site.wgs84(), crs);
        double scale = siteInCrs.getArea() > 0 && groundM2 > 0 ? Math.sqrt(groundM2 / siteInCrs.getArea()) : 1;
        Geometry water = null;
        if (site.permanentWaterWgs84() != null && site.permanentWaterWgs84().intersects(scene.footprintWgs84())) {
            water = Geo.fromWgs84(site.permanentWaterWgs84(), crs);
        }
        MaskedIndexRaster view = new MaskedIndexRaster(raster, buffer, raster.grid().pixelWidth() * scale,
                raster.grid().pixelHeight() * scale, water);
        return view.changes() ? view : raster;
    }

    /**
     * The permanent water of a site draft, checked: null stays null; otherwise a valid Polygon or MultiPolygon
     * ({@link PolygonRules}) that overlaps the site's outline.
     *
     * @throws InvalidInputException naming {@code field}
     */
    static Geometry checkedWater(Geometry waterWgs84, Geometry siteWgs84, String field) {
        if (waterWgs84 == null) return null;
        PolygonRules.check(waterWgs84, field);
        if (siteWgs84 != null && !(waterWgs84.intersection(siteWgs84).getArea() > 0)) {
            throw new InvalidInputException("invalid_field", field, field + " does not overlap the site's geometry"
                    + " (it is in the feature's CRS, like the geometry)");
        }
        return waterWgs84;
    }

    /**
     * The mask buffer of a site draft, checked: null stays null (the sensor's default); otherwise a number in
     * [0, {@link #MAX_BUFFER_M}] metres.
     *
     * @throws InvalidInputException naming {@code field}
     */
    static Double checkedBuffer(Double bufferM, String field) {
        if (bufferM == null) return null;
        if (!(bufferM >= 0 && bufferM <= MAX_BUFFER_M)) {
            throw new InvalidInputException("invalid_field", field, field + " must be in [0, " + (int) MAX_BUFFER_M
                    + "] metres but was " + bufferM);
        }
        return bufferM;
    }
}
