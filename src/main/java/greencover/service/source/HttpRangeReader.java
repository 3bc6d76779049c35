package greencover.service.source;

import greencover.core.raster.RangeReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A remote file read with HTTP range requests on {@link HttpClient}: {@link #open} reads the header (the first
 * {@code headerBytes}) and learns the size from {@code Content-Range}; {@link #read} fetches ranges concurrently
 * (at most {@link SourcePolicy#parallelFetches()} at once, waiting on futures, never polling), each retried with
 * doubling backoff on a 5xx, a timeout or a lost connection (a host that refuses every attempt is {@code source_unreachable},
 * the caller's to fix, not a 5xx to wait out). A body is read within the policy's timeout too ({@link BodyDeadline}): a
 * host that sends its headers and then stalls has its connection dropped and is asked again; stalled on every attempt,
 * it is {@code source_stalled}. A 403, 404 or 410 is the asset's fault and is not
 * retried, except that a signed URL refused with 401, 403 or 409 is signed again once ({@code resign}: a SAS token that
 * expired meanwhile) and the range asked again. Every address is checked by {@link Addresses} before each request, so a redirect cannot reach a
 * private network either (redirects are followed by hand, at most 5).
 */
public final class HttpRangeReader implements RangeReader {
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");
    private static final int MAX_REDIRECTS = 5;

    private final HttpClient client;
    private volatile URI uri;
    private final java.util.function.UnaryOperator<URI> resign;
    private final java.util.concurrent.atomic.AtomicBoolean resigned = new java.util.concurrent.atomic.AtomicBoolean();
    private final String name;
    private final SourcePolicy policy;
    private final Semaphore slots;
    private final AtomicLong requests = new AtomicLong(), bytes = new AtomicLong();
    private java.util.function.LongConsumer total;
    private long size = -1;

    private HttpRangeReader(HttpClient client, URI uri, String name, SourcePolicy policy, java.util.function.UnaryOperator<URI> resign) {
        this.resign = resign;
        this.client = client;
        this.uri = uri;
        this.name = name;
        this.policy = policy;
        this.slots = new Semaphore(policy.parallelFetches());
    }

    /**
     * Opens {@code uri} (named {@code name} in messages: the asset, never a signed URL) and reads its first
     * {@code headerBytes}; returns the reader and those bytes.
     *
     * @throws RemoteReadException {@code source_refused} for an address the policy forbids, {@code source_not_found}
     *         (404, 410), {@code source_forbidden} (401, 403, 409), {@code source_no_ranges} (a server that answers
     *         the whole of a large file), {@code source_unavailable} (5xx or no answer after retries)
     */
    public static Opened open(HttpClient client, URI uri, String name, SourcePolicy policy, int headerBytes) throws IOException {
        return open(client, uri, name, policy, headerBytes, null);
    }

    /** As above; {@code resign} (null: none) gives a freshly signed URL for a refused signed one. */
    public static Opened open(HttpClient client, URI uri, String name, SourcePolicy policy, int headerBytes,
                              java.util.function.UnaryOperator<URI> resign) throws IOException {
        HttpRangeReader r = new HttpRangeReader(client, uri, name, policy, resign);
        byte[] head = r.fetch(new ByteRange(0, headerBytes), true);
        return new Opened(r, head);
    }

    /** As above, telling {@code total} the body bytes it receives as well. */
    static Opened open(HttpClient client, URI uri, String name, SourcePolicy policy, int headerBytes,
                       java.util.function.UnaryOperator<URI> resign, java.util.function.LongConsumer total) throws IOException {
        HttpRangeReader r = new HttpRangeReader(client, uri, name, policy, resign);
        r.total = total;
        byte[] head = r.fetch(new ByteRange(0, headerBytes), true);
        return new Opened(r, head);
    }

    /** A reader with its header bytes. */
    public record Opened(RangeReader reader, byte[] header) {}

    @Override
    public String name() { return name; }

    @Override
    public long size() { return size; }

    /** Requests sent so far (retries included). */
    public long requests() { return requests.get(); }

    /** Body bytes received so far. */
    public long bytesRead() { return bytes.get(); }

    @Override
    public List<byte[]> read(List<ByteRange> ranges) throws IOException {
        if (ranges.size() == 1) return List.of(fetch(ranges.get(0), false));
        List<CompletableFuture<byte[]>> futures = new ArrayList<>();
        for (ByteRange r : ranges) {
            futures.add(CompletableFuture.supplyAsync(() -> {
                try {
                    slots.acquire();
                    try {
                        return fetch(r, false);
                    } finally {
                        slots.release();
                    }
                } catch (IOException e) {
                    throw new CompletionException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CompletionException(new IOException("interrupted", e));
                }
            }));
        }
        List<byte[]> out = new ArrayList<>();
        try {
            for (CompletableFuture<byte[]> f : futures) out.add(f.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            for (CompletableFuture<byte[]> f : futures) f.cancel(true);
            throw new IOException("interrupted while reading " + name, e);
        } catch (ExecutionException e) {
            for (CompletableFuture<byte[]> f : futures) f.cancel(true);
            if (e.getCause() instanceof CompletionException c && c.getCause() instanceof IOException io) throw io;
            if (e.getCause() instanceof IOException io) throw io;
            throw new IOException("cannot read " + name + ": " + e.getCause(), e.getCause());
        }
        return out;
    }

    /** One range, retried on 5xx, timeouts and lost connections; {@code first}: the header, which learns the size. */
    private byte[] fetch(ByteRange range, boolean first) throws IOException {
        long wait = policy.backoff().toMillis();
        IOException last = null;
        for (int attempt = 0; attempt <= policy.retries(); attempt++) {
            if (attempt > 0) {
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while reading " + name, e);
                }
                wait *= 2;
            }
            try {
                return once(range, first);
            } catch (RemoteReadException e) {
                if (e.code().equals("source_forbidden") && resign != null && resigned.compareAndSet(false, true)) {
                    uri = resign.apply(uri); // once per file: a token that expired during the read
                    attempt--;
                    continue;
                }
                if (!e.unavailable()) throw e;
                last = e;
            } catch (HttpTimeoutException | ConnectException e) {
                last = e;
            } catch (IOException e) {
                if (e.getClass() != IOException.class && !(e instanceof java.io.EOFException)) throw e;
                last = e; // a connection reset or closed mid-body
            }
        }
        if (last instanceof BodyDeadline.Stalled) { // headers, then nothing, on every attempt: the host is at fault, not busy
            throw new RemoteReadException("source_stalled", false, last.getMessage() + " on each of " + (policy.retries() + 1) + " attempts", last);
        }
        if (last instanceof ConnectException) { // refused or unresolvable on every attempt: the address is wrong, not busy
            throw new RemoteReadException("source_unreachable", false, name + " cannot be reached (" + (last.getMessage() == null
                    ? "connection refused" : last.getMessage()) + ") after " + (policy.retries() + 1) + " attempts", last);
        }
        throw new RemoteReadException("source_unavailable", true, name + " could not be read after " + (policy.retries() + 1)
                + " attempts (" + (last == null ? "no answer" : last.getMessage()) + ")", last);
    }

    private byte[] once(ByteRange range, boolean first) throws IOException {
        URI at = uri;
        for (int hop = 0; ; hop++) {
            Addresses.check(at, policy, name);
            HttpRequest req = HttpRequest.newBuilder(at).timeout(policy.timeout())
                    .header("Range", "bytes=" + range.offset() + "-" + (range.end() - 1)).GET().build();
            HttpResponse<InputStream> res;
            requests.incrementAndGet();
            try {
                res = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading " + name, e);
            }
            int status = res.statusCode();
            if (status >= 300 && status < 400 && res.headers().firstValue("Location").isPresent()) {
                res.body().close();
                if (hop >= MAX_REDIRECTS) {
                    throw new RemoteReadException("source_redirect_loop", false, name + " redirects more than " + MAX_REDIRECTS + " times", null);
                }
                at = at.resolve(res.headers().firstValue("Location").get());
                continue;
            }
            try (InputStream body = res.body()) {
                if (status == 206) {
                    Matcher m = CONTENT_RANGE.matcher(res.headers().firstValue("Content-Range").orElse(""));
                    if (!m.matches() || Long.parseLong(m.group(1)) != range.offset()) {
                        throw new RemoteReadException("source_no_ranges", false, name + " answered a range request with another range ("
                                + res.headers().firstValue("Content-Range").orElse("no Content-Range") + ")", null);
                    }
                    if (first) {
                        if (m.group(3).equals("*")) throw new RemoteReadException("source_no_ranges", false, name + " does not say its size", null);
                        size = Long.parseLong(m.group(3));
                    }
                    int len = (int) (Long.parseLong(m.group(2)) - range.offset() + 1);
                    return readBody(body, Math.min(len, range.length()));
                }
                if (status == 200) {
                    long declared = res.headers().firstValueAsLong("Content-Length").orElse(-1);
                    // a server without ranges: acceptable only when the whole file is no more than was asked for
                    if (range.offset() == 0 && declared >= 0 && declared <= range.length()) {
                        byte[] all = readBody(body, (int) declared);
                        if (first) size = all.length;
                        return all;
                    }
                    throw new RemoteReadException("source_no_ranges", false, name + " does not answer HTTP range requests (200 for "
                            + "bytes " + range.offset() + "-" + (range.end() - 1) + "); it cannot be read in place", null);
                }
                if (status == 416) {
                    throw new RemoteReadException("source_not_tiff", false, name + " is empty or shorter than its header claims", null);
                }
                if (status == 404 || status == 410) {
                    throw new RemoteReadException("source_not_found", false, name + " was not found (HTTP " + status + ")", null);
                }
                if (status == 401 || status == 403 || status == 409) {
                    throw new RemoteReadException("source_forbidden", false, name + " refused access (HTTP " + status + ")", null);
                }
                if (status >= 500) throw new RemoteReadException("source_unavailable", true, name + " answered HTTP " + status, null);
                throw new RemoteReadException("source_refused", false, name + " answered HTTP " + status, null);
            }
        }
    }

    private byte[] readBody(InputStream body, int len) throws IOException {
        byte[] out = BodyDeadline.read(body, len, policy.timeout(), name);
        bytes.addAndGet(out.length);
        if (total != null) total.accept(out.length);
        if (out.length < len) throw new java.io.EOFException(name + ": the answer ended after " + out.length + " of " + len + " bytes");
        return out;
    }
}
