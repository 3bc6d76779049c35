package greencover.http.ogc.wms;

import greencover.http.ogc.MapResponses;
import greencover.http.ogc.OgcCrs;
import greencover.http.ogc.XmlWriter;
import greencover.service.map.MapRequest;
import greencover.service.map.MapLayer;
import greencover.service.map.MapStyle;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * Writes the WMS capabilities document, 1.3.0 ({@code WMS_Capabilities}) or 1.1.1 ({@code WMT_MS_Capabilities}):
 * service metadata, the operations with their formats (GetLegendGraphic included), and one root layer holding a
 * child per map layer with its extent per CRS, time dimension ({@code nearestValue="1"}: an instant resolves to
 * the nearest date with data in the requested area, {@code service.map.MapRenderer}) and styles with legend URLs
 * ({@code default} first), then one unnamed group per site holding the layers framed on it.
 */
public final class WmsCapabilities {
    private static final String XLINK = "http://www.w3.org/1999/xlink";

    /** Image formats of GetMap. */
    public static final List<String> MAP_FORMATS = List.of("image/png", "image/jpeg");

    private final WmsVersion version;
    private final String wmsUrl;
    private final List<MapLayer> layers;
    private final BiFunction<String, String, int[]> legendSize;

    /**
     * @param wmsUrl the absolute URL of the WMS endpoint, without query
     * @param legendSize the legend's width and height in pixels for (layer, style), or null when it has none
     */
    public WmsCapabilities(WmsVersion version, String wmsUrl, List<MapLayer> layers,
            BiFunction<String, String, int[]> legendSize) {
        this.version = version;
        this.wmsUrl = wmsUrl;
        this.layers = List.copyOf(layers);
        this.legendSize = legendSize;
    }

    /** The CRS codes offered for every layer: Web Mercator, WGS84 (both axis orders) and the native UTM zones. */
    public static List<String> crsCodes(List<MapLayer> layers, WmsVersion version) {
        List<String> codes = new ArrayList<>(List.of("EPSG:3857", "EPSG:4326"));
        if (version == WmsVersion.V1_3_0) codes.add("CRS:84");
        TreeSet<Integer> natives = new TreeSet<>();
        layers.forEach(l -> natives.addAll(l.nativeEpsg()));
        natives.remove(3857);
        natives.remove(4326);
        natives.forEach(n -> codes.add("EPSG:" + n));
        return codes;
    }

    /** Writes the document as UTF-8 bytes; {@code updateSequence} is the data version. */
    public byte[] toBytes(long updateSequence) {
        boolean v13 = version == WmsVersion.V1_3_0;
        XmlWriter x = new XmlWriter();
        if (v13) {
            x.start("WMS_Capabilities", "version", "1.3.0", "updateSequence", Long.toString(updateSequence),
                    "xmlns", "http://www.opengis.net/wms", "xmlns:xlink", "http://www.w3.org/1999/xlink",
                    "xmlns:sld", "http://www.opengis.net/sld",
                    "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance", "xsi:schemaLocation",
                    "http://www.opengis.net/wms http://schemas.opengis.net/wms/1.3.0/capabilities_1_3_0.xsd"
                    + " http://www.opengis.net/sld http://schemas.opengis.net/sld/1.1.0/sld_capabilities.xsd");
        } else {
            x.raw("<!DOCTYPE WMT_MS_Capabilities SYSTEM "
                    + "\"http://schemas.opengis.net/wms/1.1.1/WMS_MS_Capabilities.dtd\">");
            // the DTD declares xmlns:xlink on OnlineResource only (#FIXED), so it is written there, where
            // parsers that do not read the DTD also find the prefix bound
            x.start("WMT_MS_Capabilities", "version", "1.1.1", "updateSequence", Long.toString(updateSequence));
        }
        service(x, v13);
        x.start("Capability");
        x.start("Request");
        operation(x, "GetCapabilities", List.of(version.capabilitiesContentType()));
        operation(x, "GetMap", MAP_FORMATS);
        operation(x, "GetFeatureInfo", WmsGetFeatureInfoRequest.INFO_FORMATS);
        // 1.3.0: an extended operation from the SLD 1.1 capabilities schema; 1.1.1: the DTD's own element
        operation(x, v13 ? "sld:GetLegendGraphic" : "GetLegendGraphic", List.of("image/png"));
        x.end();
        x.start("Exception");
        for (String f : v13 ? List.of("XML", "INIMAGE", "BLANK") : List.of("application/vnd.ogc.se_xml",
                "application/vnd.ogc.se_inimage", "application/vnd.ogc.se_blank")) {
            x.text("Format", f);
        }
        x.end();
        rootLayer(x, v13);
        x.end();
        x.end();
        return x.toBytes();
    }

    private void service(XmlWriter x, boolean v13) {
        x.start("Service");
        x.text("Name", v13 ? "WMS" : "OGC:WMS");
        x.text("Title", "GreenCover vegetation maps");
        x.text("Abstract", "Vegetation indices (NDVI, SAVI, ...), fractional cover and green-cover classes of "
                + "restoration sites, per acquisition date.");
        x.empty("OnlineResource", "xmlns:xlink", XLINK, "xlink:type", "simple", "xlink:href", wmsUrl);
        x.text("Fees", "none");
        x.text("AccessConstraints", "none");
        if (v13) {
            x.text("LayerLimit", WmsGetMapRequest.MAX_LAYERS);
            x.text("MaxWidth", MapRequest.MAX_SIZE_PX);
            x.text("MaxHeight", MapRequest.MAX_SIZE_PX);
        }
        x.end();
    }

