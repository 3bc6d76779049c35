package greencover.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import greencover.service.error.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

/**
 * Reads and writes GeoJSON (RFC 7946) polygonal geometries: Polygon and MultiPolygon with holes, in
 * WGS84 longitude/latitude, or in a projected CRS named by a legacy {@code crs} member
 * ({@code {"type":"name","properties":{"name":"EPSG:32650"}}}). Every rule a geometry breaks is reported
 * as a {@link InvalidInputException} naming the field.
 */
public final class GeoJson {
    private GeoJson() {}

    /** A parsed geometry and the EPSG code of the coordinates it was given in. */
    public record Parsed(Geometry geometry, int epsg) {}

    /**
     * Parses and validates {@code geometry} (a GeoJSON geometry object); {@code crsNode} is the legacy
     * crs member of the enclosing object or null. Returns the geometry in WGS84 and as given.
     */
    public static Parsed polygonal(JsonNode geometry, JsonNode crsNode, String field) {
        int epsg = crsOf(crsNode, field);
        if (geometry == null || !geometry.isObject()) {
            throw new InvalidInputException("invalid_geojson", field, field + " must be a GeoJSON geometry object");
        }
        String type = geometry.path("type").asText("");
        JsonNode coords = geometry.get("coordinates");
        if (coords == null || !coords.isArray()) {
            throw new InvalidInputException("invalid_geojson", field, field + ".coordinates must be an array");
        }
        Geometry g;
        switch (type) {
            case "Polygon" -> g = polygon(coords, epsg, field);
            case "MultiPolygon" -> {
                List<Polygon> parts = new ArrayList<>();
                for (JsonNode p : coords) parts.add(polygon(p, epsg, field));
                if (parts.isEmpty()) throw new InvalidInputException("invalid_geojson", field, field + ": MultiPolygon has no polygons");
                g = Geo.FACTORY.createMultiPolygon(parts.toArray(Polygon[]::new));
            }
            default -> throw new InvalidInputException("invalid_geometry_type", field,
                    field + ".type must be Polygon or MultiPolygon but was '" + type + "'");
        }
        TopologyValidationError err = new IsValidOp(g).getValidationError();
        if (err != null) {
            Coordinate c = err.getCoordinate();
            throw new InvalidInputException("invalid_geometry", field, field + " is not a valid polygon: "
                    + err.getMessage() + (c == null ? "" : " near (" + c.x + ", " + c.y + ")"));
        }
        if (!(g.getArea() > 0)) throw new InvalidInputException("invalid_geometry", field, field + " has zero area");
        Geometry wgs = epsg == 4326 ? g : Geo.toWgs84(g, epsg);
        checkLonLat(wgs, field);
        return new Parsed(wgs, epsg);
    }

    private static int crsOf(JsonNode crs, String field) {
        if (crs == null || crs.isNull()) return 4326;
        String name = crs.path("properties").path("name").asText("");
        String n = name.toUpperCase(java.util.Locale.ROOT);
        if (n.equals("URN:OGC:DEF:CRS:OGC:1.3:CRS84") || n.equals("CRS:84") || n.equals("EPSG:4326")) return 4326;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("EPSG:{1,2}(\\d{4,5})$").matcher(n);
        if (!m.find()) throw new InvalidInputException("invalid_crs", "crs", "crs name '" + name + "' is not an EPSG code");
        int code = Integer.parseInt(m.group(1));
        Geo.crs(code);
        return code;
    }

    private static Polygon polygon(JsonNode rings, int epsg, String field) {
        if (!rings.isArray() || rings.isEmpty()) {
            throw new InvalidInputException("invalid_geojson", field, field + ": a polygon needs at least one ring");
        }
        LinearRing shell = ring(rings.get(0), epsg, field);
        LinearRing[] holes = new LinearRing[rings.size() - 1];
        for (int i = 1; i < rings.size(); i++) holes[i - 1] = ring(rings.get(i), epsg, field);
        return Geo.FACTORY.createPolygon(shell, holes);
    }

