package greencover.http.semantics;

import jakarta.servlet.DispatcherType;
import io.javalin.config.JavalinConfig;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.FilterHolder;

/**
 * Installs this package on a Javalin configuration: {@link Cors} then {@link HeadAsGet} as servlet filters on
 * every path, and {@link ReadResponses} after every route. The server calls it once; a test server of one
 * surface calls it to get the same semantics.
 */
public final class HttpSemantics {
    private HttpSemantics() {}

    /**
     * @param readOrigins origins allowed to read ({@code *} for any)
     * @param writeOrigins origins allowed to write (empty for none)
     */
    public static void install(JavalinConfig cfg, List<String> readOrigins, List<String> writeOrigins) {
        cfg.jetty.modifyServletContextHandler(h -> {
            var request = EnumSet.of(DispatcherType.REQUEST);
            h.addFilter(new FilterHolder(new Cors(readOrigins, writeOrigins)), "/*", request);
            h.addFilter(new FilterHolder(new HeadAsGet()), "/*", request);
        });
        ReadResponses.register(cfg);
    }
}
