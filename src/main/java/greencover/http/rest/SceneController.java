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
        scenes.ensureRoomForUpload(ctx.req().getContentLengthLong()); // before a byte of the body is spooled
        try (IngestQueue.Place place = queue.enter(); Uploads up = new Uploads(uploadDir, maxUploadBytes)) {
            greencover.service.IngestRequest request = up.read(ctx);
            place.awaitTurn();
            SceneService.IngestResult r = scenes.ingest(request, null);
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
