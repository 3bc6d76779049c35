package greencover.http.semantics;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * CORS (the Fetch standard's protocol) on every path, as a servlet filter so that error answers and unknown
 * paths carry it too and a browser can read their JSON error.
 *
 * <ul>
 *   <li>Reads ({@link ReadRequests#isRead}) are allowed from the read origins: with {@code *} every response
 *       carries {@code Access-Control-Allow-Origin: *}, also without an {@code Origin} header, so that a shared
 *       cache (a CDN in front of the tiles) never stores a copy without it; with a list, an allowed origin is
 *       echoed and {@code Vary: Origin} is sent.</li>
 *   <li>Writes are allowed from the write origins only (default none); the origin is echoed.</li>
 *   <li>A preflight ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method}) is answered
 *       here, 204, with the asked method, the asked headers and a max age of {@link #MAX_AGE_S} seconds; a
 *       preflight from an origin that may not do what it asks is 403 with a JSON error.</li>
 *   <li>The headers clients need to read are exposed: caching, ranges, the download name, {@code Retry-After}
 *       and the map's {@value #TIME_HEADER}.</li>
 * </ul>
 * No credentials mode: the write token travels in {@code Authorization}, never in a cookie.
 */
public final class Cors implements Filter {
    /** Seconds a browser may cache a preflight answer. */
    public static final int MAX_AGE_S = 86400;
    /** The response header in which maps report the acquisition dates they show (see the WMS controller). */
    public static final String TIME_HEADER = "GreenCover-Time";
    static final String EXPOSED = "ETag, Last-Modified, Content-Length, Content-Range, Accept-Ranges, "
            + "Content-Disposition, Retry-After, X-Cache, " + TIME_HEADER;

    private final List<String> readOrigins;
    private final List<String> writeOrigins;

    /**
     * @param readOrigins origins such as {@code https://maps.example.org} allowed to read, or {@code *}
     * @param writeOrigins origins allowed to write, or {@code *}; empty for none
     */
    public Cors(List<String> readOrigins, List<String> writeOrigins) {
        this.readOrigins = List.copyOf(readOrigins);
        this.writeOrigins = List.copyOf(writeOrigins);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest req) || !(response instanceof HttpServletResponse res)) {
            chain.doFilter(request, response);
            return;
        }
        String origin = req.getHeader("Origin");
        String asked = req.getHeader("Access-Control-Request-Method");
        String path = req.getRequestURI();
        if ("OPTIONS".equals(req.getMethod()) && origin != null && asked != null) {
            preflight(req, res, origin, asked.trim().toUpperCase(Locale.ROOT), path);
            return;
        }
        boolean read = ReadRequests.isRead(req.getMethod(), path);
        List<String> allowed = read ? readOrigins : writeOrigins;
        String allow = allowedOrigin(allowed, origin, read);
        if (!(read && allowed.contains("*"))) res.addHeader("Vary", "Origin");
        if (allow != null) {
            res.setHeader("Access-Control-Allow-Origin", allow);
            res.setHeader("Access-Control-Expose-Headers", EXPOSED);
        }
        chain.doFilter(req, res);
    }

    private void preflight(HttpServletRequest req, HttpServletResponse res, String origin, String asked, String path) throws IOException {
        boolean read = ReadRequests.isRead(asked, path);
        List<String> allowed = read ? readOrigins : writeOrigins;
        String allow = allowedOrigin(allowed, origin, read);
        if (!(read && allowed.contains("*"))) res.addHeader("Vary", "Origin");
        if (allow == null || !asked.matches("[A-Z]{1,16}")) {
            byte[] body = ("{\"error\":\"origin_not_allowed\",\"detail\":\"" + (read ? "reads" : "writes")
                    + " from this origin are not allowed (serve --cors-" + (read ? "" : "write-")
                    + "origins)\",\"field\":\"Origin\"}").getBytes(StandardCharsets.UTF_8);
            res.setStatus(403);
            res.setContentType("application/json");
            res.setContentLength(body.length);
            res.getOutputStream().write(body);
            return;
        }
        res.setStatus(204);
        res.setHeader("Access-Control-Allow-Origin", allow);
        res.setHeader("Access-Control-Allow-Methods", asked.equals("GET") || asked.equals("HEAD") ? "GET, HEAD" : "GET, HEAD, " + asked);
        String headers = req.getHeader("Access-Control-Request-Headers");
        if (headers != null && headers.matches("[A-Za-z0-9\\-_, ]{1,1000}")) res.setHeader("Access-Control-Allow-Headers", headers);
        res.setHeader("Access-Control-Max-Age", Integer.toString(MAX_AGE_S));
    }

    /** What to send as {@code Access-Control-Allow-Origin}, or null when {@code origin} is not allowed. */
    private static String allowedOrigin(List<String> allowed, String origin, boolean read) {
        if (allowed.contains("*")) return read ? "*" : origin;
        return origin != null && allowed.contains(origin) ? origin : null;
    }
}
