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
 * {@code GET /health} (liveness) and {@code GET /health/ready} (readiness). {@code /health}: 200 while the server can
 * serve, with {@code status: ok}, the counts of served scenes and sites, and one warning per damaged scene
 * ({@code warnings}: scene, reason, at, and what to do). {@code /health/ready} first asks the catalog
 * ({@link greencover.domain.CatalogHealth}): when it does not answer, or it is shared by several servers and this
 * one does not receive their change notifications ({@code listener: down}), the answer is 503 with
 * {@code status: unavailable}, {@code catalog}, {@code listener}, {@code detail} and {@code Retry-After}, so a load
 * balancer sends requests elsewhere; otherwise it is the body of {@code /health} with {@code catalog: reachable}
 * and {@code listener} ({@code up}, or {@code not needed} for a catalog of this server alone). Each call first checks the files of the served scenes (a {@code stat} per index raster:
 * {@link greencover.service.SceneDamages#checkAll quick}), so a scene folder removed or a raster truncated by hand is
 * found and marked damaged here, without waiting for a read to meet it. A damaged scene does not make the answer a
 * failure: the other scenes are served. Nor does a catalog that does not answer (a database restarting): the
 * process is alive, restarting it would not help; {@code /health} then says {@code catalog: unreachable} with
 * zero counts, and {@code /health/ready} is 503.
 */
final class Health {
    private final Services services;

    Health(Services services) { this.services = services; }

    /** {@code GET /health/ready}. */
    void ready(Context ctx) {
        greencover.domain.CatalogHealth h = services.catalogHealth();
        if (!h.ready()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "unavailable");
            body.put("catalog", h.reachable() ? "reachable" : "unreachable");
            body.put("listener", h.listener());
            body.put("detail", h.detail());
            ctx.header("Cache-Control", "no-store");
            ctx.header("Retry-After", "5");
            RestJson.write(ctx, 503, body);
            return;
        }
        write(ctx, h);
    }

    /** {@code GET /health}. */
    void answer(Context ctx) { write(ctx, null); }

    private void write(Context ctx, greencover.domain.CatalogHealth catalog) {
        List<Scene> damaged;
        String unreachable = null;
        int scenes = 0, sites = 0;
        try {
            services.damages().checkAll(false);
            damaged = services.damages().damaged();
            scenes = services.mapData().scenes().size();
            sites = services.mapData().sites().size();
        } catch (greencover.domain.StoreException e) { // liveness: the process serves; readiness says the catalog is away
            damaged = List.of();
            unreachable = e.getMessage();
        }
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
        body.put("scenes", scenes);
        body.put("sites", sites);
        body.put("damagedScenes", damaged.size());
        body.put("warnings", warnings);
        if (unreachable != null) {
            body.put("catalog", "unreachable");
            body.put("detail", unreachable);
        }
        if (catalog != null) {
            body.put("catalog", "reachable");
            body.put("listener", catalog.listener());
        }
        ctx.header("Cache-Control", "no-store");
        RestJson.write(ctx, 200, body);
    }
}
