package greencover.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP range server for tests on 127.0.0.1, port 0: serves the files of a folder by name, answering one
 * {@code Range: bytes=a-b} with 206 and the exact bytes (a request without Range gets 200 and the whole file,
 * a missing file 404), and counts requests and body bytes per file and logs the ranges served ({@link #ranges}) and
 * asked ({@link #rangeHeaders}). {@link #failNext} makes the next requests of
 * a file answer 503, for retries; {@link #redirect} and {@link #answer} make a name redirect or answer a fixed status;
 * {@link #stallFirst} holds the first request for some names until {@link #releaseStalled} (then it answers 503 and
 * sends no byte), to stop a server while it reads.
 * Files are read by the range asked, so full-size COGs are served without loading them.
 */
public final class RangeFileServer implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");
    private final HttpServer server;
    private final Path dir;
    private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>(), bytes = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    private volatile String signedPrefix;
    private final AtomicLong tokensIssued = new AtomicLong();
    private volatile int refusedTokens;

    /** The first {@code n} tokens the fake SAS API issues are refused by the blob store (as tokens that expired). */
    public void refuseFirstTokens(int n) { this.refusedTokens = n; }

    /**
     * Files whose name starts with {@code prefix} answer 403 unless the query carries {@code sig=} (as Azure blobs
     * without a SAS token); {@code api/sas/v1/token/{account}/{container}} answers a token valid for an hour, as
     * Planetary Computer's SAS API does (counted as {@code "token"}).
     */
    public void requireSignature(String prefix) { this.signedPrefix = prefix; }

    /** The base URL of the fake SAS token API. */
    public String sasEndpoint() { return url("api/sas/v1/token"); }

    private final java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    private final Map<String, String> redirects = new ConcurrentHashMap<>();
    private final Map<String, Integer> statuses = new ConcurrentHashMap<>();

    /** Requests for {@code name} answer 302 to {@code location} (a URL, or another name of this server). */
    public void redirect(String name, String location) { redirects.put(name, location); }

    /** Requests for {@code name} answer {@code status} with no body (e.g. 403). */
    public void answer(String name, int status) { statuses.put(name, status); }

    private final java.util.Set<String> stalling = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.CountDownLatch stalled = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);

    /** The first request for any of {@code names} waits until {@link #releaseStalled}, then answers 503 with no body. */
    public void stallFirst(String... names) { stalling.addAll(java.util.List.of(names)); }

    /** Waits until a request is held by {@link #stallFirst}. */
    public boolean awaitStalled() throws InterruptedException { return stalled.await(30, java.util.concurrent.TimeUnit.SECONDS); }

    /** Lets the held request go (answering 503) and holds no other. */
    public void releaseStalled() {
        stalling.clear();
        released.countDown();
    }
    private final Map<String, Runnable> before = new ConcurrentHashMap<>();

    /**
     * Each request for {@code name} first runs {@code hook} on the server's thread, which may block (e.g. on a latch,
     * to hold an item in flight while a test changes the world), then is answered as usual.
     */
    public void beforeEach(String name, Runnable hook) { before.put(name, hook); }

    public RangeFileServer(Path dir) throws IOException { this(dir, 0); }

    /** A server on {@code port} (0: any free port), for benchmarks whose items name it. */
    public RangeFileServer(Path dir, int port) throws IOException {
        this.dir = dir;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    public String url(String name) { return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name; }

    public long requests(String name) { return requests.computeIfAbsent(name, k -> new AtomicLong()).get(); }

    public long bytes(String name) { return bytes.computeIfAbsent(name, k -> new AtomicLong()).get(); }

    private final Map<String, java.util.List<long[]>> served = new ConcurrentHashMap<>();

    /** The byte ranges served for {@code name} so far, as {first, last} (inclusive), in the order they were answered. */
    public java.util.List<long[]> ranges(String name) {
        java.util.List<long[]> l = served.get(name);
        if (l == null) return java.util.List.of();
        synchronized (l) { return java.util.List.copyOf(l); }
    }

    private final Map<String, java.util.List<String>> rangeHeaders = new ConcurrentHashMap<>();

    /** The {@code Range} headers of the requests for {@code name}, in the order they came ("" for none). */
    public java.util.List<String> rangeHeaders(String name) {
        return java.util.List.copyOf(rangeHeaders.computeIfAbsent(name, k -> new java.util.concurrent.CopyOnWriteArrayList<>()));
    }

    /** The next {@code n} requests for {@code name} answer 503. */
    public void failNext(String name, int n) { failures.computeIfAbsent(name, k -> new AtomicLong()).set(n); }

    private void handle(HttpExchange ex) throws IOException {
        String name = ex.getRequestURI().getPath().substring(1);
        requests.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
        String asked = ex.getRequestHeaders().getFirst("Range");
        rangeHeaders.computeIfAbsent(name, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(asked == null ? "" : asked);
        try (ex) {
            Runnable hook = before.get(name);
            if (hook != null) hook.run();
            AtomicLong fail = failures.get(name);
            if (fail != null && fail.getAndUpdate(v -> Math.max(0, v - 1)) > 0) {
                ex.sendResponseHeaders(503, -1);
                return;
            }
            if (name.startsWith("api/sas/v1/token/")) {
                requests.computeIfAbsent("token", k -> new AtomicLong()).incrementAndGet();
                byte[] json = ("{\"msft:expiry\":\"" + java.time.Instant.now().plusSeconds(3600) + "\",\"token\":\"st=2026&se=2027&sp=rl&sig=t" + tokensIssued.incrementAndGet() + "\"}")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(200, json.length);
                ex.getResponseBody().write(json);
                return;
            }
            String query = ex.getRequestURI().getRawQuery();
            java.util.regex.Matcher sig = java.util.regex.Pattern.compile("sig=t(\\d+)").matcher(query == null ? "" : query);
            if (signedPrefix != null && name.startsWith(signedPrefix) && (!sig.find() || Long.parseLong(sig.group(1)) <= refusedTokens)) {
                ex.sendResponseHeaders(409, -1); // PublicAccessNotPermitted
                return;
            }
            if (stalling.remove(name)) {
                stalled.countDown();
                try {
                    released.await(60, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ex.sendResponseHeaders(503, -1);
                return;
            }
            String target = redirects.get(name);
            if (target != null) {
                ex.getResponseHeaders().set("Location", target);
                ex.sendResponseHeaders(302, -1);
                return;
            }
            Integer fixed = statuses.get(name);
            if (fixed != null) {
                ex.sendResponseHeaders(fixed, -1);
                return;
            }
            Path f = dir.resolve(name).normalize();
            if (!f.startsWith(dir) || !Files.isRegularFile(f)) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            long size = Files.size(f); // large files are read by the range asked, not whole
            String range = ex.getRequestHeaders().getFirst("Range");
            long from = 0, to = size - 1;
            int status = 200;
            if (range != null) {
                Matcher m = RANGE.matcher(range.trim());
                if (!m.matches()) {
                    ex.sendResponseHeaders(400, -1);
                    return;
                }
                from = Long.parseLong(m.group(1));
                if (!m.group(2).isEmpty()) to = Math.min(to, Long.parseLong(m.group(2)));
                if (from >= size) {
                    ex.getResponseHeaders().set("Content-Range", "bytes */" + size);
                    ex.sendResponseHeaders(416, -1);
                    return;
                }
                status = 206;
                ex.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + size);
            }
            long len = to - from + 1;
            ex.getResponseHeaders().set("Accept-Ranges", "bytes");
            if (ex.getRequestMethod().equalsIgnoreCase("HEAD")) { // the size without a body (GDAL asks first)
                ex.getResponseHeaders().set("Content-Length", Long.toString(len));
                ex.sendResponseHeaders(status, -1);
                return;
            }
            ex.sendResponseHeaders(status, len);
            try (OutputStream out = ex.getResponseBody(); java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f)) {
                ch.transferTo(from, len, java.nio.channels.Channels.newChannel(out));
            }
            bytes.computeIfAbsent(name, k -> new AtomicLong()).addAndGet(len);
            java.util.List<long[]> log = served.computeIfAbsent(name, k -> new java.util.ArrayList<>());
            synchronized (log) { log.add(new long[] {from, to}); }
        }
    }

    @Override
    public void close() {
        releaseStalled();
        server.stop(0);
        pool.shutdownNow(); // its threads would keep a benchmark's JVM alive
    }

    /** {@code dir port}: serves {@code dir} on 127.0.0.1:{@code port} until killed (the README's walk-through). */
    public static void main(String[] args) throws Exception {
        RangeFileServer s = new RangeFileServer(Path.of(args[0]).toAbsolutePath().normalize(), Integer.parseInt(args[1]));
        System.out.println("serving " + args[0] + " at " + s.url(""));
        Thread.currentThread().join();
    }
}
