package greencover.geojson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import greencover.service.Geo;
import greencover.service.SiteDraft;
import greencover.service.error.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;

/**
 * GeoJSON (RFC 7946) as GreenCover reads and writes it, shared by the REST API and the sample loader: site
 * Features and FeatureCollections become {@link SiteDraft}s, polygonal geometries become JTS geometries in WGS84,
 * and stored outlines are written back as GeoJSON geometry objects. Coordinates are WGS84 longitude/latitude, or a
 * projected CRS named by a legacy {@code crs} member ({@code {"type":"name","properties":{"name":"EPSG:32650"}}}).
 *
 * <p>This class checks the format only (object shapes, member types, ring closure, position arity, lon/lat
 * ranges of positions given in WGS84) and names the JSON member at fault; the rules of a site or an area
 * (slug ids, threshold ranges, validity, extent) are the services'. {@link #wireField} turns the field names of
 * {@code SiteService} errors back into the members of the submitted document.
 */
public final class GeoJsonCodec {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern EPSG = Pattern.compile("EPSG:{1,2}(\\d{4,5})$");
    private static final Pattern DRAFT_FIELD = Pattern.compile("^sites\\[(\\d+)]\\.(.+)$");
    private static final List<String> SITE_PROPERTIES = List.of("name", "greenThreshold", "ndviSoil", "ndviVeg",
            "permanentWater", "maskBufferM");

    private GeoJsonCodec() {}

    /** A polygonal geometry read from GeoJSON: in WGS84, as given, and the EPSG code it was given in. */
    public record Polygonal(Geometry wgs84, Geometry asGiven, int epsg) {}

