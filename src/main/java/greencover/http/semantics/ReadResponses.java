package greencover.http.semantics;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Conditional and partial reads on every route: a 200 {@code GET} whose body is in memory (JSON, CSV, XML,
 * images) gets a strong {@code ETag} (the first 128 bits of the body's SHA-256, unless the handler set its own, as
 * the map routes do) and {@code Cache-Control: no-cache} unless the handler chose one; a matching
 * {@code If-None-Match} (a list, weak tags compared weakly, or {@code *}) is answered 304 without a body. Every
 * such body also advertises {@code Accept-Ranges: bytes} and serves one {@code Range} as 206 with
 * {@code Content-Range}, or 416 with {@code Content-Range: bytes *}{@code /length} when it starts past the end; an
 * {@code If-Range} that is not the current ETag asks for the whole body. Several ranges in one header are
 * answered with the whole body (allowed by RFC 9110 §14.2). Streamed files go through {@link #download}, which
 * does the same without reading what is not sent.
 */
public final class ReadResponses {
    private ReadResponses() {}

    /** Adds the after-handler to {@code cfg}; it must run after every route and error mapper. */
    public static void register(JavalinConfig cfg) {
        cfg.routes.after(ReadResponses::apply);
    }

    private static void apply(Context ctx) throws IOException {
        if (ctx.method() != HandlerType.GET || ctx.statusCode() != 200) return;
        if (!(ctx.resultInputStream() instanceof ByteArrayInputStream in)) return;
        byte[] body = in.readAllBytes();
        String etag = ctx.res().getHeader("ETag");
        if (etag == null) {
            etag = strongTag(body);
            ctx.header("ETag", etag);
            if (ctx.res().getHeader("Cache-Control") == null) ctx.header("Cache-Control", "no-cache");
        }
        if (notModified(ctx, etag)) {
            ctx.status(304).result(new byte[0]);
            return;
        }
        ctx.header("Accept-Ranges", "bytes");
        String range = rangeHeader(ctx, etag);
        switch (ByteRange.kind(range, body.length)) {
            case PART -> {
                ByteRange r = ByteRange.parse(range, body.length);
                ctx.disableCompression();
                ctx.status(206).header("Content-Range", r.contentRange());
                ctx.result(java.util.Arrays.copyOfRange(body, (int) r.first(), (int) r.last() + 1));
            }
            case UNSATISFIABLE -> {
                ctx.status(416).header("Content-Range", "bytes */" + body.length).result(new byte[0]);
            }
            case WHOLE -> ctx.result(body);
        }
    }

    /** Opens a stored file's bytes from the start. */
    @FunctionalInterface
    public interface Opener {
        /** A fresh stream from byte 0; the caller closes it. */
        InputStream open() throws IOException;
    }

    /**
     * Writes a file of {@code length} bytes as a download: {@code ETag} {@code etag} (must be quoted and change
     * whenever the bytes do), {@code Accept-Ranges}, 304 for a matching {@code If-None-Match}, 206 for one range
     * (only that part is read), 416 past the end, and for {@code HEAD} the headers of the GET without opening the
     * file. Compression is off so that lengths and ranges count the file's own bytes.
     */
    public static void download(Context ctx, long length, String contentType, String etag, Opener file) throws IOException {
        ctx.disableCompression();
        ctx.header("ETag", etag);
        ctx.header("Cache-Control", "no-cache");
        if (notModified(ctx, etag)) {
            ctx.status(304);
            return;
        }
        ctx.header("Accept-Ranges", "bytes");
        ctx.contentType(contentType);
        String range = rangeHeader(ctx, etag);
        ByteRange.Kind kind = ByteRange.kind(range, length);
        if (kind == ByteRange.Kind.UNSATISFIABLE) {
            ctx.status(416).header("Content-Range", "bytes */" + length);
            return;
        }
        ByteRange r = kind == ByteRange.Kind.PART ? ByteRange.parse(range, length) : new ByteRange(0, length - 1, length);
        if (kind == ByteRange.Kind.PART) ctx.status(206).header("Content-Range", r.contentRange());
        long size = length == 0 ? 0 : r.size();
        ctx.header("Content-Length", Long.toString(size));
        if (Boolean.TRUE.equals(ctx.attribute(HeadAsGet.ATTRIBUTE)) || size == 0) return;
        InputStream in = file.open();
        try {
            in.skipNBytes(r.first());
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
        ctx.result(new Limited(in, size));
    }

    private static String rangeHeader(Context ctx, String etag) {
        String range = ctx.header("Range");
        String ifRange = ctx.header("If-Range");
        return range != null && ifRange != null && !ifRange.trim().equals(etag) ? null : range;
    }

    private static boolean notModified(Context ctx, String etag) {
        String inm = ctx.header("If-None-Match");
        if (inm == null) return false;
        String bare = etag.startsWith("W/") ? etag.substring(2) : etag;
        for (String t : inm.split(",")) {
            String tag = t.trim();
            if (tag.startsWith("W/")) tag = tag.substring(2);
            if (tag.equals("*") || tag.equals(bare)) return true;
        }
        return false;
    }

    /** A strong entity tag of {@code body}: the first 16 bytes of its SHA-256 in hex, quoted. */
    static String strongTag(byte[] body) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(d, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** At most {@code left} bytes of a stream. */
    private static final class Limited extends FilterInputStream {
        private long left;

        Limited(InputStream in, long left) {
            super(in);
            this.left = left;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) return -1;
            int b = super.read();
            if (b >= 0) left--;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) return -1;
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) left -= n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(Math.min(n, left));
            left -= s;
            return s;
        }

        @Override
        public int available() throws IOException { return (int) Math.min(super.available(), left); }
    }
}
