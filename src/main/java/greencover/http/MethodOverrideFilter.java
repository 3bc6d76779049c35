package greencover.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Hides the method-override headers ({@code X-HTTP-Method-Override}, {@code X-HTTP-Method},
 * {@code X-Method-Override}) from everything behind it, so that a request is routed and authorised by its real
 * method only. Javalin's {@code Context.method()} honours {@code X-HTTP-Method-Override}, which would let a GET
 * (safe for caches, proxies and CSRF defences) carrying the token delete a scene. A request without these headers
 * passes unwrapped.
 */
final class MethodOverrideFilter implements Filter {
    static final Set<String> HEADERS = Set.of("x-http-method-override", "x-http-method", "x-method-override");

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (req instanceof HttpServletRequest http && hasOverride(http)) req = new Hidden(http);
        chain.doFilter(req, res);
    }

    private static boolean hasOverride(HttpServletRequest r) {
        for (String h : HEADERS) if (r.getHeader(h) != null) return true;
        return false;
    }

    private static boolean hidden(String name) { return name != null && HEADERS.contains(name.toLowerCase(Locale.ROOT)); }

    private static final class Hidden extends HttpServletRequestWrapper {
        Hidden(HttpServletRequest r) { super(r); }

        @Override
        public String getHeader(String name) { return hidden(name) ? null : super.getHeader(name); }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return hidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = Collections.list(super.getHeaderNames());
            names.removeIf(MethodOverrideFilter::hidden);
            return Collections.enumeration(names);
        }

        @Override
        public long getDateHeader(String name) { return hidden(name) ? -1 : super.getDateHeader(name); }

        @Override
        public int getIntHeader(String name) { return hidden(name) ? -1 : super.getIntHeader(name); }
    }
}
