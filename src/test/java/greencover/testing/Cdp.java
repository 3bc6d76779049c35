package greencover.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A headless Chromium driven over the Chrome DevTools Protocol: one page, commands over the JDK's WebSocket, and a
 * record of the page's JavaScript errors (uncaught exceptions, {@code console.error}, error log entries).
 *
 * <p>Chromium is started with the flags a closed network needs (no background networking, component updates,
 * sync or QUIC) and a fresh profile directory that {@link #close()} deletes.
 */
public final class Cdp implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);

    private final ObjectMapper json = new ObjectMapper();
    private final Process process;
    private final Path profileDir;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());

    private Cdp(Process process, Path profileDir, String browserWs) throws Exception {
        this.process = process;
        this.profileDir = profileDir;
        URI ws = URI.create(browserWs);
        String pageWs = pageTarget(ws.getHost(), ws.getPort());
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(pageWs), new Listener()).get(10, TimeUnit.SECONDS);
    }

    /** The Chromium executable: /usr/bin/chromium, or {@code chromium}/{@code chromium-browser} on PATH; empty if none. */
    public static Optional<Path> findChromium() {
        Path usual = Path.of("/usr/bin/chromium");
        if (Files.isExecutable(usual)) return Optional.of(usual);
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String dir : path.split(java.io.File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Starts headless {@code chromium} with a {@code widthPx} x {@code heightPx} window and connects to its page. */
    public static Cdp launch(Path chromium, int widthPx, int heightPx) throws Exception {
        if (widthPx <= 0 || heightPx <= 0) throw new IllegalArgumentException("widthPx and heightPx must be > 0");
        Path profile = Files.createTempDirectory("gc-chromium-");
        List<String> cmd = List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-extensions", "--mute-audio",
                "--hide-scrollbars", "--user-data-dir=" + profile, "--remote-debugging-port=0",
                "--remote-debugging-address=127.0.0.1", "--window-size=" + widthPx + "," + heightPx, "about:blank");
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<String> wsUrl = new CompletableFuture<>();
        StringBuilder tail = new StringBuilder();
        Thread reader = new Thread(() -> drain(p, wsUrl, tail), "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        String url;
        try {
            url = wsUrl.get(30, TimeUnit.SECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            p.destroyForcibly();
            deleteTree(profile);
            synchronized (tail) {
                throw new IllegalStateException("chromium did not report a DevTools URL; stderr:\n" + tail, e);
            }
        }
        try {
            Cdp cdp = new Cdp(p, profile, url);
            cdp.send("Page.enable", null);
            cdp.send("Runtime.enable", null);
            cdp.send("Log.enable", null);
            cdp.viewport(widthPx, heightPx);
            return cdp;
        } catch (Exception e) {
            p.destroyForcibly();
            deleteTree(profile);
            throw e;
        }
    }

    /** Reads chromium's stderr to its end, completing {@code wsUrl} at the DevTools line and keeping a short tail. */
    private static void drain(Process p, CompletableFuture<String> wsUrl, StringBuilder tail) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                Matcher m = LISTENING.matcher(line);
                if (m.find()) wsUrl.complete(m.group(1));
                synchronized (tail) {
                    if (tail.length() < 20_000) tail.append(line).append('\n');
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
        wsUrl.completeExceptionally(new IllegalStateException("chromium exited before listening"));
    }

    /** The WebSocket URL of the first page target listed by the DevTools HTTP endpoint. */
    private String pageTarget(String host, int port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (int attempt = 0; attempt < 50; attempt++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/json/list"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            for (JsonNode t : json.readTree(r.body())) {
                if ("page".equals(t.path("type").asText()) && t.hasNonNull("webSocketDebuggerUrl")) {
                    return t.get("webSocketDebuggerUrl").asText();
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("chromium lists no page target");
    }

    /** Sets the page's CSS viewport to {@code widthPx} x {@code heightPx} at device scale 1. */
    public void viewport(int widthPx, int heightPx) {
        ObjectNode p = json.createObjectNode().put("width", widthPx).put("height", heightPx)
                .put("deviceScaleFactor", 1).put("mobile", false);
        send("Emulation.setDeviceMetricsOverride", p);
    }

    /** Sends one CDP command and returns its {@code result}; throws when the browser answers with an error. */
    public JsonNode send(String method, ObjectNode params) {
        int id = ids.incrementAndGet();
        ObjectNode msg = json.createObjectNode().put("id", id).put("method", method);
        msg.set("params", params == null ? json.createObjectNode() : params);
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            socket.sendText(json.writeValueAsString(msg), true).get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            JsonNode r = answer.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (r.has("error")) throw new IllegalStateException(method + " failed: " + r.get("error"));
            return r.path("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " interrupted", e);
        } catch (Exception e) {
            if (e instanceof IllegalStateException ise) throw ise;
            throw new IllegalStateException(method + " failed", e);
        } finally {
            pending.remove(id);
        }
    }

    /** Navigates to {@code url} and waits until the document has loaded. */
    public void navigate(String url) {
        send("Page.navigate", json.createObjectNode().put("url", url));
        waitFor("document.readyState === 'complete' && location.href !== 'about:blank'", Duration.ofSeconds(15));
    }

    /**
     * Evaluates {@code expression} in the page (awaiting a returned promise) and returns its JSON value; throws with
     * the exception text when the expression throws.
     */
    public JsonNode eval(String expression) {
        ObjectNode p = json.createObjectNode().put("expression", expression).put("awaitPromise", true)
                .put("returnByValue", true);
        JsonNode r = send("Runtime.evaluate", p);
        if (r.has("exceptionDetails")) {
            JsonNode d = r.get("exceptionDetails");
            throw new IllegalStateException("JS threw: " + d.path("exception").path("description").asText(d.path("text").asText())
                    + "\n  in: " + expression);
        }
        return r.path("result").path("value");
    }

    /** Polls {@code condition} (a JS expression) every 100 ms until it is truthy; throws after {@code timeout}. */
    public void waitFor(String condition, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode v;
            try {
                v = eval("!!(" + condition + ")");
            } catch (IllegalStateException e) {
                v = null;   // e.g. the page is navigating
            }
            if (v != null && v.asBoolean()) return;
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for: " + condition
                        + "\n  page errors: " + errors());
            }
            sleep(100);
        }
    }

    /** Moves the mouse to ({@code x}, {@code y}) CSS pixels of the viewport. */
    public void mouseMove(double x, double y) {
        mouse("mouseMoved", x, y, "none", 0);
    }

    /** Clicks the left mouse button at ({@code x}, {@code y}) CSS pixels: move, press, release. */
    public void click(double x, double y) {
        mouseMove(x, y);
        mouse("mousePressed", x, y, "left", 1);
        mouse("mouseReleased", x, y, "left", 1);
    }

    private void mouse(String type, double x, double y, String button, int clicks) {
        ObjectNode p = json.createObjectNode().put("type", type).put("x", x).put("y", y).put("button", button)
                .put("clickCount", clicks);
        if (clicks > 0) p.put("buttons", type.equals("mousePressed") ? 1 : 0);
        send("Input.dispatchMouseEvent", p);
    }

    /** A PNG of the viewport, or of the CSS-pixel rectangle {@code clip} = [x, y, width, height] when given. */
    public byte[] screenshot(double... clip) {
        ObjectNode p = json.createObjectNode().put("format", "png");
        if (clip.length == 4) {
            ObjectNode c = p.putObject("clip");
            c.put("x", clip[0]).put("y", clip[1]).put("width", clip[2]).put("height", clip[3]).put("scale", 1);
        } else if (clip.length != 0) {
            throw new IllegalArgumentException("clip must be empty or [x, y, width, height]");
        }
        return Base64.getDecoder().decode(send("Page.captureScreenshot", p).path("data").asText());
    }

    /** A JPEG of the viewport at {@code quality} (0 to 100): smaller than a PNG, for documentation pictures. */
    public byte[] screenshotJpeg(int quality) {
        if (quality < 0 || quality > 100) throw new IllegalArgumentException("quality must be 0..100 but was " + quality);
        ObjectNode p = json.createObjectNode().put("format", "jpeg").put("quality", quality);
        return Base64.getDecoder().decode(send("Page.captureScreenshot", p).path("data").asText());
    }

    /** The page's JavaScript errors so far: uncaught exceptions, console errors, error-level log entries. */
    public List<String> errors() {
        synchronized (errors) {
            return List.copyOf(errors);
        }
    }

    private void onEvent(JsonNode msg) {
        String method = msg.path("method").asText();
        JsonNode p = msg.path("params");
        switch (method) {
            case "Runtime.exceptionThrown" -> {
                JsonNode d = p.path("exceptionDetails");
                errors.add("exception: " + d.path("exception").path("description").asText(d.path("text").asText())
                        + " at " + d.path("url").asText() + ":" + d.path("lineNumber").asInt());
            }
            case "Runtime.consoleAPICalled" -> {
                if ("error".equals(p.path("type").asText())) {
                    StringBuilder s = new StringBuilder("console.error:");
                    for (JsonNode a : p.path("args")) s.append(' ').append(a.path("value").asText(a.path("description").asText()));
                    errors.add(s.toString());
                }
            }
            case "Log.entryAdded" -> {
                JsonNode e = p.path("entry");
                if ("error".equals(e.path("level").asText())) {
                    errors.add("log " + e.path("source").asText() + ": " + e.path("text").asText() + " " + e.path("url").asText());
                }
            }
            default -> { }
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder buffer = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            buffer.append(data);
            if (last) {
                String text = buffer.toString();
                buffer.setLength(0);
                try {
                    JsonNode msg = json.readTree(text);
                    if (msg.has("id")) {
                        CompletableFuture<JsonNode> f = pending.get(msg.get("id").asInt());
                        if (f != null) f.complete(msg);
                    } else {
                        onEvent(msg);
                    }
                } catch (IOException e) {
                    errors.add("unreadable CDP message: " + e.getMessage());
                }
            }
            ws.request(1);
            return null;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temp directory
        }
    }

    /** Closes the connection, ends the chromium process (and its children) and deletes the profile directory. */
    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(2, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the browser may already be gone
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteTree(profileDir);
    }
}
