package greencover.http;

import greencover.app.Services;
import greencover.domain.Scene;
import greencover.http.rest.RestJson;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /health} and {@code GET /health/ready}: 200 while the server can serve, with {@code status: ok}, the
 * counts of served scenes and sites, and one warning per damaged scene ({@code warnings}: scene, reason, at, and
 * what to do). Each call first checks the files of the served scenes (a {@code stat} per index raster:
 * {@link greencover.service.SceneDamages#checkAll quick}), so a scene folder removed or a raster truncated by hand is
 * found and marked damaged here, without waiting for a read to meet it. A damaged scene does not make the answer a
 * failure: the other scenes are served.
 */
final class Health {
    private final Services services;

    Health(Services services) { this.services = services; }

    void answer(Context ctx) {
        services.damages().checkAll(false);
        List<Scene> damaged = services.damages().damaged();
        List<Object> warnings = new ArrayList<>();
        for (Scene d : damaged) {
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("scene", d.id());
            w.put("reason", d.damage().reason());
            w.put("at", d.damage().at().toString());
            w.put("warning", "scene " + d.id() + " (" + d.date() + ") is damaged and left out of maps and series: "
                    + d.damage().reason() + "; DELETE /api/v1/scenes/" + d.id() + " or ingest its files again");
            warnings.add(w);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "ok");
        body.put("scenes", services.mapData().scenes().size());
        body.put("sites", services.mapData().sites().size());
        body.put("damagedScenes", damaged.size());
        body.put("warnings", warnings);
        ctx.header("Cache-Control", "no-store");
        RestJson.write(ctx, 200, body);
    }
}
