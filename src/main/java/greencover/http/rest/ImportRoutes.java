package greencover.http.rest;

import static greencover.http.api.Schemas.example;
import static greencover.http.api.Schemas.string;

import greencover.app.AppConfig;
import greencover.app.Services;
import greencover.http.api.ApiRoutes;
import greencover.http.api.Route;
import greencover.http.api.Schemas;

/** The routes of imports and watches from STAC APIs, described for the OpenAPI document ({@link ImportController}). */
public final class ImportRoutes {
    static final String IMPORT_ID = "imp-0123456789abcdef";
    private static final String IMPORT_EXAMPLE = "{\"id\":\"imp-0123456789abcdef\",\"status\":\"running\",\"items\":{\"found\":24,\"ingested\":10,"
            + "\"duplicate\":1,\"skipped\":2,\"failed\":1},\"bytesRead\":73400320,\"errors\":[{\"item\":\"S2B_50RMN_20230601_0_L2A\","
            + "\"error\":\"red: red (https://example.org/B04.tif) was not found (HTTP 404)\"}],\"createdAt\":\"2026-01-01T00:00:00Z\","
            + "\"startedAt\":\"2026-01-01T00:00:01Z\",\"finishedAt\":null,\"request\":{\"stacApi\":\"https://earth-search.aws.element84.com/v1\","
            + "\"collections\":[\"sentinel-2-l2a\"],\"sites\":[\"zijinshan-dump\"],\"datetime\":\"2023-01-01T00:00:00Z/2023-12-31T23:59:59Z\","
            + "\"maxCloud\":30.0,\"collectionProfile\":null,\"limit\":100},\"watchSite\":null}";
    private static final String CANCELLED_EXAMPLE = IMPORT_EXAMPLE.replace("\"status\":\"running\"", "\"status\":\"failed\",\"cancelled\":true")
            .replace("}],\"createdAt\"", "},{\"item\":null,\"error\":\"cancelled by DELETE at 2026-01-01T00:05:00Z (14 of 24 items done)\"}],\"createdAt\"")
            .replace("\"finishedAt\":null", "\"finishedAt\":\"2026-01-01T00:05:00Z\"");
    private static final String WATCH_EXAMPLE = "{\"site\":\"zijinshan-dump\",\"stacApi\":\"https://earth-search.aws.element84.com/v1\","
            + "\"collections\":[\"sentinel-2-l2a\"],\"maxCloud\":30.0,\"every\":\"PT6H\",\"from\":\"2023-01-01T00:00:00Z\",\"collectionProfile\":null,"
            + "\"createdAt\":\"2026-01-01T00:00:00Z\",\"lastPollAt\":\"2026-01-01T00:00:00Z\",\"lastImport\":\"/api/v1/imports/imp-0123456789abcdef\"}";
    private final ImportController controller;

    public ImportRoutes(Services services, AppConfig config) {
        this.controller = new ImportController(services.imports(), services.watches(), new RequestBodies(config.admission().bodyTimeoutMillis()));
    }

