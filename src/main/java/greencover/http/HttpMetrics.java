package greencover.http;

import greencover.http.semantics.HeadAsGet;
import greencover.service.map.MapCache;
import io.javalin.config.JavalinState;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.javalin.router.ParsedEndpoint;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The server's meters on the {@link greencover.app.Metrics} registry: one latency histogram per route template,
 * method and status ({@code http_server_requests_seconds}, whose {@code _count} counts the requests), and the map
 * cache's hits, misses, evictions, bytes and entries.
 *
 * <p>Requests are recorded from the request logger, after every handler, filter and error mapping has run, and
 * labelled with the path template of the endpoint Javalin matched (e.g. {@code /api/v1/sites/{id}}), never the raw
 * path, so a label's values are bounded by the routes: a request no route matched is {@code uri="unmatched"}. It
 * does not care how routes are registered.
 */
final class HttpMetrics {
    /** Request-latency histogram buckets, from a cached tile to a large uncached GetMap or an upload. */
    private static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1)};
    /** The {@code uri} label of a request that no route matched (a 404 for an unknown path). */
    static final String UNMATCHED = "unmatched";
    private static final List<String> CACHE_METERS = List.of("greencover.map.cache.hits", "greencover.map.cache.misses",
            "greencover.map.cache.evictions", "greencover.map.cache.bytes", "greencover.map.cache.entries",
            "greencover.map.cache.max.bytes");

    private final MeterRegistry registry;
    private final Map<List<String>, Timer> timers = new ConcurrentHashMap<>();
    private volatile JavalinState state;

    HttpMetrics(MeterRegistry registry) { this.registry = registry; }

    /** Records one answered request that took {@code millis}. */
    void record(Context ctx, float millis) {
        String method = HeadAsGet.method(ctx);
        String uri = route(ctx);
        String status = Integer.toString(ctx.statusCode());
        Timer t = timers.computeIfAbsent(List.of(method, uri, status), k -> Timer.builder("http.server.requests")
                .description("HTTP requests answered, by method, route template (uri) and status: latency from the"
                        + " request's start to its answer; _count is the number of requests")
                .tags("method", method, "uri", uri, "status", status)
                .serviceLevelObjectives(BUCKETS)
                .register(registry));
        t.record(Math.max(0, Math.round(millis * 1_000_000.0)), TimeUnit.NANOSECONDS);
    }

    /**
     * The path template of the endpoint that answered {@code ctx}; for a request refused before its endpoint ran
     * (a 401 from the bearer check, a 403 preflight) the template of the endpoint it was addressed to; else
     * {@link #UNMATCHED}.
     */
    private String route(Context ctx) {
        Endpoint e = ctx.endpoints().matchedHttpEndpoint();
        if (e != null && e.path != null && !e.path.isEmpty()) return e.path;
        JavalinState s = state;
        if (s != null && s.internalRouter != null) {
            ParsedEndpoint p = s.internalRouter.findFirstHttpHandlerEntry(ctx.method(), ctx.path());
            if (p != null && p.endpoint.path != null && !p.endpoint.path.isEmpty()) return p.endpoint.path;
        }
        return UNMATCHED;
    }

    /** Where to look up the route of a request that never reached its endpoint (the app's router). */
    void routesOf(JavalinState state) { this.state = state; }

    /**
     * Adds the meters of {@code cache}, replacing those of an earlier server made over the same registry (a
     * function meter keeps the object it was first registered with).
     */
    void bindCache(MapCache cache) {
        for (Meter m : List.copyOf(registry.getMeters())) {
            if (CACHE_METERS.contains(m.getId().getName())) registry.remove(m);
        }
        FunctionCounter.builder("greencover.map.cache.hits", cache, MapCache::hits)
                .description("Encoded maps and tiles answered from the in-memory cache (WMS, WMTS, XYZ, legends)").register(registry);
        FunctionCounter.builder("greencover.map.cache.misses", cache, MapCache::misses)
                .description("Encoded maps and tiles not found in the cache, so rendered").register(registry);
        FunctionCounter.builder("greencover.map.cache.evictions", cache, MapCache::evictions)
                .description("Cached maps and tiles dropped, least recently used first, to stay within the cache's byte budget")
                .register(registry);
        Gauge.builder("greencover.map.cache.bytes", cache, MapCache::totalBytes).baseUnit("bytes")
                .description("Bytes of encoded maps and tiles held in the cache").register(registry);
        Gauge.builder("greencover.map.cache.entries", cache, MapCache::size)
                .description("Encoded maps and tiles held in the cache").register(registry);
        Gauge.builder("greencover.map.cache.max.bytes", cache, MapCache::maxBytes).baseUnit("bytes")
                .description("The cache's byte budget (--tile-cache-mb; 0 turns caching off)").register(registry);
    }
}
