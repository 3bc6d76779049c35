package greencover.http.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import greencover.core.index.CoverClasses;
import greencover.core.index.SpectralIndices;
import greencover.core.raster.BandRole;
import greencover.core.raster.SensorParameter;
import greencover.core.raster.SensorProvider;
import greencover.core.raster.SensorProviders;
import greencover.core.series.TrendTestKind;
import greencover.core.zonal.PixelRule;
import greencover.core.zonal.Statistic;
import greencover.http.api.ApiRoutes;
import greencover.http.api.Schemas;
import greencover.service.series.Composite;
import greencover.service.series.Harmonize;
import greencover.service.series.SeriesPoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static greencover.http.api.Schemas.array;
import static greencover.http.api.Schemas.nullable;
import static greencover.http.api.Schemas.number;
import static greencover.http.api.Schemas.object;
import static greencover.http.api.Schemas.oneOf;
import static greencover.http.api.Schemas.ref;
import static greencover.http.api.Schemas.string;

/**
 * The JSON Schemas of the REST API's bodies, built from the definitions the writers use: the statistics fields from
 * {@link Statistic} (in {@link StatisticsJson}'s order), the cover classes from {@link CoverClasses}, the index enum
 * from the {@link SpectralIndices} registry, the composite, mode, harmonize and trend-test enums from their
 * enums, the upload fields from the {@link SensorProviders} registry. Registered by name on an {@link ApiRoutes}.
 */
final class RestSchemas {
    static final String INDEX_KEY = "IndexKey";
    static final String STATISTICS = "Statistics";
    static final String SERIES_POINT = "SeriesPoint";
    static final String TIME_SERIES = "TimeSeries";
    static final String SITE = "Site";
    static final String SITES = "SiteCollection";
    static final String SITE_INPUT = "SiteInput";
    static final String SCENE = "Scene";
    static final String SCENES = "SceneList";
    static final String SCENE_STATISTICS = "SceneStatistics";
    static final String INGESTED = "IngestResult";
    static final String AD_HOC = "AdHocStatistics";
    static final String AD_HOC_REQUEST = "AdHocStatisticsRequest";
    static final String GEOMETRY = "PolygonalGeometry";

    private RestSchemas() {}