    private static LinearRing ring(JsonNode ring, int epsg, String field) {
        if (!ring.isArray() || ring.size() < 4) {
            throw new InvalidInputException("invalid_geometry", field, field + ": a linear ring needs at least 4 positions");
        }
        Coordinate[] cs = new Coordinate[ring.size()];
        for (int i = 0; i < ring.size(); i++) {
            JsonNode p = ring.get(i);
            if (!p.isArray() || p.size() < 2 || !p.get(0).isNumber() || !p.get(1).isNumber()) {
                throw new InvalidInputException("invalid_geojson", field, field + ": each position must be [x, y] numbers");
            }
            double x = p.get(0).asDouble(), y = p.get(1).asDouble();
            if (!Double.isFinite(x) || !Double.isFinite(y)) {
                throw new InvalidInputException("invalid_geojson", field, field + ": coordinates must be finite");
            }
            if (epsg == 4326 && (x < -180 || x > 180 || y < -90 || y > 90)) {
                throw new InvalidInputException("coordinates_out_of_range", field, field + ": position [" + x + ", " + y
                        + "] is outside longitude [-180, 180] / latitude [-90, 90]");
            }
            cs[i] = new Coordinate(x, y);
        }
        if (!cs[0].equals2D(cs[cs.length - 1])) {
            throw new InvalidInputException("invalid_geometry", field, field + ": a linear ring must be closed (first position = last)");
        }
        return Geo.FACTORY.createLinearRing(cs);
    }

    /** Largest extent of a geometry in degrees: sites and ad-hoc areas are measured in one UTM zone. */
    public static final double MAX_EXTENT_DEGREES = 6;

    private static void checkLonLat(Geometry g, String field) {
        var e = g.getEnvelopeInternal();
        boolean finite = Double.isFinite(e.getMinX()) && Double.isFinite(e.getMaxX()) && Double.isFinite(e.getMinY())
                && Double.isFinite(e.getMaxY());
        if (!finite || e.getMinX() < -180 || e.getMaxX() > 180 || e.getMinY() < -90 || e.getMaxY() > 90) {
            throw new InvalidInputException("coordinates_out_of_range", field, field + " lies outside the world");
        }
        if (e.getWidth() > MAX_EXTENT_DEGREES || e.getHeight() > MAX_EXTENT_DEGREES) {
            throw new InvalidInputException("geometry_too_large", field, field + " spans " + Math.round(e.getWidth() * 100) / 100.0
                    + " x " + Math.round(e.getHeight() * 100) / 100.0 + " degrees; at most " + MAX_EXTENT_DEGREES
                    + " degrees (one UTM zone) are accepted, and polygons crossing the antimeridian are not");
        }
        if (!g.isValid() || !(g.getArea() > 0)) {
            throw new InvalidInputException("invalid_geometry", field, field + " is not a valid polygon once converted to longitude/latitude");
        }
    }

    /** {@code g} as a GeoJSON geometry object (Polygon, MultiPolygon; other types by their coordinates). */
    public static ObjectNode write(Geometry g) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        if (g instanceof Polygon p) {
            o.put("type", "Polygon");
            o.set("coordinates", rings(p));
        } else if (g instanceof MultiPolygon mp) {
            o.put("type", "MultiPolygon");
            ArrayNode a = o.putArray("coordinates");
            for (int i = 0; i < mp.getNumGeometries(); i++) a.add(rings((Polygon) mp.getGeometryN(i)));
        } else {
            throw new IllegalArgumentException("geometry must be polygonal but was " + g.getGeometryType());
        }
        return o;
    }

    private static ArrayNode rings(Polygon p) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        // RFC 7946: exterior rings counter-clockwise, holes clockwise
        Polygon n = (Polygon) p.copy();
        n.normalize(); // JTS normal form: shell clockwise, holes counter-clockwise
        a.add(coords(n.getExteriorRing().reverse().getCoordinates()));
        for (int i = 0; i < n.getNumInteriorRing(); i++) a.add(coords(n.getInteriorRingN(i).reverse().getCoordinates()));
        return a;
    }

    private static ArrayNode coords(Coordinate[] cs) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (Coordinate c : cs) a.addArray().add(round(c.x)).add(round(c.y));
        return a;
    }

    private static double round(double v) { return Math.rint(v * 1e9) / 1e9; }
}
