package greencover.http.semantics;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Answers {@code HEAD} exactly as {@code GET} without the body (RFC 9110 §9.3.2): the request is routed,
 * authorised and handled as a GET, its body bytes are counted and dropped, and the count becomes
 * {@code Content-Length} unless the handler set one. So a missing site is a 404 with the JSON error's length,
 * and {@code index.tif} tells its size and {@code Accept-Ranges} as GDAL's {@code /vsicurl/} expects. Handlers
 * that can tell a length without producing the body ({@link ReadResponses#download}) see {@link #ATTRIBUTE}.
 */
public final class HeadAsGet implements Filter {
    /** Request attribute (Boolean.TRUE) on a HEAD request served as GET. */
    public static final String ATTRIBUTE = "greencover.head";

    /** The method the client sent: {@code HEAD} for a HEAD served as GET, else the request's own method. */
    public static String method(io.javalin.http.Context ctx) {
        return Boolean.TRUE.equals(ctx.attribute(ATTRIBUTE)) ? "HEAD" : ctx.method().name();
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest req) || !(response instanceof HttpServletResponse res)
                || !"HEAD".equals(req.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        req.setAttribute(ATTRIBUTE, Boolean.TRUE);
        Bodyless out = new Bodyless(res);
        chain.doFilter(new HttpServletRequestWrapper(req) {
            @Override
            public String getMethod() { return "GET"; }
        }, out);
        out.flushBuffer();
        if (!res.isCommitted() && !res.containsHeader("Content-Length") && out.counted.count > 0) {
            res.setContentLengthLong(out.counted.count);
        }
    }

    /** A response whose body is counted and discarded. */
    private static final class Bodyless extends HttpServletResponseWrapper {
        final Counting counted = new Counting();
        private PrintWriter writer;

        Bodyless(HttpServletResponse res) { super(res); }

        @Override
        public ServletOutputStream getOutputStream() { return counted; }

        @Override
        public PrintWriter getWriter() {
            if (writer == null) {
                String cs = getCharacterEncoding();
                writer = new PrintWriter(new OutputStreamWriter(counted, cs == null ? StandardCharsets.UTF_8
                        : java.nio.charset.Charset.forName(cs)));
            }
            return writer;
        }

        @Override
        public void flushBuffer() {
            if (writer != null) writer.flush();
        }

        @Override
        public void resetBuffer() {
            counted.count = 0;
        }

        @Override
        public void reset() {
            super.reset();
            counted.count = 0;
        }
    }

    private static final class Counting extends ServletOutputStream {
        long count;

        @Override
        public void write(int b) { count++; }

        @Override
        public void write(byte[] b, int off, int len) { count += len; }

        @Override
        public boolean isReady() { return true; }

        @Override
        public void setWriteListener(WriteListener listener) {
            try {
                listener.onWritePossible();
            } catch (IOException e) {
                listener.onError(e);
            }
        }
    }
}