    static void register(ApiRoutes api, SpectralIndices indices) {
        api.schema(INDEX_KEY, oneOf(indices.keys()).put("description", "A key of the index registry"));
        api.schema(STATISTICS, statistics());
        api.schema(SERIES_POINT, seriesPoint());
        api.schema(TIME_SERIES, timeSeries());
        api.schema(GEOMETRY, object().description("A GeoJSON Polygon or MultiPolygon (RFC 7946: WGS84 longitude, latitude; "
                        + "a legacy crs member beside it for projected coordinates)")
                .req("type", oneOf(List.of("Polygon", "MultiPolygon")))
                .req("coordinates", array(Schemas.any()))
                .build());
        api.schema(SITE, object().description("A site: a GeoJSON Feature with its WGS84 outline")
                .req("type", oneOf(List.of("Feature")))
                .req("id", string("The site id (a slug)"))
                .req("properties", object()
                        .req("id", string())
                        .req("name", nullable("string"))
                        .req("areaM2", number().put("description", "Geodesic area on the WGS84 ellipsoid [m2]"))
                        .req("greenThreshold", number())
                        .req("ndviSoil", number())
                        .req("ndviVeg", number())
                        .req("permanentWater", Schemas.refOrNull(GEOMETRY).put("description", "Declared permanent water "
                                + "(WGS84): valid pixels whose centre lies inside it are water, clear but never averaged as land"))
                        .req("maskBufferM", nullable("number").put("description", "Cloud and shadow buffer in metres; "
                                + "null: the sensor's default (0 for every built-in sensor)"))
                        .req("timeseries", string("Link to the site's time series"))
                        .req("latest", Schemas.refOrNull(SERIES_POINT))
                        .req("observations", Schemas.integer().put("description", "Statistics rows stored for the site"))
                        .prop("referenceSite", string("The site's reference site (an undisturbed slope nearby), when set"))
                        .prop("targetGreenFraction", number(0, 1).put("description", "The green fraction the site should reach, when set"))
                        .prop("targetMeanIndex", number(-1, 1).put("description", "The mean index the site should reach, when set"))
                        .additional(Schemas.any())
                        .description("Stored and computed properties, then the submitted feature's own")
                        .build())
                .req("geometry", ref(GEOMETRY))
                .build());
        api.schema(SITES, object().req("type", oneOf(List.of("FeatureCollection"))).req("features", array(ref(SITE))).build());
        api.schema(SITE_INPUT, object().description("A GeoJSON Feature or FeatureCollection of Polygon/MultiPolygon features. "
                        + "Each feature has id or properties.id (a slug) and optional properties name, greenThreshold (default 0.3), "
                        + "ndviSoil and ndviVeg, permanentWater (a Polygon or MultiPolygon geometry object in the feature's CRS: the site's "
                        + "permanent water, e.g. a tailings pond) and maskBufferM (cloud and shadow buffer in metres, 0 to 1000; "
                        + "default the sensor's, 0), referenceSite (the id of a stored site, or one of the same request, whose centroid "
                        + "lies within 50 km; not the site itself), and targetGreenFraction in (0, 1] or targetMeanIndex in [-1, 1]")
                .req("type", oneOf(List.of("Feature", "FeatureCollection")))
                .prop("id", string())
                .prop("properties", Schemas.anyObject())
                .prop("geometry", ref(GEOMETRY))
                .prop("features", array(Schemas.anyObject()))
                .prop("crs", Schemas.anyObject().put("description", "Legacy GeoJSON crs member, e.g. {\"type\":\"name\",\"properties\":{\"name\":\"EPSG:32650\"}}"))
                .build());
        api.schema(SCENE, scene());
        api.schema(SCENES, object().req("scenes", array(ref(SCENE))).build());
        api.schema(SCENE_STATISTICS, Schemas.allOf(
                object().prop("site", string("The site, when the row is a stored site's"))
                        .req("sceneId", string()).req("date", Schemas.date()).build(),
                ref(STATISTICS)));
        api.schema(INGESTED, object()
                .req("scene", ref(SCENE))
                .req("duplicate", Schemas.bool().put("description", "true when the same files were already stored (200)"))
                .req("warnings", array(string()).put("description", "E.g. bands-swapped, offset-conflict, offset-unverified"))
                .req("statistics", array(ref(SCENE_STATISTICS)).put("description", "The statistics of every stored site the scene covers"))
                .build());
        api.schema(AD_HOC_REQUEST, object().description("An ad-hoc polygon; the body may also be a GeoJSON Feature holding it")
                .req("geometry", ref(GEOMETRY))
                .prop("crs", Schemas.anyObject())
                .prop("scenes", array(string()).put("description", "Scene ids (default: every scene the polygon intersects)"))
                .prop("index", ref(INDEX_KEY))
                .prop("threshold", number(-1, 1).put("default", 0.3))
                .prop("ndviSoil", number(-1, 1))
                .prop("ndviVeg", number(-1, 1))
                .prop("mode", oneOf(ruleKeys()).put("default", "exact"))
                .build());
        api.schema(AD_HOC, object()
                .req("index", string())
                .req("threshold", number())
                .req("mode", string())
                .req("results", array(ref(SCENE_STATISTICS)))
                .build());
    }

    /** The multipart fields of a scene upload: the parts per band role, sensor (the registry's ids), acquired, name, each sensor's own. */
    static ObjectNode upload(SensorProviders sensors) {
        Schemas.Obj o = object().description("One file part with bands (roles in band order), or one part per band role");
        o.prop("file", string().put("contentMediaType", "image/tiff").put("description", "A multi-band GeoTIFF (with bands)"));
        o.prop("bands", string("Roles of file's bands in order, comma-separated, e.g. red,nir,mask"));
        for (BandRole r : BandRole.values()) {
            o.prop(r.key(), string().put("contentMediaType", "image/tiff").put("description", "A one-band GeoTIFF of role " + r.key()));
        }
        o.req("sensor", oneOf(sensors.ids()));
        o.req("acquired", string("ISO date or date-time (UTC), e.g. 2024-06-01"));
        o.prop("name", string("Product name, e.g. S2B_MSIL2A_..._N0509_..."));
        for (SensorProvider p : sensors.all()) {
            for (SensorParameter q : p.parameters()) {
                ObjectNode f = Schemas.any().put("type", switch (q.type()) {
                    case NUMBER -> "number";
                    case INTEGER -> "integer";
                    case TEXT, INTEGER_LIST -> "string";
                });
                f.put("description", p.id() + ": " + q.description());
                if (q.defaultValue() != null) f.put("default", q.defaultValue());
                o.prop(q.name(), f);
            }
        }
        return o.build();
    }

    static List<String> compositeKeys() { return Arrays.stream(Composite.values()).map(Composite::key).toList(); }

