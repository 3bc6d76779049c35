package greencover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import greencover.store.fs.DataDirectoryLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ingest} as a user meets it, in a JVM of its own started in an empty folder: without arguments it prints its
 * help and creates nothing; beside a process holding the data directory it prints one line with what to do, no stack
 * trace, and leaves no file behind (no H2 trace file either); beside a running {@code serve} it uploads through that
 * server's API.
 */
class IngestCommandLineTest {
    @TempDir Path dir;

    private record Run(int code, String out, String err) {}

    private static ProcessBuilder greencover(Path dir, String token, String... args) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new java.util.ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("GREENCOVER_"));
        if (token != null) pb.environment().put("GREENCOVER_TOKEN", token);
        return pb;
    }

    private Run run(String... args) throws Exception { return runWithToken(null, args); }

    private Run runWithToken(String token, String... args) throws Exception {
        Process p = greencover(dir, token, args).start();
        p.getOutputStream().close();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private List<String> filesIn(Path d) throws Exception {
        try (Stream<Path> s = Files.walk(d)) {
            return s.filter(f -> !f.equals(d)).map(f -> d.relativize(f).toString()).sorted().toList();
        }
    }

    @Test
    void ingestWithoutArgumentsPrintsItsHelpAndCreatesNothing() throws Exception {
        Run r = run("ingest");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).startsWith("Usage: java -jar greencover.jar ingest");
        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void aMissingPieceIsOneLineBeforeAnythingIsCreated() throws Exception {
        Run r = run("ingest", "--sensor", "sentinel2-l2a", "--red", "B04.tif", "--nir", "B08.tif");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines().findFirst()).hasValue("--acquired is required (an ISO date such as 2024-06-01)");
        assertThat(r.err()).doesNotContain("\tat ");
        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void ingestBesideARunningServerSaysWhatToDoAndLeavesNoFiles() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path red = Files.writeString(dir.resolve("B04.tif"), "not read");
        try (DataDirectoryLock held = DataDirectoryLock.acquire(data)) {
            List<String> before = filesIn(data);
            Run r = run("ingest", "--data", data.toString(), "--sensor", "sentinel2-l2a", "--acquired", "2024-06-01",
                    "--red", red.toString(), "--nir", red.toString());
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err().lines().filter(l -> !l.contains(" INFO ") && !l.contains(" WARN "))).containsExactly(
                    "the data directory " + data.toAbsolutePath() + " is in use by another GreenCover process (pid "
                            + ProcessHandle.current().pid() + "): stop it, or upload through POST /api/v1/scenes");
            assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(filesIn(data)).isEqualTo(before);
            assertThat(filesIn(dir)).noneMatch(f -> f.endsWith(".trace.db"));
        }
    }

    @Test
    void ingestBesideARunningServeUploadsThroughItsApi() throws Exception {
        Path data = dir.resolve("data");
        // red DN 1000 and NIR DN 5000 on a 4 x 4 grid of 10 m pixels (baseline 02.12: reflectance = DN / 10000):
        // NDVI = (0.5 - 0.1) / (0.5 + 0.1) = 2/3 on every pixel of the site, which covers the whole grid
        Path red = greencover.testing.TestTiffs.grid4x4(dir.resolve("B04.tif"), 1000, 1000, 1000, 1000);
        Path nir = greencover.testing.TestTiffs.grid4x4(dir.resolve("B08.tif"), 5000, 5000, 5000, 5000);
        Process serve = greencover(dir, "s3cret", "serve", "--no-samples", "--host", "127.0.0.1", "--port", "0", "--data", data.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("serve.log").toFile()).start();
        try {
            Path url = data.resolve(RunningServer.FILE);
            for (int i = 0; i < 600 && !Files.exists(url); i++) Thread.sleep(100);
            assertThat(url).as("serve records its address").exists();
            java.net.URI base = java.net.URI.create(Files.readString(url).trim());
            var http = java.net.http.HttpClient.newHttpClient();
            var site = http.send(java.net.http.HttpRequest.newBuilder(base.resolve("/api/v1/sites"))
                    .header("Authorization", "Bearer s3cret").header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("""
                            {"type":"Feature","id":"grid","properties":{"name":"The grid"},
                             "crs":{"type":"name","properties":{"name":"EPSG:32650"}},
                             "geometry":{"type":"Polygon","coordinates":[[[500000,2799960],[500040,2799960],[500040,2800000],[500000,2800000],[500000,2799960]]]}}"""))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(site.statusCode()).as(site.body()).isEqualTo(201);

            Run r = runWithToken("s3cret", "ingest", "--data", data.toString(), "--sensor", "sentinel2-l2a", "--acquired", "2020-06-01",
                    "--processing-baseline", "02.12", "--red", red.toString(), "--nir", nir.toString());
            assertThat(r.code()).as(r.out() + r.err()).isZero();
            assertThat(r.out()).contains("the data directory is in use by the server at " + base + ": uploading through its API")
                    .contains("ingested scene").contains("2020-06-01");
            assertThat(r.out()).containsPattern("grid +valid 100\\.0%  mean NDVI 0\\.667  green 100\\.0%");
            assertThat(r.err()).doesNotContain("\tat ");
            var scenes = new com.fasterxml.jackson.databind.ObjectMapper().readTree(http.send(java.net.http.HttpRequest
                    .newBuilder(base.resolve("/api/v1/scenes")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body());
            assertThat(scenes.path("scenes").size()).isEqualTo(1);
            assertThat(scenes.path("scenes").get(0).path("date").asText()).isEqualTo("2020-06-01");

            // with a wrong token the server refuses the upload: its error in one line, exit 1, nothing more stored
            Run denied = runWithToken("wrong", "ingest", "--data", data.toString(), "--sensor", "sentinel2-l2a", "--acquired", "2021-06-01",
                    "--red", red.toString(), "--nir", nir.toString());
            assertThat(denied.code()).isEqualTo(1);
            assertThat(denied.err().lines().filter(l -> l.startsWith("error ("))).hasSize(1);
            assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(http.send(java.net.http.HttpRequest
                    .newBuilder(base.resolve("/api/v1/scenes")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body())
                    .path("scenes").size()).isEqualTo(1);
        } finally {
            serve.destroy(); // SIGTERM: the shutdown hook withdraws the address
            assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(data.resolve(RunningServer.FILE)).doesNotExist();
    }

    /**
     * {@code --offset-applied} is the upload's {@code offsetApplied} field on the command line. The DNs are offset-free
     * (red 1000, NIR 5000 on the 4 x 4 grid, reflectance 0.1 and 0.5) and the true baseline 05.10 is declared:
     * with {@code --offset-applied true} nothing is subtracted, NDVI = 0.4 / 0.6 = 0.667; without it the baseline's
     * −1000 DN is subtracted again, red 0 and NIR 0.4, NDVI 1.000 (the defect of issue 9, item 3). A value other
     * than true/false is one error line naming the field, exit 1, and nothing more is stored.
     */
    @Test
    void offsetAppliedOnTheCommandLineKeepsOffsetFreeDnsAsTheyAre() throws Exception {
        Path data = dir.resolve("data");
        try (greencover.testing.TestServer server = new greencover.testing.TestServer(data)) {
            var site = server.postJson("/api/v1/sites", """
                    {"type":"Feature","id":"grid","properties":{"name":"The grid"},
                     "crs":{"type":"name","properties":{"name":"EPSG:32650"}},
                     "geometry":{"type":"Polygon","coordinates":[[[500000,2799960],[500040,2799960],[500040,2800000],[500000,2800000],[500000,2799960]]]}}""");
            assertThat(site.statusCode()).as(site.body()).isEqualTo(201);
        }
        Path red = greencover.testing.TestTiffs.grid4x4(dir.resolve("B04.tif"), 1000, 1000, 1000, 1000);
        Path nir = greencover.testing.TestTiffs.grid4x4(dir.resolve("B08.tif"), 5000, 5000, 5000, 5000);
        Run applied = run("ingest", "--data", data.toString(), "--sensor", "sentinel2-l2a", "--acquired", "2024-06-01",
                "--processing-baseline", "05.10", "--offset-applied", "true", "--red", red.toString(), "--nir", nir.toString());
        assertThat(applied.code()).as(applied.out() + applied.err()).isZero();
        assertThat(applied.out()).containsPattern("grid +valid 100\\.0%  mean NDVI 0\\.667");

        // other files (the same files with other settings are a conflict): red 0 after the offset makes NDVI 1 whatever the NIR
        Path nir2 = greencover.testing.TestTiffs.grid4x4(dir.resolve("B08b.tif"), 5000, 5000, 5000, 5001);
        Run again = run("ingest", "--data", data.toString(), "--sensor", "sentinel2-l2a", "--acquired", "2024-06-02",
                "--processing-baseline", "05.10", "--red", red.toString(), "--nir", nir2.toString());
        assertThat(again.code()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).containsPattern("grid +valid 100\\.0%  mean NDVI 1\\.000");

        Run bad = run("ingest", "--data", data.toString(), "--sensor", "sentinel2-l2a", "--acquired", "2024-06-03",
                "--processing-baseline", "05.10", "--offset-applied", "yes", "--red", red.toString(), "--nir", nir.toString());
        assertThat(bad.code()).as(bad.out() + bad.err()).isEqualTo(1);
        assertThat(bad.err().lines().filter(l -> l.startsWith("error (") && l.contains("offsetApplied"))).hasSize(1);
        assertThat(bad.err()).doesNotContain("\tat ");
        try (greencover.testing.TestServer server = new greencover.testing.TestServer(data)) {
            var scenes = new com.fasterxml.jackson.databind.ObjectMapper().readTree(server.get("/api/v1/scenes").body()).path("scenes");
            assertThat(scenes.size()).isEqualTo(2);
            for (var sc : scenes) {
                boolean first = sc.path("date").asText().equals("2024-06-01");
                assertThat(sc.path("offsetDn").asInt()).as(sc.toString()).isEqualTo(first ? 0 : -1000);
                assertThat(sc.path("offsetRule").asText()).isEqualTo(first ? "offsetApplied" : "baseline");
                assertThat(sc.path("processingBaseline").asText()).isEqualTo("05.10");
            }
        }
    }
}
