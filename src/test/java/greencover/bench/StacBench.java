package greencover.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.testing.FullSizeStac;
import greencover.testing.RangeFileServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The STAC benchmark (not a test; {@code bench/stac/run.sh} runs it): a local STAC API of full-size Sentinel-2
 * L2A-style items over the Zijinshan dump ({@link FullSizeStac}), served over loopback by the counting range server;
 * per item, side by side:
 * <ol>
 *   <li>GreenCover's windowed import, {@code POST /api/v1/scenes {"stacItem": url}} to a running {@code greencover.jar
 *       serve} (its own process): wall time, HTTP requests and bytes it read;</li>
 *   <li>GDAL reading the same window of the same three assets through {@code /vsicurl/} ({@code gdal_translate
 *       -projwin}): wall time, requests and bytes, counted by the same server;</li>
 *   <li>today's whole-file upload of the same three files to a second server ({@code curl -F}, multipart): wall time,
 *       and whether its statistics for the dump equal the windowed import's within 1e-4.</li>
 * </ol>
 * Arguments: {@code work jar items wholeItems rangePort gcPort [sites.geojson]}. The items are written once under
 * {@code work/stac} (their hrefs name {@code rangePort}) and reused ({@link FullSizeStac#ensure}).
 */
public final class StacBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private StacBench() {}

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]).toAbsolutePath();
        Path jar = Path.of(args[1]).toAbsolutePath();
        int count = Integer.parseInt(args[2]), whole = Integer.parseInt(args[3]);
        int rangePort = Integer.parseInt(args[4]), gcPort = Integer.parseInt(args[5]);
        Path sites = Path.of(args.length > 6 ? args[6] : "sample-tiles/sites.geojson");
        String dump = FullSizeStac.dumpFeature(sites);
        Path stac = work.resolve("stac");
        Files.createDirectories(stac);
        try (RangeFileServer files = new RangeFileServer(stac, rangePort)) {
            long g0 = System.nanoTime();
            List<FullSizeStac.Item> items = FullSizeStac.ensure(stac, files.url(""), count, FullSizeStac.patch(dump));
            System.out.printf(Locale.ROOT, "%d items ready (written or reused) in %.1f s%n", count, (System.nanoTime() - g0) / 1e9);
            long fileBytes = 0;
            for (FullSizeStac.Item i : items) fileBytes += i.fileBytes();
            System.out.printf(Locale.ROOT, "%d items, %.1f MB of COGs (%.1f MB per item)%n", items.size(), fileBytes / 1e6, fileBytes / 1e6 / items.size());
            System.out.println("load before: " + Files.readString(Path.of("/proc/loadavg")).trim());

            List<String[]> rows = new ArrayList<>();
            List<JsonNode> windowed = new ArrayList<>();
            List<String> windows = new ArrayList<>();
            List<Double> cpu = new ArrayList<>();
            // (1) GreenCover windowed
            try (Server gc = Server.start(jar, work.resolve("gc-remote"), gcPort)) {
                gc.post("/api/v1/sites", "application/geo+json", dump);
                for (FullSizeStac.Item it : items) {
                    long r0 = requests(files, stac, it), b0 = bytes(files, stac, it), c0 = gc.cpuTicks(), t0 = System.nanoTime();
                    HttpResponse<String> res = gc.post("/api/v1/scenes", "application/json", "{\"stacItem\":\"" + it.url() + "\"}");
                    double wall = (System.nanoTime() - t0) / 1e9;
                    cpu.add((gc.cpuTicks() - c0) / 100.0);
                    if (res.statusCode() != 201) throw new IllegalStateException(it.id() + ": " + res.statusCode() + " " + res.body());
                    JsonNode body = JSON.readTree(res.body());
                    windowed.add(body.at("/statistics/0"));
                    windows.add(body.at("/scene/source/window").asText());
                    long req = requests(files, stac, it) - r0, by = bytes(files, stac, it) - b0;
                    rows.add(new String[] {it.id(), f(wall), Long.toString(req), f(by / 1e6), f(100.0 * by / it.fileBytes())});
                }
                System.out.println("stored: " + du(work.resolve("gc-remote").resolve("scenes")) / items.size() / 1e6 + " MB per scene");
            }
            // (2) GDAL over the same windows
            for (int k = 0; k < items.size(); k++) {
                FullSizeStac.Item it = items.get(k);
                String[] w = windows.get(k).split(",");
                double x0 = FullSizeStac.ULX + 10 * Integer.parseInt(w[0]), y0 = FullSizeStac.ULY - 10 * Integer.parseInt(w[1]);
                double x1 = x0 + 10 * Integer.parseInt(w[2]), y1 = y0 - 10 * Integer.parseInt(w[3]);
                long r0 = requests(files, stac, it), b0 = bytes(files, stac, it), t0 = System.nanoTime();
                for (Path f : new Path[] {it.red(), it.nir(), it.scl()}) {
                    gdal(files.url(stac.relativize(f).toString()), x0, y0, x1, y1, work.resolve("gdal-out.tif"));
                }
                double wall = (System.nanoTime() - t0) / 1e9;
                long req = requests(files, stac, it) - r0, by = bytes(files, stac, it) - b0;
                String[] r = rows.get(k);
                rows.set(k, new String[] {r[0], r[1], r[2], r[3], r[4], f(wall), Long.toString(req), f(by / 1e6)});
            }
            // (3) today's whole-file upload
            int equal = 0, compared = 0;
            try (Server gc = Server.start(jar, work.resolve("gc-whole"), gcPort)) {
                gc.post("/api/v1/sites", "application/geo+json", dump);
                for (int k = 0; k < Math.min(whole, items.size()); k++) {
                    FullSizeStac.Item it = items.get(k);
                    long t0 = System.nanoTime();
                    String out = gc.upload(it);
                    double wall = (System.nanoTime() - t0) / 1e9;
                    JsonNode a = windowed.get(k), b = JSON.readTree(out).at("/statistics/0");
                    boolean same = true;
                    for (String key : new String[] {"mean", "median", "std", "p10", "p90", "validFraction", "cloudFraction", "fvc", "greenFraction"}) {
                        same &= Math.abs(a.get(key).asDouble() - b.get(key).asDouble()) <= 1e-4;
                    }
                    compared++;
                    if (same) equal++;
                    String[] r = rows.get(k);
                    rows.set(k, new String[] {r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], f(wall), same ? "yes" : "NO"});
                }
            }
            System.out.println("load after: " + Files.readString(Path.of("/proc/loadavg")).trim());
            StringBuilder md = new StringBuilder("| item | GC wall s | GC requests | GC MB | GC % of files | GDAL wall s | GDAL requests | GDAL MB | whole-file wall s | same statistics |\n"
                    + "|---|---|---|---|---|---|---|---|---|---|\n");
            for (String[] r : rows) {
                md.append("| ").append(String.join(" | ", r));
                for (int i = r.length; i < 10; i++) md.append(" | –");
                md.append(" |\n");
            }
            md.append(summary(rows, equal, compared));
            double cpuSum = 0, cpuMax = 0;
            for (double c : cpu) {
                cpuSum += c;
                cpuMax = Math.max(cpuMax, c);
            }
            md.append(String.format(Locale.ROOT, "GreenCover server CPU (user + system) per windowed import: mean %.2f s, max %.2f s (first item includes JIT warm-up)%n",
                    cpuSum / cpu.size(), cpuMax));
            System.out.print(md);
            Files.writeString(work.resolve("results.md"), md);
        }
    }

    private static String summary(List<String[]> rows, int equal, int compared) {
        double gcWall = 0, gcPct = 0, gdalWall = 0, wholeWall = 0;
        long gcReq = 0, gdalReq = 0;
        int n = rows.size(), nw = 0;
        double maxPct = 0, maxWall = 0;
        long maxExtra = Long.MIN_VALUE;
        for (String[] r : rows) {
            gcWall += Double.parseDouble(r[1]);
            maxWall = Math.max(maxWall, Double.parseDouble(r[1]));
            gcReq += Long.parseLong(r[2]);
            gcPct += Double.parseDouble(r[4]);
            maxPct = Math.max(maxPct, Double.parseDouble(r[4]));
            gdalWall += Double.parseDouble(r[5]);
            gdalReq += Long.parseLong(r[6]);
            maxExtra = Math.max(maxExtra, Long.parseLong(r[2]) - Long.parseLong(r[6]));
            if (r.length > 8) {
                wholeWall += Double.parseDouble(r[8]);
                nw++;
            }
        }
        double gcMeanFirst = 0;
        for (int k = 0; k < nw; k++) gcMeanFirst += Double.parseDouble(rows.get(k)[1]);
        return String.format(Locale.ROOT, "%nsummary: %d items; GreenCover mean wall %.2f s (max %.2f), mean %.1f requests, mean %.2f %% of the files' bytes (max %.2f %%); "
                        + "GDAL mean wall %.2f s, mean %.1f requests; GreenCover requests - GDAL's at most %d; whole-file upload mean wall %.1f s over %d items "
                        + "(%.1fx the windowed import of the same items); statistics equal within 1e-4 for %d of %d%n",
                n, gcWall / n, maxWall, gcReq / (double) n, gcPct / n, maxPct, gdalWall / n, gdalReq / (double) n, maxExtra,
                nw == 0 ? 0 : wholeWall / nw, nw, nw == 0 ? 0 : wholeWall / gcMeanFirst, equal, compared);
    }

    private static String f(double v) { return String.format(Locale.ROOT, "%.2f", v); }

    private static long requests(RangeFileServer files, Path stac, FullSizeStac.Item it) {
        return files.requests(stac.relativize(it.red()).toString()) + files.requests(stac.relativize(it.nir()).toString())
                + files.requests(stac.relativize(it.scl()).toString());
    }

    private static long bytes(RangeFileServer files, Path stac, FullSizeStac.Item it) {
        return files.bytes(stac.relativize(it.red()).toString()) + files.bytes(stac.relativize(it.nir()).toString())
                + files.bytes(stac.relativize(it.scl()).toString());
    }

    private static long du(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void gdal(String url, double x0, double y0, double x1, double y1, Path out) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("gdal_translate", "-q", "-projwin", Double.toString(x0), Double.toString(y0),
                Double.toString(x1), Double.toString(y1), "/vsicurl/" + url, out.toString());
        pb.environment().put("GDAL_DISABLE_READDIR_ON_OPEN", "EMPTY_DIR");
        pb.environment().put("CPL_VSIL_CURL_ALLOWED_EXTENSIONS", ".tif");
        Process p = pb.redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IllegalStateException("gdal_translate " + url + ": " + log);
    }

    /** A {@code greencover.jar serve} process on an empty data folder, sources on loopback allowed. */
    private static final class Server implements AutoCloseable {
        final Process process;
        final int port;
        final String token;

        private Server(Process process, int port, String token) {
            this.process = process;
            this.port = port;
            this.token = token;
        }

        static Server start(Path jar, Path data, int port) throws Exception {
            if (Files.exists(data)) try (var s = Files.walk(data)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            Files.createDirectories(data);
            ProcessBuilder pb = new ProcessBuilder("java", "-Xmx1g", "-jar", jar.toString(), "serve", "--no-samples", "--data", data.toString(),
                    "--port", Integer.toString(port));
            pb.environment().put("GREENCOVER_SOURCE_ALLOW_PRIVATE", "true");
            pb.redirectErrorStream(true).redirectOutput(data.resolveSibling(data.getFileName() + ".log").toFile());
            Process p = pb.start();
            for (int i = 0; i < 240; i++) {
                try {
                    if (HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/sites")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) break;
                } catch (IOException notYet) {
                    if (!p.isAlive()) throw new IllegalStateException("the server stopped; see " + data + ".log");
                }
                Thread.sleep(500);
            }
            return new Server(p, port, Files.readString(data.resolve("token")).trim());
        }

        /** The server process's CPU time so far (user + system), in clock ticks (1/100 s) from /proc. */
        long cpuTicks() throws IOException {
            String[] f = Files.readString(Path.of("/proc/" + process.pid() + "/stat")).replaceFirst("^.*\\) ", "").split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15 of stat)
        }

        HttpResponse<String> post(String path, String type, String body) throws Exception {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Content-Type", type)
                    .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        /** Today's upload: the three files whole, with the item's declarations. */
        String upload(FullSizeStac.Item it) throws Exception {
            Process p = new ProcessBuilder("curl", "-sS", "-o", "-", "-w", "\n%{http_code}", "-H", "Authorization: Bearer " + token,
                    "-F", "sensor=sentinel2-l2a", "-F", "acquired=" + it.date() + "T02:55:00Z", "-F", "processingBaseline=05.09",
                    "-F", "offsetApplied=true", "-F", "red=@" + it.red(), "-F", "nir=@" + it.nir(), "-F", "mask=@" + it.scl(),
                    "http://127.0.0.1:" + port + "/api/v1/scenes").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            int nl = out.lastIndexOf('\n');
            if (!out.substring(nl + 1).trim().equals("201")) throw new IllegalStateException(it.id() + " upload: " + out);
            return out.substring(0, nl);
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            process.waitFor();
        }
    }
}