    static List<String> ruleKeys() { return Arrays.stream(PixelRule.values()).map(PixelRule::key).toList(); }

    static List<String> harmonizeKeys() { return Arrays.stream(Harmonize.values()).map(Harmonize::key).toList(); }

    static List<String> trendableKeys() { return Statistic.trendable().stream().map(Statistic::key).toList(); }

    private static ObjectNode statistics() {
        Schemas.Obj o = object().description("Statistics over the valid pixels of a polygon, pixels weighted by their exact area inside it; "
                + "null where undefined (no valid pixel)");
        for (Statistic s : Statistic.all()) {
            o.prop(s.key(), nullable("number").put("description", s.description() + " [" + s.unit().symbol() + "]"));
        }
        Schemas.Obj classes = object().description("Valid area per cover class [m2]");
        for (String c : CoverClasses.NAMES) classes.prop(c, nullable("number"));
        o.prop("classAreasM2", classes.build());
        return o.build();
    }

    private static ObjectNode seriesPoint() {
        List<String> qualities = new ArrayList<>();
        for (SeriesPoint.Quality q : SeriesPoint.Quality.values()) qualities.add(q.key());
        ObjectNode own = object()
                .req("date", Schemas.date())
                .req("sceneIds", array(string()))
                .prop("sensor", string("Sensor(s) of the point, joined by +"))
                .prop("harmonization", oneOf(List.of("hls", "none", "mixed")).put("description",
                        "hls: on the Landsat OLI scale (HLS-adjusted Sentinel-2, or OLI itself); none: the sensor's own values"))
                .prop("notes", array(string()).put("description", "Why a point is empty or what it left out"))
                .req("quality", oneOf(qualities))
                .prop("qualityReasons", array(oneOf(SeriesPoint.REASONS)).put("description", "Why to trust the point less: "
                        + "low-clear (clearFraction below minValid), partial-scene (part of the site not observed), mixed-sensor "
                        + "(scenes of several sensors merged), offset-unverified (a Sentinel-2 BOA offset from a baseline inferred "
                        + "from the date alone), not-harmonized (in an hls series, a point that entered with its own values, e.g. Sentinel-2 "
                        + "without nir08); empty when none applies"))
                .prop("provenance", array(object().req("sceneId", string()).req("kind", oneOf(List.of("upload", "stac")))
                        .prop("collection", string()).prop("itemId", string()).build()).put("description",
                        "Where each scene of the point came from: an upload, or a STAC item (its collection and id)"))
                .prop("flags", array(oneOf(List.of(SeriesJson.DAMAGED_SCENE))).put("description",
                        "Present when a damaged scene would have counted in the point: its part of the site is no data"))
                .prop("uncertainty", Schemas.oneOfSchemas(object().description("The standard error of the point's mean with spatial "
                                + "autocorrelation: Moran's I on rook neighbours of the pixel field, n_eff = n (1 - rho) / (1 + rho) with "
                                + "rho = I clamped to [0, 0.99] and n the Kish count of the valid cells; SE = std / sqrt(n_eff); 95 % interval "
                                + "mean +- 1.96 SE (null for annual-median points and with uncertainty=false)")
                        .req("standardError", nullable("number"))
                        .req("lower95", nullable("number"))
                        .req("upper95", nullable("number"))
                        .req("moranI", nullable("number").put("description", "Null when undefined (one cell, or no variance)"))
                        .req("n", nullable("number"))
                        .req("effectiveN", nullable("number"))
                        .build(), Schemas.any().put("type", "null")))
                .prop("referenceMean", nullable("number").put("description", "With a reference site: its mean on the same date "
                        + "(composites: the same year); null when it has no ok point there"))
                .prop("relativeIndex", nullable("number").put("description", "With a reference site: mean / referenceMean"))
                .prop("indexGap", nullable("number").put("description", "With a reference site: referenceMean - mean"))
                .build();
        return Schemas.allOf(ref(STATISTICS), own);
    }

