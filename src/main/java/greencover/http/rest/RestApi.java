package greencover.http.rest;

import static greencover.http.api.Schemas.example;
import static greencover.http.api.Schemas.oneOf;
import static greencover.http.api.Schemas.ref;
import static greencover.http.api.Schemas.string;

import com.fasterxml.jackson.databind.JsonNode;
import greencover.app.AppConfig;
import greencover.app.Services;
import greencover.core.index.SpectralIndices;
import greencover.core.raster.SensorProviders;
import greencover.core.series.TrendTestKind;
import greencover.http.api.ApiRoutes;
import greencover.http.api.Route;
import greencover.http.api.Schemas;
import java.util.List;

/**
 * The routes of the REST API under {@code /api/v1}: sites, scenes, time series, ad-hoc statistics, each served by
 * a thin controller (parse, call a service, write) and described for the OpenAPI document where it is registered.
 * Failures are written by {@link RestErrors}.
 */
public final class RestApi {
    static final String SITE_ID = "zijinshan-dump";
    static final String SCENE_ID = "s3f9a0c1d2e4b5a6";
    private static final String SITE_EXAMPLE = """
            {"type":"Feature","id":"zijinshan-dump","properties":{"name":"Zijinshan waste dump","greenThreshold":0.3},
             "geometry":{"type":"Polygon","coordinates":[[[116.392,25.182],[116.398,25.182],[116.398,25.187],[116.392,25.187],[116.392,25.182]]]}}""";
    private static final String STATISTICS_EXAMPLE = """
            {"mean":0.625,"std":0.32,"min":0.1,"max":0.8,"median":0.8,"p10":0.1,"p90":0.8,"fvc":0.6,"siteAreaM2":600.5,
             "validAreaM2":600.5,"validFraction":1.0,"clearFraction":1.0,"cloudFraction":0.0,"shadowFraction":0.0,"snowFraction":0.0,
             "waterFraction":0.0,"nodataFraction":0.0,"greenAreaM2":450.4,"greenFraction":0.75,"threshold":0.3,
             "classAreasM2":{"bare":150.1,"sparse":0.0,"moderate":0.0,"dense":450.4}}""";
    private static final String SCENE_EXAMPLE = """
            {"id":"s3f9a0c1d2e4b5a6","name":"S2B_MSIL2A_20230601T030000_N0509_R032_T50RMN_20230601T050000","sensor":"sentinel2-l2a",
             "acquired":"2023-06-01T03:00:00Z","date":"2023-06-01","crs":"EPSG:32650","width":4,"height":4,"pixelSizeM":10.0,
             "bbox":[500000.0,2799960.0,500040.0,2800000.0],"bboxWgs84":[117.0,25.3044,117.0004,25.3048],
             "processingBaseline":"05.09","baselineRule":"name","offsetDn":-1000,"offsetRule":"baseline","bands":["red","nir","mask"],
             "indices":["ndvi"],"validFraction":0.86,"cloudFraction":0.14,"contentHash":"3f9a0c1d2e4b5a6f","state":"active"}""";

    private final SiteController sites;
    private final SceneController scenes;
    private final SeriesController series;
    private final StatisticsController statistics;
    private final SpectralIndices indices;
    private final SensorProviders sensors;
    private final ChangeController change;

    public RestApi(Services services, AppConfig config) {
        this.sites = new SiteController(services.sites(), services.siteSummaries());
        this.scenes = new SceneController(services.scenes(), services.stacScenes(), new RequestBodies(config.admission().bodyTimeoutMillis()),
                services.ingestQueue(), config.dataDir().resolve("tmp"), config.maxUploadBytes());
        this.series = new SeriesController(services.seriesAnalysis(), services.indices(), services.scenes());
        this.change = new ChangeController(services.periodChange(), services.indices());
        this.statistics = new StatisticsController(services.adHocStatistics(), services.indices(),
                new RequestBodies(config.admission().bodyTimeoutMillis()), config.admission().maxAnonymousBodyBytes());
        this.indices = services.indices();
        this.sensors = services.sensors();
    }

