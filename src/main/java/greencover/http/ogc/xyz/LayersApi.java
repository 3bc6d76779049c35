package greencover.http.ogc.xyz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.core.index.SpectralIndex;
import greencover.core.raster.BandRole;
import greencover.http.ogc.MapResponses;
import greencover.service.map.CachedMapRenderer;
import greencover.service.map.MapLayer;
import greencover.service.map.MapStyle;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Serves {@code GET /api/v1/layers}: the map layers as JSON for viewers, each with name, title, abstract,
 * styles (the first is the default), dates, defaultDate, WGS84 bounds [minLon, minLat, maxLon, maxLat],
 * nativeEpsg, queryable, and relative URLs of its XYZ tile template, TileJSON and default legend; and
 * {@code indices}, every registered spectral index (key, title, bands), the list a viewer offers for time series.
 */
public final class LayersApi {
    private final CachedMapRenderer maps;
    private final ObjectMapper json = new ObjectMapper();

    public LayersApi(CachedMapRenderer maps) {
        if (maps == null) throw new IllegalArgumentException("maps must not be null");
        this.maps = maps;
    }

    /** Handles {@code GET /api/v1/layers}. */
    public void list(Context ctx) {
        MapResponses.write(ctx, maps.document("api-layers", "application/json", () -> toJson(
                maps.layers().stream().filter(l -> l.site() == null).toList())));
    }

    byte[] toJson(List<MapLayer> layers) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (MapLayer l : layers) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", l.name());
            m.put("title", l.title());
            m.put("abstract", l.abstractText());
            List<Map<String, String>> styles = new ArrayList<>();
            for (MapStyle s : l.styles()) {
                Map<String, String> sm = new LinkedHashMap<>();
                sm.put("name", s.name());
                sm.put("title", s.title());
                sm.put("legend", MapResponses.legendUrl("/wms", "1.3.0", l.name(), s.name()));
                styles.add(sm);
            }
            m.put("styles", styles);
            m.put("dates", l.dates().stream().map(LocalDate::toString).toList());
            m.put("defaultDate", l.defaultDate() == null ? null : l.defaultDate().toString());
            double[] b = l.wgs84Bounds();
            m.put("bounds", b == null ? null : List.of(b[0], b[1], b[2], b[3]));
            m.put("nativeEpsg", l.nativeEpsg());
            m.put("queryable", l.queryable());
            m.put("tiles", "/tiles/" + l.name() + "/{z}/{x}/{y}.png");
            m.put("tilejson", "/tiles/" + l.name() + "/tilejson.json");
            out.add(m);
        }
        try {
            List<Map<String, Object>> indices = new ArrayList<>();
            for (SpectralIndex ix : maps.indices().all()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("key", ix.key());
                m.put("title", ix.title());
                m.put("bands", ix.requiredBands().stream().map(BandRole::key).toList());
                indices.add(m);
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("layers", out);
            doc.put("indices", indices);
            return json.writeValueAsBytes(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write layers", e);
        }
    }
}
