package greencover.http.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import greencover.domain.Site;
import greencover.geojson.GeoJsonCodec;
import java.util.List;
import java.util.Map;

/**
 * A site on the wire: a GeoJSON Feature with the site id, the properties shown for it (stored and computed,
 * chosen by the caller) and its WGS84 outline; several sites as a FeatureCollection.
 */
final class SiteJson {
    private SiteJson() {}

    static ObjectNode feature(Site s, Map<String, Object> properties) {
        ObjectNode f = RestJson.MAPPER.createObjectNode();
        f.put("type", "Feature");
        f.put("id", s.id());
        f.set("properties", RestJson.MAPPER.valueToTree(properties));
        f.set("geometry", GeoJsonCodec.write(s.wgs84()));
        return f;
    }

    static ObjectNode collection(List<ObjectNode> features) {
        ObjectNode fc = RestJson.MAPPER.createObjectNode();
        fc.put("type", "FeatureCollection");
        ArrayNode fs = fc.putArray("features");
        features.forEach(fs::add);
        return fc;
    }
}