    /** Registers and describes the routes; a new route is one more {@code api.add(description, handler)}. */
    public void register(ApiRoutes api) {
        RestSchemas.register(api, indices);
        JsonNode site = example(SITE_EXAMPLE.replace("\"properties\":{", "\"properties\":{\"id\":\"zijinshan-dump\",\"areaM2\":301234.5,"
                + "\"ndviSoil\":0.05,\"ndviVeg\":0.86,\"permanentWater\":null,\"maskBufferM\":null,\"timeseries\":\"/api/v1/sites/zijinshan-dump/timeseries\",\"latest\":null,"
                + "\"observations\":0,"));
        JsonNode scene = example(SCENE_EXAMPLE);

        api.add(Route.get("/api/v1/sites").tag("sites").summary("Sites as a GeoJSON FeatureCollection with areaM2 and latest statistics")
                .json(200, "Every site", ref(RestSchemas.SITES),
                        Schemas.example("{\"type\":\"FeatureCollection\",\"features\":[" + site + "]}")), sites::list);
        api.add(Route.post("/api/v1/sites").tag("sites").bearer()
                .summary("Add sites from a GeoJSON Feature or FeatureCollection (Polygon/MultiPolygon)")
                .description("Computes each new site's statistics over every stored scene. A Feature answers the stored Feature, "
                        + "a FeatureCollection the stored FeatureCollection.")
                .body("application/geo+json", "The site(s)", ref(RestSchemas.SITE_INPUT), example(SITE_EXAMPLE), true)
                .body("application/json", "The site(s)", ref(RestSchemas.SITE_INPUT), example(SITE_EXAMPLE), true)
                .json(201, "The stored site(s)", Schemas.oneOfSchemas(ref(RestSchemas.SITE), ref(RestSchemas.SITES))
                        .put("description", "A Site for a Feature body, a SiteCollection for a FeatureCollection body"), site)
                .error(400, "The body is not a valid GeoJSON Feature or FeatureCollection of polygons")
                .error(409, "A site with this id exists")
                .error(413, "The body or a polygon is too large"), sites::add);
        api.add(Route.get("/api/v1/sites/{id}").tag("sites").summary("One site")
                .pathParam("id", "The site id", string(), SITE_ID)
                .json(200, "The site", ref(RestSchemas.SITE), site)
                .error(404, "No such site"), sites::get);
        api.add(Route.delete("/api/v1/sites/{id}").tag("sites").summary("Delete a site and its statistics").bearer()
                .pathParam("id", "The site id", string(), SITE_ID)
                .empty(204, "Deleted")
                .error(404, "No such site"), sites::delete);
        api.add(Route.put("/api/v1/sites/{id}/goals").tag("sites").bearer()
                .summary("Set the site's reference site and target (replacing both; a member left out is cleared)")
                .pathParam("id", "The site id", string(), SITE_ID)
                .body("application/json", "The goals", Schemas.object()
                        .prop("referenceSite", Schemas.nullable("string").put("description", "A stored site within 50 km, not this one"))
                        .prop("targetGreenFraction", Schemas.nullable("number").put("description", "In (0, 1]; not with targetMeanIndex"))
                        .prop("targetMeanIndex", Schemas.nullable("number").put("description", "In [-1, 1]"))
                        .build(), example("{\"referenceSite\":\"zijinshan-forest-slope\",\"targetGreenFraction\":0.9}"), true)
                .json(200, "The site", ref(RestSchemas.SITE), site)
                .error(400, "An unknown member, a reference that does not exist, is this site or lies beyond 50 km, or a target out of range")
                .error(404, "No such site"), sites::goals);
        api.add(timeseries(Route.get("/api/v1/sites/{id}/timeseries")), series::timeseries);
        api.add(Route.get("/api/v1/sites/{id}/change").tag("sites")
                .summary("Change between two years: green-cover change areas (ground m²), mean index change and cover-class "
                        + "transitions of the per-pixel composites, on pixels clear in both, over the intersection of the outlines "
                        + "valid on the dates compared (less their inner buffers; siteAreaM2 is its area, outline names the versions), "
                        + "with the site's permanent water and mask buffer applied to every scene as in the per-date statistics")
                .pathParam("id", "The site id", string(), SITE_ID)
                .requiredQuery("from", "First year (from <= to)", Schemas.pattern("^\\d{4}$"), "2019")
                .requiredQuery("to", "Second year", Schemas.pattern("^\\d{4}$"), "2025")
                .query("months", "Month window of both years, e.g. 5-9 (default 1-12; a wrapping window is refused)",
                        Schemas.pattern("^\\d{1,2}(-\\d{1,2})?$"))
                .query("index", "Spectral index", oneOf(indices.keys()).put("default", "ndvi"))
                .query("composite", "Per-pixel composite of each year (median, or the greenest clear value)",
                        oneOf(List.of("pixel-median", "pixel-max")).put("default", "pixel-median"))
                .query("threshold", "Green threshold; default the site's greenThreshold", Schemas.number(-1, 1))
                .query("format", "Response format", oneOf(List.of("json", "csv")).put("default", "json"))
                .json(200, "The change (JSON), or one CSV row with format=csv", Schemas.anyObject(), example(
                        "{\"site\":\"zijinshan-dump\",\"fromYear\":2019,\"toYear\":2025,\"months\":\"1-12\",\"index\":\"ndvi\","
                        + "\"composite\":\"pixel-median\",\"threshold\":0.3,\"siteAreaM2\":1600.0,\"clearInBothAreaM2\":1500.0,"
                        + "\"clearInBothFraction\":0.9375,\"gainedGreenAreaM2\":700.0,\"lostGreenAreaM2\":300.0,\"stableGreenAreaM2\":200.0,"
                        + "\"stableBareAreaM2\":300.0,\"meanFrom\":0.3,\"meanTo\":0.54,\"meanIndexChange\":0.24,"
                        + "\"from\":{\"year\":2019,\"sceneIds\":[\"s3f9a0c1d2e4b5a6\"],\"sensor\":\"sentinel2-l2a\"},"
                        + "\"to\":{\"year\":2025,\"sceneIds\":[\"s4a0b1c2d3e5f6a7\"],\"sensor\":\"sentinel2-l2a\"},"
                        + "\"greenChangeAreasM2\":{},\"transitionsM2\":{},\"outline\":{\"rule\":\"intersection of the outlines valid "
                        + "on the dates compared, less their inner buffers\",\"areaM2\":1600.0,\"versions\":[{\"validFrom\":null,"
                        + "\"innerBufferM\":0.0,\"countedAreaM2\":1600.0}]},\"notes\":[]}"))
                .response(200, "The change (JSON), or one CSV row with format=csv", "text/csv", string(),
                        Schemas.exampleText("site,fromYear,toYear,months,index,composite,threshold,siteAreaM2\nzijinshan-dump,2019,2025,1-12,ndvi,pixel-median,0.3,1600.0\n"))
                .error(400, "An invalid parameter, from after to, no scene in a year's window, or outlines of the two years that do not overlap")
                .error(404, "No such site"), change::change);

        api.add(Route.get("/api/v1/scenes").tag("scenes").summary("Scenes, optionally of one site and a date range")
                .query("site", "Only scenes intersecting this site", string())
                .query("from", "First acquisition date included (YYYY-MM-DD)", Schemas.date())
                .query("to", "Last acquisition date included (YYYY-MM-DD)", Schemas.date())
                .json(200, "The scenes", ref(RestSchemas.SCENES), example("{\"scenes\":[" + scene + "]}"))
                .error(400, "A date is not YYYY-MM-DD")
                .error(404, "No such site"), scenes::list);
        api.add(Route.post("/api/v1/scenes").tag("scenes").bearer()
                .summary("Ingest a scene: multipart (file + bands, or one part per band role), a raw image/tiff body, or a STAC item (JSON)")
                .description("A raw image/tiff body takes the fields (sensor, acquired, bands, ...) as query parameters. The same files "
                        + "twice are recognised by content hash (200, duplicate: true). Any projected CRS.")
                .body("multipart/form-data", "The scene's GeoTIFF(s) and fields", RestSchemas.upload(sensors), null, true)
                .body("image/tiff", "One multi-band GeoTIFF; fields as query parameters", string().put("contentMediaType", "image/tiff"), null, true)
                .body("application/json", "A STAC item whose COGs are read in place with HTTP range requests, only over the window "
                        + "the sites need", Schemas.object()
                        .req("stacItem", Schemas.oneOfSchemas(string().put("format", "uri").put("description", "The item's URL"),
                                Schemas.anyObject().put("description", "The item itself")))
                        .prop("collectionProfile", Schemas.oneOfSchemas(oneOf(greencover.stac.CollectionProfiles.NAMES),
                                Schemas.anyObject().put("description", "A mapping {sensor, assets: {red, nir, mask}, fields} for other collections")))
                        .build(), example("{\"stacItem\":\"https://earth-search.aws.element84.com/v1/collections/sentinel-2-l2a/items/"
                        + "S2B_50RMN_20230601_0_L2A\"}"), true)
                .json(201, "Ingested", ref(RestSchemas.INGESTED), example("{\"scene\":" + scene + ",\"duplicate\":false,\"warnings\":[],"
                        + "\"statistics\":[" + STATISTICS_EXAMPLE.replace("{\"mean\"", "{\"site\":\"zijinshan-dump\",\"sceneId\":\"s3f9a0c1d2e4b5a6\","
                        + "\"date\":\"2023-06-01\",\"mean\"") + "]}"))
                .json(200, "The same files were already stored", ref(RestSchemas.INGESTED), example("{\"scene\":" + scene
                        + ",\"duplicate\":true,\"warnings\":[],\"statistics\":[]}"))
                .error(400, "A field or a raster is invalid; a STAC asset that is missing, forbidden, not a TIFF, or refused by the source policy")
                .error(413, "The upload is larger than the limit")
                .error(415, "Neither multipart/form-data, image/tiff nor application/json")
                .error(429, "The ingest queue is full; retry after Retry-After seconds")
                .error(503, "A STAC item's source failed for now (5xx or no answer after retries); retry after Retry-After")
                .error(507, "Not enough free disk space"), scenes::ingest);
        api.add(Route.get("/api/v1/scenes/{id}").tag("scenes").summary("One scene")
                .pathParam("id", "The scene id", string(), SCENE_ID)
                .json(200, "The scene", ref(RestSchemas.SCENE), scene)
                .error(404, "No such scene"), scenes::get);
        api.add(Route.delete("/api/v1/scenes/{id}").tag("scenes").summary("Delete a scene").bearer()
                .pathParam("id", "The scene id", string(), SCENE_ID)
                .empty(204, "Deleted")
                .error(404, "No such scene"), scenes::delete);
        api.add(Route.get("/api/v1/scenes/{id}/index.tif").tag("scenes")
                .summary("The index raster as a two-band Int16 GeoTIFF (band 1 index x 10000, band 2 pixel class)")
                .description("Served in ranges (Range/206, If-Range), so GDAL opens it by URL with /vsicurl/.")
                .pathParam("id", "The scene id", string(), SCENE_ID)
                .query("index", "Spectral index", oneOf(indices.keys()).put("default", "ndvi"))
                .header("Range", "One byte range, e.g. bytes=0-1023", string())
                .response(200, "The GeoTIFF, as an attachment <id>-<index>.tif", "image/tiff", string().put("contentMediaType", "image/tiff"), null)
                .response(206, "The requested range", "image/tiff", string().put("contentMediaType", "image/tiff"), null)
                .error(400, "Unknown index, or the scene lacks its bands")
                .error(404, "No such scene"), scenes::exportIndex);

        api.add(Route.post("/api/v1/statistics").tag("statistics")
                .summary("Statistics of an ad-hoc GeoJSON polygon over chosen scenes; nothing stored")
                .description("A read: no token needed. The body is bounded in size and in the time it may take to arrive.")
                .body("application/json", "The polygon and options", ref(RestSchemas.AD_HOC_REQUEST),
                        example("{\"geometry\":" + example(SITE_EXAMPLE).get("geometry") + ",\"index\":\"ndvi\",\"threshold\":0.3,\"mode\":\"exact\"}"), true)
                .json(200, "Statistics per scene", ref(RestSchemas.AD_HOC), example("{\"index\":\"ndvi\",\"threshold\":0.3,\"mode\":\"exact\",\"results\":["
                        + STATISTICS_EXAMPLE.replace("{\"mean\"", "{\"sceneId\":\"s3f9a0c1d2e4b5a6\",\"date\":\"2023-06-01\",\"mean\"") + "]}"))
                .error(400, "No or an invalid geometry, or an invalid option")
                .error(408, "The body took too long to arrive")
                .error(413, "The body is too large"), statistics::statistics);
    }