    public void register(ApiRoutes api) {
        var importSchema = Schemas.anyObject().put("description", "An import: status queued|running|done|failed, items "
                + "{found, ingested, duplicate, skipped, failed} (each item counted once, across a restart too), bytesRead (what its "
                + "own items read from their assets), errors [{item, error}], startedAt, finishedAt; "
                + "a cancelled import is failed, with cancelled: true and the error {item: null, error: \"cancelled by DELETE at ...\"}");
        api.add(Route.post("/api/v1/imports").tag("imports").bearer()
                .summary("Import from a STAC API: search the collections over the sites (or a bbox) and ingest each item in place, in the background")
                .description("Checks the fields and asks the catalog for its first page before anything is stored. Items of one acquisition "
                        + "(platform, tile, sensing time) in several processings or collections are ingested once, the newest processing.")
                .body("application/json", "The search", Schemas.object()
                        .req("stacApi", string().put("format", "uri").put("description", "The STAC API's URL (its landing page or /search)"))
                        .req("collections", Schemas.array(string()))
                        .prop("sites", Schemas.array(string()).put("description", "Site ids; or bbox"))
                        .prop("bbox", Schemas.array(Schemas.number()).put("description", "[west, south, east, north] in WGS84; or sites"))
                        .prop("datetime", string().put("description", "An RFC 3339 instant or interval a/b (.. for an open end)"))
                        .prop("maxCloud", Schemas.number(0, 100))
                        .prop("limit", Schemas.integer(1, 1000))
                        .prop("collectionProfile", Schemas.oneOf(greencover.stac.CollectionProfiles.NAMES))
                        .build(), example("{\"stacApi\":\"https://earth-search.aws.element84.com/v1\",\"collections\":[\"sentinel-2-l2a\"],"
                        + "\"sites\":[\"zijinshan-dump\"],\"datetime\":\"2023-01-01/2023-12-31\",\"maxCloud\":30}"), true)
                .json(202, "Started", Schemas.anyObject(), example("{\"id\":\"imp-0123456789abcdef\",\"status\":\"queued\",\"href\":\"/api/v1/imports/imp-0123456789abcdef\"}"))
                .error(400, "A bad field, an unknown site, or a catalog that is refused, unreachable or does not answer the search")
                .error(429, "Too many imports are unfinished"), controller::start);
        api.add(Route.get("/api/v1/imports").tag("imports").summary("Imports, newest first")
                .json(200, "The imports", Schemas.anyObject(), example("{\"imports\":[" + IMPORT_EXAMPLE + "]}")), controller::list);
        api.add(Route.get("/api/v1/imports/{id}").tag("imports").summary("One import's status and progress")
                .pathParam("id", "The import id", string(), IMPORT_ID)
                .json(200, "The import", importSchema, example(IMPORT_EXAMPLE))
                .error(404, "No such import"), controller::get);
        api.add(Route.delete("/api/v1/imports/{id}").tag("imports").bearer().summary("Cancel an import (a running one after its current item)")
                .pathParam("id", "The import id", string(), IMPORT_ID)
                .json(200, "The import as cancelled: failed, with cancelled: true and the error {item: null, error: \"cancelled by DELETE at ...\"} "
                        + "(or as it finished)", importSchema, example(CANCELLED_EXAMPLE))
                .error(404, "No such import"), controller::cancel);
        api.add(Route.put("/api/v1/sites/{id}/watch").tag("imports").bearer()
                .summary("Watch a STAC API for the site: poll now and then every `every`, ingesting what is new (idempotent)")
                .pathParam("id", "The site id", string(), RestApi.SITE_ID)
                .body("application/json", "The watch", Schemas.object()
                        .req("stacApi", string().put("format", "uri"))
                        .req("collections", Schemas.array(string()))
                        .req("every", string().put("description", "ISO-8601 duration, PT1M (GREENCOVER_WATCH_MIN_EVERY) to P30D"))
                        .prop("maxCloud", Schemas.number(0, 100))
                        .prop("from", string().put("description", "First acquisition instant searched (default 30 days before the watch)"))
                        .prop("collectionProfile", Schemas.oneOf(greencover.stac.CollectionProfiles.NAMES))
                        .build(), example("{\"stacApi\":\"https://earth-search.aws.element84.com/v1\",\"collections\":[\"sentinel-2-l2a\"],"
                        + "\"maxCloud\":30,\"every\":\"PT6H\"}"), true)
                .json(200, "The watch", Schemas.anyObject(), example(WATCH_EXAMPLE))
                .error(400, "A bad field, or a catalog that is refused or unreachable")
                .error(404, "No such site"), controller::putWatch);
        api.add(Route.get("/api/v1/sites/{id}/watch").tag("imports").summary("The site's watch")
                .pathParam("id", "The site id", string(), RestApi.SITE_ID)
                .json(200, "The watch", Schemas.anyObject(), example(WATCH_EXAMPLE))
                .error(404, "No such site, or it has no watch"), controller::getWatch);
        api.add(Route.delete("/api/v1/sites/{id}/watch").tag("imports").bearer().summary("Stop the site's watch")
                .pathParam("id", "The site id", string(), RestApi.SITE_ID)
                .empty(204, "Removed")
                .error(404, "No such site, or it has no watch"), controller::deleteWatch);
    }
}
