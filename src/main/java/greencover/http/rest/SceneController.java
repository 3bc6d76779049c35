package greencover.http.rest;

import greencover.domain.SceneFile;
import greencover.http.semantics.ReadResponses;
import greencover.service.SceneService;
import greencover.service.admission.IngestQueue;
import io.javalin.http.Context;
import java.nio.file.Path;

/**
 * {@code /api/v1/scenes}: list (by site and date range), ingest an upload (201, or 200 for files already stored),
 * get, delete, and export a stored index raster as GeoTIFF. An ingest first takes a place in the
 * {@link IngestQueue} (429 when it is full, before a byte of the upload is read), spools its upload, waits for its
 * turn and is ingested; the place is held until the answer.
 */
final class SceneController {
    private final SceneService scenes;
    private final Path uploadDir;
    private final long maxUploadBytes;
    private final IngestQueue queue;

    /**
     * @param uploadDir      where uploads are spooled while they are ingested
     * @param maxUploadBytes the upload limit in bytes, all parts together
     */
    SceneController(SceneService scenes, IngestQueue queue, Path uploadDir, long maxUploadBytes) {
        this(scenes, null, null, queue, uploadDir, maxUploadBytes);
    }

    private final greencover.service.source.StacScenes stac;
    private final RequestBodies bodies;

    /** As above, with {@code POST /api/v1/scenes {"stacItem": ...}} answered by {@code stac}. */
    SceneController(SceneService scenes, greencover.service.source.StacScenes stac, RequestBodies bodies, IngestQueue queue,
                    Path uploadDir, long maxUploadBytes) {
        this.stac = stac;
        this.bodies = bodies;
        this.scenes = scenes;
        this.queue = queue;
        this.uploadDir = uploadDir;
        this.maxUploadBytes = maxUploadBytes;
    }

    void list(Context ctx) {
        RestJson.write(ctx, 200, SceneJson.list(scenes.list(ctx.queryParam("site"), QueryParams.date(ctx, "from"),
                QueryParams.date(ctx, "to"))));
    }

    void ingest(Context ctx) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(java.util.Locale.ROOT);
        if (stac != null && (type.startsWith("application/json") || type.startsWith("application/geo+json"))) {
            ingestStacItem(ctx);
            return;
        }
        scenes.ensureRoomForUpload(ctx.req().getContentLengthLong()); // before a byte of the body is spooled
        try (IngestQueue.Place place = queue.enter(); Uploads up = new Uploads(uploadDir, maxUploadBytes)) {
            greencover.service.IngestRequest request = up.read(ctx);
            place.awaitTurn();
            SceneService.IngestResult r = scenes.ingest(request, null);
            RestJson.write(ctx, r.duplicate() ? 200 : 201, SceneJson.ingested(r));
        }
    }

    /** Largest JSON body of a STAC ingest (an item inline). */
    static final long MAX_STAC_BODY_BYTES = 4L << 20;

    /**
     * {@code {"stacItem": "<item URL>" | {item}, "collectionProfile"?: name | {"sensor", "assets": {role: key}, "fields"}}}:
     * the item's scene read in place around the sites; answered as an upload (201, or 200 duplicate).
     */
    private void ingestStacItem(Context ctx) {
        com.fasterxml.jackson.databind.JsonNode body = RestJson.parse(bodies.text(ctx, MAX_STAC_BODY_BYTES));
        com.fasterxml.jackson.databind.JsonNode item = body.get("stacItem");
        if (item == null || item.isNull()) {
            throw new greencover.service.error.InvalidInputException("missing_field", "stacItem",
                    "stacItem is required: the URL of a STAC item, or the item itself");
        }
        String url = null;
        byte[] json = null;
        if (item.isTextual()) url = item.asText();
        else if (item.isObject()) json = item.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        else throw new greencover.service.error.InvalidInputException("invalid_field", "stacItem", "stacItem must be a URL or a STAC item object");
        String profile = null;
        greencover.stac.CollectionProfiles.Mapping mapping = null;
        com.fasterxml.jackson.databind.JsonNode p = body.get("collectionProfile");
        if (p != null && p.isTextual()) {
            profile = p.asText();
        } else if (p != null && p.isObject()) {
            java.util.Map<String, String> assets = new java.util.LinkedHashMap<>(), fields = new java.util.LinkedHashMap<>();
            p.path("assets").fields().forEachRemaining(e -> assets.put(e.getKey(), e.getValue().asText()));
            p.path("fields").fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue().asText()));
            mapping = new greencover.stac.CollectionProfiles.Mapping(p.path("sensor").asText(null), assets, fields);
        } else if (p != null && !p.isNull()) {
            throw new greencover.service.error.InvalidInputException("invalid_field", "collectionProfile",
                    "collectionProfile must be a profile name or a mapping object");
        }
        try (IngestQueue.Place place = queue.enter()) {
            place.awaitTurn();
            SceneService.IngestResult r = stac.ingest(new greencover.service.source.StacScenes.StacRequest(url, json, profile, mapping));
            RestJson.write(ctx, r.duplicate() ? 200 : 201, SceneJson.ingested(r));
        }
    }

    void get(Context ctx) { RestJson.write(ctx, 200, SceneJson.of(scenes.get(ctx.pathParam("id")))); }

    void delete(Context ctx) {
        scenes.delete(ctx.pathParam("id"));
        ctx.status(204);
    }

    /**
     * {@code index.tif?index=ndvi}: the index raster as GIS software reads it (band 1 the index, every non-valid pixel
     * no data; band 2 the pixel class), as an attachment named {@code <id>-<index>.tif}.
     */
    void exportIndex(Context ctx) throws Exception {
        String index = ctx.queryParam("index") == null ? "ndvi" : ctx.queryParam("index");
        SceneFile f = scenes.exportIndex(ctx.pathParam("id"), index, uploadDir);
        ctx.header("Content-Disposition", "attachment; filename=\"" + ctx.pathParam("id") + "-" + index + ".tif\"");
        ReadResponses.download(ctx, f.sizeBytes(), "image/tiff",
                "\"" + ctx.pathParam("id") + "-" + index + "-" + f.sizeBytes() + "\"", f::open);
    }
}