    private Route timeseries(Route r) {
        return r.tag("sites").summary("The site's time series, its Theil-Sen / Mann-Kendall trend with Sen's interval, per-point "
                        + "standard errors with spatial autocorrelation, the comparison with its reference site and its target date")
                .pathParam("id", "The site id", string(), SITE_ID)
                .query("index", "Spectral index", oneOf(indices.keys()).put("default", "ndvi"))
                .query("from", "First acquisition date included (YYYY-MM-DD)", Schemas.date())
                .query("to", "Last acquisition date included (YYYY-MM-DD)", Schemas.date())
                .query("threshold", "Green threshold in [-1, 1]; default the site's greenThreshold", Schemas.number(-1, 1))
                .query("minValid", "Clear fraction (valid land plus water) of an ok point, default 0.6", Schemas.number(0, 1))
                .query("composite", "Annual composite (annual-median: each statistic's median, dated July 1; annual-max: the maximum "
                        + "observation; pixel-max / pixel-median: per pixel the greenest or median clear value of the year's scenes in "
                        + "the month window)", oneOf(RestSchemas.compositeKeys()).put("default", "none"))
                .query("mode", "Which boundary pixels count", oneOf(RestSchemas.ruleKeys()).put("default", "exact"))
                .query("trend", "The statistic the trend is fitted on", oneOf(RestSchemas.trendableKeys()))
                .query("trendTest", "Mann-Kendall variant (mk: classic; seasonal-mk: Hirsch et al. 1982 over calendar months; "
                        + "hamed-rao: Hamed & Rao 1998 correction for serial correlation)",
                        oneOf(TrendTestKind.keys()).put("default", TrendTestKind.MK.key()))
                .query("sensors", "Comma-separated sensor ids whose scenes enter (default all)", string())
                .query("harmonize", "HLS bandpass adjustment of Sentinel-2 to Landsat OLI (auto: hls when the series mixes them)",
                        oneOf(RestSchemas.harmonizeKeys()).put("default", "auto"))
                .query("months", "Month window first-last within one calendar year, e.g. 5-9 (default 1-12)",
                        Schemas.pattern("^\\d{1,2}(-\\d{1,2})?$"))
                .query("minObservations", "Fewest clear observations a pixel needs in pixel composites (default 1)", Schemas.integer(1, 366))
                .query("uncertainty", "Per-point standard error of the mean with spatial autocorrelation (Moran's I, effective n)",
                        oneOf(List.of("true", "false")).put("default", "true"))
                .query("fvcEndmembers", "FVC endmembers: the site's, or derived (5 % of the site's pixels = soil, 95 % of the reference "
                        + "site's = vegetation, pooled over the ok observations)", oneOf(List.of("site", "reference")).put("default", "site"))
                .query("format", "Response format", oneOf(List.of("json", "csv")).put("default", "json"))
                .json(200, "The series (JSON), or its points as CSV with format=csv", ref(RestSchemas.TIME_SERIES), example(
                        "{\"site\":\"zijinshan-dump\",\"index\":\"ndvi\",\"threshold\":0.3,\"minValid\":0.6,\"composite\":\"none\","
                        + "\"mode\":\"exact\",\"harmonize\":\"none\",\"sensors\":null,\"months\":\"1-12\",\"minObservations\":1,"
                        + "\"trendTest\":\"mk\",\"points\":[" + STATISTICS_EXAMPLE.replace("{\"mean\"", "{\"date\":\"2023-06-01\","
                        + "\"sceneIds\":[\"s3f9a0c1d2e4b5a6\"],\"sensor\":\"sentinel2-l2a\",\"harmonization\":\"none\",\"notes\":[],"
                        + "\"quality\":\"ok\",\"mean\"") + "],\"damagedScenes\":[],\"trend\":{\"metric\":\"mean\",\"slopePerYear\":null,"
                        + "\"confidence\":0.95,\"interceptValue\":null,\"startDate\":\"2023-06-01\",\"mannKendallZ\":null,"
                        + "\"mannKendallP\":null,\"n\":1,\"method\":\"theil-sen\",\"test\":\"mk\"}}"))
                .response(200, "The series (JSON), or its points as CSV with format=csv", "text/csv", string(),
                        Schemas.exampleText("date,sceneIds,sensor,mean\n2023-06-01,s3f9a0c1d2e4b5a6,sentinel2-l2a,0.625\n"))
                .error(400, "An invalid parameter")
                .error(404, "No such site");
    }
}
