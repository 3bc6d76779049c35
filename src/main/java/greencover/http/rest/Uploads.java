package greencover.http.rest;

import greencover.core.raster.BandRole;
import greencover.service.BandInput;
import greencover.service.DiskFull;
import greencover.service.IngestRequest;
import greencover.service.error.InsufficientStorageException;
import greencover.service.error.InvalidInputException;
import greencover.service.error.PayloadTooLargeException;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.server.Request;

/**
 * Turns a scene upload into an {@link IngestRequest} over temporary files: multipart with one {@code file}
 * and {@code bands}, or one part per band role; or a raw {@code image/tiff} body with fields as query
 * parameters. Every byte counts against the upload limit; the temporary files are deleted by {@link #close}.
 */
public final class Uploads implements AutoCloseable {
    private final Path tmpDir;
    private final long maxBytes;
    private final List<Path> files = new ArrayList<>();
    private long total;

    Uploads(Path tmpDir, long maxBytes) {
        this.tmpDir = tmpDir;
        this.maxBytes = maxBytes;
    }

    IngestRequest read(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw new PayloadTooLargeException("file", "upload of " + declared + " bytes exceeds the limit of " + maxBytes + " bytes");
        }
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        if (type.startsWith("multipart/form-data")) return multipart(ctx);
        if (type.startsWith("image/tiff") || type.startsWith("image/geotiff") || type.startsWith("application/octet-stream")) {
            Path f = save(ctx.bodyInputStream(), "body");
            return request(bandsOf(f, ctx.queryParam("bands"), "body"), ctx.queryParamMap());
        }
        throw new UnsupportedMediaTypeException(
                "send multipart/form-data (file + bands, or one part per band) or an image/tiff body; got '" + type + "'");
    }

    private IngestRequest multipart(Context ctx) {
        Map<String, List<UploadedFile>> parts;
        try {
            parts = ctx.uploadedFileMap();
        } catch (Exception e) { // Jetty reports a malformed body (no boundary, bad part) or one over its limits
            if (DiskFull.in(e)) throw diskFull("body", e);
            if (RequestBodies.isTimeout(e)) throw stalled();
            if (overLimit(ctx)) throw new PayloadTooLargeException("file", "upload exceeds the limit of " + maxBytes + " bytes");
            throw new InvalidInputException("invalid_multipart", "body", "the multipart body cannot be parsed: " + e.getMessage());
        }
        List<List<BandInput>> groups = new ArrayList<>();
        if (parts.containsKey("file")) {
            Path f = save(one(parts, "file"), "file");
            groups.add(bandsOf(f, ctx.formParam("bands"), "file"));
        }
        List<BandInput> single = new ArrayList<>();
        for (BandRole role : BandRole.values()) {
            if (!parts.containsKey(role.key())) continue;
            Path f = save(one(parts, role.key()), role.key());
            single.add(new BandInput(role, f, 0, role.key()));
        }
        groups.add(single);
        for (String name : parts.keySet()) {
            if (!name.equals("file")) {
                try {
                    BandRole.parse(name);
                } catch (IllegalArgumentException e) {
                    throw new InvalidInputException("invalid_field", name, "unknown file part '" + name + "': use 'file' with 'bands', or one of red, nir, blue, green, swir1, mask");
                }
            }
        }
        List<BandInput> all = new ArrayList<>();
        groups.forEach(all::addAll);
        return request(all, ctx.formParamMap());
    }

    /**
     * Whether Jetty refused the multipart body for its size: Jetty reports an over-limit body and a malformed one
     * with the same exception type, so this counts the body bytes Jetty read. More than the limit (Jetty's file and
     * total multipart limits are set to it) means the body was cut off for its size.
     */
    private boolean overLimit(Context ctx) {
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
        return request != null && Request.getContentBytesRead(request) > maxBytes;
    }

    private static InputStream one(Map<String, List<UploadedFile>> parts, String name) {
        List<UploadedFile> l = parts.get(name);
        if (l.size() != 1) throw new InvalidInputException("invalid_field", name, "part '" + name + "' given " + l.size() + " times");
        return l.get(0).content();
    }

    /**
     * The request with {@code sensor}, {@code acquired} and {@code name}, and every other text field (first value)
     * passed on for the sensor's provider to read its own parameters from.
     */
    private static IngestRequest request(List<BandInput> bands, Map<String, List<String>> params) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        params.forEach((k, v) -> {
            if (!v.isEmpty() && !COMMON_FIELDS.contains(k)) fields.put(k, v.get(0));
        });
        return new IngestRequest(bands, first(params, "sensor"), first(params, "acquired"), first(params, "name"), fields);
    }

    private static final java.util.Set<String> COMMON_FIELDS = java.util.Set.of("sensor", "acquired", "name", "bands");

    private static String first(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static List<BandInput> bandsOf(Path file, String bands, String field) {
        if (bands == null || bands.isBlank()) {
            throw new InvalidInputException("missing_field", "bands", "bands is required with a multi-band " + field
                    + ": the roles in band order, e.g. red,nir,mask");
        }
        List<BandInput> out = new ArrayList<>();
        String[] roles = bands.split(",");
        for (int i = 0; i < roles.length; i++) {
            String r = roles[i].trim();
            if (r.isEmpty() || r.equals("-") || r.equals("skip")) continue;
            try {
                out.add(new BandInput(BandRole.parse(r), file, i, field));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("invalid_field", "bands", e.getMessage());
            }
        }
        return out;
    }

    private Path save(InputStream in, String field) {
        try {
            Files.createDirectories(tmpDir);
            Path f = Files.createTempFile(tmpDir, "upload-", ".tif");
            files.add(f);
            byte[] buf = new byte[1 << 16];
            try (in; OutputStream out = Files.newOutputStream(f)) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    total += n;
                    if (total > maxBytes) {
                        throw new PayloadTooLargeException(field, "upload exceeds the limit of " + maxBytes + " bytes");
                    }
                    out.write(buf, 0, n);
                }
            }
            if (Files.size(f) == 0) throw new InvalidInputException("invalid_raster", field, field + " is empty");
            return f;
        } catch (IOException e) {
            if (DiskFull.in(e)) throw diskFull(field, e);
            if (RequestBodies.isTimeout(e)) throw stalled();
            throw new InvalidInputException("upload_failed", field, "the upload of " + field + " was interrupted: " + e.getMessage());
        }
    }

    private InsufficientStorageException diskFull(String field, Exception e) {
        return new InsufficientStorageException("the disk holding " + tmpDir + " ran out of space while the upload ("
                + field + ") was received; nothing of it was kept: free some space and retry", e);
    }

    /** A 408 for an upload whose body paused longer than the connection's idle timeout. */
    private static io.javalin.http.HttpResponseException stalled() {
        return new io.javalin.http.HttpResponseException(408, "the upload stalled: no bytes arrived within the body timeout; nothing was stored");
    }

    @Override
    public void close() {
        for (Path f : files) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