    private void operation(XmlWriter x, String name, List<String> formats) {
        x.start(name);
        formats.forEach(f -> x.text("Format", f));
        x.start("DCPType").start("HTTP").start("Get");
        x.empty("OnlineResource", "xmlns:xlink", XLINK, "xlink:type", "simple", "xlink:href", wmsUrl + "?");
        x.end().end().end();
        x.end();
    }

    private void rootLayer(XmlWriter x, boolean v13) {
        List<String> codes = crsCodes(layers, version);
        x.start("Layer");
        x.text("Title", "GreenCover");
        x.text("Abstract", "All GreenCover layers");
        codes.forEach(c -> x.text(version.crsParam(), c));
        double[] all = LayerBounds.union(layers.stream().map(MapLayer::wgs84Bounds).toList());
        geographicBounds(x, all, v13);
        boundingBox(x, OgcCrs.decode("CRS:84", "CRS"), all, v13);
        java.util.Map<String, List<MapLayer>> bySite = new java.util.LinkedHashMap<>();
        for (MapLayer layer : layers) {
            if (layer.site() == null) layer(x, layer, codes, v13);
            else bySite.computeIfAbsent(layer.site(), k -> new ArrayList<>()).add(layer);
        }
        // per-site copies, one unnamed group per site: each framed on its site, with the dates over it
        for (var group : bySite.entrySet()) {
            x.start("Layer");
            x.text("Title", "Site " + group.getKey());
            x.text("Abstract", "The layers framed on site " + group.getKey() + ": its bounds and the dates with data over it");
            double[] b = group.getValue().get(0).wgs84Bounds();
            geographicBounds(x, b, v13);
            boundingBox(x, OgcCrs.decode("CRS:84", "CRS"), b, v13);
            for (MapLayer layer : group.getValue()) layer(x, layer, codes, v13);
            x.end();
        }
        x.end();
    }

    private void layer(XmlWriter x, MapLayer layer, List<String> codes, boolean v13) {
        x.start("Layer", "queryable", layer.queryable() ? "1" : "0", "opaque", "0");
        x.text("Name", layer.name());
        x.text("Title", layer.title());
        x.text("Abstract", layer.abstractText());
        double[] b = layer.wgs84Bounds();
        if (b != null) {
            geographicBounds(x, b, v13);
            for (String code : codes) {
                if (!v13 && code.equals("EPSG:4326")) continue;   // LatLonBoundingBox says it
                boundingBox(x, OgcCrs.decode(code, "CRS"), b, v13);
            }
        }
        if (!layer.dates().isEmpty()) {
            String values = String.join(",", layer.dates().stream().map(LocalDate::toString).toList());
            String def = String.valueOf(layer.defaultDate() != null ? layer.defaultDate()
                    : layer.dates().get(layer.dates().size() - 1));
            if (v13) {
                x.text("Dimension", values, "name", "time", "units", "ISO8601", "default", def,
                        "nearestValue", "1");
            } else {
                x.empty("Dimension", "name", "time", "units", "ISO8601");
                x.text("Extent", values, "name", "time", "default", def, "nearestValue", "1");
            }
        }
        for (MapStyle style : layer.styles()) style(x, layer, style);
        x.end();
    }

    private void geographicBounds(XmlWriter x, double[] b, boolean v13) {
        if (v13) {
            x.start("EX_GeographicBoundingBox");
            x.text("westBoundLongitude", b[0]);
            x.text("eastBoundLongitude", b[2]);
            x.text("southBoundLatitude", b[1]);
            x.text("northBoundLatitude", b[3]);
            x.end();
        } else {
            x.empty("LatLonBoundingBox", "minx", str(b[0]), "miny", str(b[1]), "maxx", str(b[2]), "maxy", str(b[3]));
        }
    }

    /** A BoundingBox in the CRS's axis order: 1.3.0 EPSG:4326 is minx = minLat (WMS 1.3.0 §7.2.4.6.8). */
    private void boundingBox(XmlWriter x, OgcCrs crs, double[] wgs84, boolean v13) {
        double[] e = LayerBounds.in(crs, wgs84);
        if (e == null) return;
        if (v13 && crs.northFirst()) e = new double[] {e[1], e[0], e[3], e[2]};
        x.empty("BoundingBox", version.crsParam(), crs.code(), "minx", str(e[0]), "miny", str(e[1]),
                "maxx", str(e[2]), "maxy", str(e[3]));
    }

    private void style(XmlWriter x, MapLayer layer, MapStyle style) {
        x.start("Style");
        x.text("Name", style.name());
        x.text("Title", style.title());
        int[] size = legendSize.apply(layer.name(), style.name());
        if (size != null) {
            x.start("LegendURL", "width", Integer.toString(size[0]), "height", Integer.toString(size[1]));
            x.text("Format", "image/png");
            x.empty("OnlineResource", "xmlns:xlink", XLINK, "xlink:type", "simple", "xlink:href", MapResponses.legendUrl(wmsUrl, version.text(), layer.name(),
                    style.name()));
            x.end();
        }
        x.end();
    }

    private static String str(double v) {
        return Math.rint(v) == v && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