    /**
     * The site drafts of a GeoJSON Feature (one draft) or FeatureCollection (one per feature, in order). The id is
     * the Feature's {@code id} or {@code properties.id}; {@code name}, {@code greenThreshold}, {@code ndviSoil},
     * {@code ndviVeg}, {@code permanentWater} (a Polygon or MultiPolygon geometry object in the feature's CRS) and
     * {@code maskBufferM} come from the properties; the other properties are kept as given.
     *
     * @throws InvalidInputException {@code invalid_geojson} and the geometry codes of {@link #polygonal}, naming
     *         the member (e.g. {@code features[2].properties.greenThreshold})
     */
    public static List<SiteDraft> sites(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidInputException("invalid_geojson", "body", "body must be a GeoJSON Feature or FeatureCollection");
        }
        String type = body.path("type").asText("");
        List<JsonNode> features = new ArrayList<>();
        switch (type) {
            case "Feature" -> features.add(body);
            case "FeatureCollection" -> {
                JsonNode fs = body.get("features");
                if (fs == null || !fs.isArray() || fs.isEmpty()) {
                    throw new InvalidInputException("invalid_geojson", "features", "features must be a non-empty array");
                }
                fs.forEach(features::add);
            }
            default -> throw new InvalidInputException("invalid_geojson", "type", "type must be Feature or FeatureCollection but was '" + type + "'");
        }
        List<SiteDraft> drafts = new ArrayList<>(features.size());
        for (int i = 0; i < features.size(); i++) {
            drafts.add(site(features.get(i), body.get("crs"), features.size() == 1 ? "" : "features[" + i + "]."));
        }
        return drafts;
    }

    private static SiteDraft site(JsonNode f, JsonNode collectionCrs, String prefix) {
        if (!f.isObject() || !"Feature".equals(f.path("type").asText())) {
            throw new InvalidInputException("invalid_geojson", prefix + "type", prefix + "type must be Feature");
        }
        JsonNode props = f.path("properties");
        if (!props.isObject() && !props.isMissingNode() && !props.isNull()) {
            throw new InvalidInputException("invalid_geojson", prefix + "properties", prefix + "properties must be an object");
        }
        String id = text(f.get("id"));
        if (id == null) id = text(props.get("id"));
        Double threshold = number(props.get("greenThreshold"), prefix + "properties.greenThreshold");
        Double soil = number(props.get("ndviSoil"), prefix + "properties.ndviSoil");
        Double veg = number(props.get("ndviVeg"), prefix + "properties.ndviVeg");
        JsonNode crs = f.has("crs") ? f.get("crs") : collectionCrs;
        Polygonal g = polygonal(f.get("geometry"), crs, prefix + "geometry");
        JsonNode water = props.get("permanentWater");
        Geometry waterWgs84 = water == null || water.isNull() ? null
                : polygonal(water, crs, prefix + "properties.permanentWater").wgs84();
        Double maskBuffer = number(props.get("maskBufferM"), prefix + "properties.maskBufferM");
        Map<String, Object> properties = new LinkedHashMap<>();
        if (props.isObject()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = JSON.convertValue(props, Map.class);
            properties.putAll(m);
        }
        return new SiteDraft(id, text(props.get("name")), g.wgs84(), f.get("geometry").toString(), threshold, soil, veg, properties,
                waterWgs84, maskBuffer);
    }

    /**
     * The member of the submitted document that a {@code SiteService} error field names: {@code sites[i].x} is
     * {@code features[i].x}; a draft's {@code name}, {@code greenThreshold}, {@code ndviSoil} and {@code ndviVeg} are
     * under {@code properties}; {@code sites} is {@code features}; other fields ({@code id}, {@code geometry}) are
     * unchanged. Null stays null.
     */
    public static String wireField(String serviceField) {
        if (serviceField == null) return null;
        Matcher m = DRAFT_FIELD.matcher(serviceField);
        if (m.matches()) return "features[" + m.group(1) + "]." + wireField(m.group(2));
        if (serviceField.equals("sites")) return "features";
        return SITE_PROPERTIES.contains(serviceField) ? "properties." + serviceField : serviceField;
    }

    /**
     * Reads {@code geometry} (a GeoJSON geometry object, Polygon or MultiPolygon with holes); {@code crsNode} is the
     * legacy crs member of the enclosing object or null (WGS84). Returns it in WGS84 and as given.
     *
     * @throws InvalidInputException {@code invalid_geojson}, {@code invalid_geometry_type}, {@code invalid_geometry}
     *         (ring not closed or under 4 positions), {@code coordinates_out_of_range} (a WGS84 position off the
     *         globe) or {@code invalid_crs}, naming {@code field} ({@code crs} for the CRS)
     */
    public static Polygonal polygonal(JsonNode geometry, JsonNode crsNode, String field) {
        int epsg = crsOf(crsNode);
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
        return new Polygonal(epsg == 4326 ? g : Geo.toWgs84(g, epsg), g, epsg);
    }

    private static int crsOf(JsonNode crs) {
        if (crs == null || crs.isNull()) return 4326;
        String name = crs.path("properties").path("name").asText("");
        String n = name.toUpperCase(Locale.ROOT);
        if (n.equals("URN:OGC:DEF:CRS:OGC:1.3:CRS84") || n.equals("CRS:84") || n.equals("EPSG:4326")) return 4326;
        Matcher m = EPSG.matcher(n);
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

    private static String text(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) return null;
        if (!n.isTextual() && !n.isNumber()) return null;
        String s = n.asText().trim();
        return s.isEmpty() ? null : s;
    }

    private static Double number(JsonNode n, String field) {
        if (n == null || n.isNull() || n.isMissingNode()) return null;
        if (!n.isNumber()) throw new InvalidInputException("invalid_field", field, field + " must be a number");
        return n.asDouble();
    }

    /**
     * {@code g} as a GeoJSON geometry object: exterior rings counter-clockwise and holes clockwise (RFC 7946),
     * coordinates rounded to 1e-9.
     *
     * @throws IllegalArgumentException if {@code g} is not a Polygon or MultiPolygon (stored outlines always are)
     */
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