    private static ObjectNode timeSeries() {
        ObjectNode trend = object()
                .req("metric", oneOf(trendableKeys()))
                .req("slopePerYear", nullable("number"))
                .prop("slopeLowerPerYear", nullable("number").put("description", "Lower limit of the slope's 95 % interval (Sen 1968)"))
                .prop("slopeUpperPerYear", nullable("number").put("description", "Upper limit of the slope's 95 % interval (Sen 1968)"))
                .prop("confidence", number())
                .prop("interceptValue", nullable("number"))
                .prop("startDate", nullable("string"))
                .prop("mannKendallZ", nullable("number"))
                .prop("mannKendallP", nullable("number"))
                .req("n", Schemas.integer())
                .prop("method", string())
                .prop("test", oneOf(TrendTestKind.keys()))
                .prop("pivotDate", nullable("string").put("description", "The median observation date, where the lines of the "
                        + "slope interval cross the fitted line (the trend band)"))
                .prop("pivotValue", nullable("number"))
                .build();
        return object()
                .req("site", string())
                .req("index", ref(INDEX_KEY))
                .req("threshold", number())
                .req("minValid", number())
                .req("composite", oneOf(compositeKeys()))
                .req("mode", oneOf(ruleKeys()))
                .prop("harmonize", oneOf(List.of("hls", "none")))
                .prop("sensors", Schemas.nullableArray(string()))
                .prop("months", string())
                .prop("minObservations", Schemas.integer())
                .prop("trendTest", oneOf(TrendTestKind.keys()))
                .req("points", array(ref(SERIES_POINT)))
                .prop("damagedScenes", array(object().req("id", string()).req("date", Schemas.date()).req("reason", string()).build())
                        .put("description", "Damaged scenes of the series' dates over the site, left out of its points"))
                .req("trend", trend)
                .prop("uncertaintyMethod", oneOf(List.of("moran-rook-ar1")))
                .prop("fvcEndmembers", object().req("ndviSoil", number()).req("ndviVeg", number())
                        .req("source", oneOf(List.of("site", "reference"))).build())
                .prop("reference", Schemas.oneOfSchemas(object().description("The comparison with the site's reference site")
                        .req("site", string())
                        .req("matchedBy", oneOf(List.of("date", "year")))
                        .req("points", array(object().req("date", Schemas.date()).req("referenceDate", Schemas.date())
                                .req("siteMean", nullable("number")).req("referenceMean", nullable("number"))
                                .req("relativeIndex", nullable("number")).req("indexGap", nullable("number")).build()))
                        .req("relativeTrend", trend.deepCopy())
                        .req("gapTrend", trend.deepCopy())
                        .build(), Schemas.any().put("type", "null")))
                .prop("target", Schemas.oneOfSchemas(object().description("When the site reaches its targetGreenFraction or "
                                + "targetMeanIndex, from the Theil-Sen line and its 95 % slope interval; not-projected (with the reason) "
                                + "when the Mann-Kendall trend is not significant at 5 % or does not rise")
                        .req("metric", oneOf(List.of("greenFraction", "mean")))
                        .req("value", number())
                        .req("status", oneOf(List.of("reached", "projected", "not-projected")))
                        .prop("reachedOn", Schemas.date())
                        .prop("projectedDate", nullable("string"))
                        .prop("projectedDateLow", nullable("string"))
                        .prop("projectedDateHigh", nullable("string"))
                        .req("reason", nullable("string"))
                        .build(), Schemas.any().put("type", "null")))
                .prop("warnings", array(string()).put("description", "E.g. no-observations: the month window or dates hold no scene"))
                .build();
    }

    private static ObjectNode scene() {
        ObjectNode bbox = array(number()).put("minItems", 4).put("maxItems", 4);
        return object().description("A stored scene")
                .req("id", string())
                .req("name", nullable("string"))
                .req("sensor", string())
                .req("acquired", Schemas.dateTime())
                .req("date", Schemas.date())
                .req("crs", string("EPSG:<code>, or user-defined (then crsWkt)"))
                .prop("crsWkt", string())
                .req("width", Schemas.integer())
                .req("height", Schemas.integer())
                .req("pixelSizeM", number())
                .req("bbox", bbox.deepCopy().put("description", "minX, minY, maxX, maxY in the scene's CRS"))
                .req("bboxWgs84", bbox.deepCopy().put("description", "minLon, minLat, maxLon, maxLat"))
                .prop("processingBaseline", string())
                .prop("baselineRule", string())
                .req("offsetDn", Schemas.integer().put("description", "The BOA offset in DN (-1000 or 0)"))
                .prop("offsetRule", string())
                .prop("offsetApplied", Schemas.bool())
                .prop("hlsPlatform", string())
                .prop("hlsPlatformRule", string())
                .prop("hlsCoefficients", string())
                .req("bands", array(string()))
                .req("indices", array(string()))
                .req("validFraction", number())
                .req("cloudFraction", number())
                .req("contentHash", string())
                .req("state", oneOf(List.of("active", "damaged")))
                .prop("damage", object().req("reason", string()).req("at", Schemas.dateTime()).build())
                .build();
    }
}
