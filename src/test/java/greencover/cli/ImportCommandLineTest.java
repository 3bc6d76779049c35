package greencover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import greencover.app.AppConfig;
import greencover.service.source.SourcePolicy;
import greencover.testing.Cogs;
import greencover.testing.RangeFileServer;
import greencover.testing.StacApiServer;
import greencover.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code greencover import} as a user runs it, in a process of its own, against a local STAC API: in its own process
 * over a stopped catalog, then through a running server on the same data directory; never a stack trace.
 */
class ImportCommandLineTest {
    private static final String SITE = Cogs.DUMP_SITE;
    @TempDir Path dir;

    private record Run(int code, String out, String err) {}

    private Run greencover(String... args) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new java.util.ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("GREENCOVER_"));
        pb.environment().put("GREENCOVER_SOURCE_ALLOW_PRIVATE", "true");
        pb.environment().put("GREENCOVER_TOKEN", TestServer.TOKEN);
        Process p = pb.start();
        p.getOutputStream().close();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static String item(String id, String datetime, RangeFileServer files) {
        return "{\"type\":\"Feature\",\"stac_version\":\"1.0.0\",\"id\":\"" + id + "\",\"collection\":\"sentinel-2-l2a\",\"geometry\":null,"
                + "\"properties\":{\"datetime\":\"" + datetime + "\",\"platform\":\"sentinel-2b\",\"s2:mgrs_tile\":\"50RMN\",\"eo:cloud_cover\":5,"
                + "\"proj:epsg\":32650,\"s2:processing_baseline\":\"05.09\",\"earthsearch:boa_offset_applied\":true},\"assets\":{"
                + "\"red\":{\"href\":\"" + files.url("red.tif") + "\"},\"nir\":{\"href\":\"" + files.url("nir.tif") + "\"}}}";
    }

    @Test
    void importRunsHereOverAStoppedCatalogAndThroughARunningServer() throws Exception {
        Path cogs = Files.createDirectories(dir.resolve("cogs"));
        int[][] red = new int[256][256], nir = new int[256][256];
        for (int[] row : red) java.util.Arrays.fill(row, 1000);
        for (int[] row : nir) java.util.Arrays.fill(row, 5000);
        Cogs.write(cogs.resolve("red.tif"), 32650, 503000, 2796000, 10, red, 256);
        Cogs.write(cogs.resolve("nir.tif"), 32650, 503000, 2796000, 10, nir, 256);
        Path data = dir.resolve("data");
        AppConfig cfg = AppConfig.forTests(data, TestServer.TOKEN).toBuilder()
                .sources(SourcePolicy.DEFAULTS.allowingPrivateAddresses()).build();
        try (RangeFileServer files = new RangeFileServer(cogs); StacApiServer stac = new StacApiServer()) {
            stac.add(item("S2B_50RMN_20230601_0_L2A", "2023-06-01T03:12:00Z", files));
            try (TestServer s = new TestServer(cfg)) {
                assertThat(s.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
            }
            Run here = greencover("import", "--data", data.toString(), "--stac-api", stac.url(), "--collection", "sentinel-2-l2a",
                    "--site", "dump", "--from", "2023-01-01", "--to", "2023-12-31", "--max-cloud", "20");
            assertThat(here.code()).as(here.out() + here.err()).isZero();
            assertThat(here.out()).contains("done: 1 found, 1 ingested, 0 already stored, 0 skipped, 0 failed");
            assertThat(here.err()).contains("1/1 items").doesNotContain("\tat ");

            Run bad = greencover("import", "--data", data.toString(), "--stac-api", stac.url(), "--collection", "sentinel-2-l2a",
                    "--site", "nowhere");
            assertThat(bad.code()).isEqualTo(1);
            assertThat(bad.err()).contains("error (unknown_site, sites)").doesNotContain("\tat ");

            stac.add(item("S2B_50RMN_20230611_0_L2A", "2023-06-11T03:12:00Z", files));
            try (TestServer s = new TestServer(cfg)) {
                RunningServer.announce(data, s.url(""));
                Run through = greencover("import", "--data", data.toString(), "--stac-api", stac.url(), "--collection", "sentinel-2-l2a",
                        "--site", "dump", "--from", "2023-01-01");
                assertThat(through.code()).as(through.out() + through.err()).isZero();
                assertThat(through.out()).contains("importing through its API")
                        .contains("done: 2 found, 1 ingested, 1 already stored, 0 skipped, 0 failed");
                assertThat(s.get("/api/v1/scenes").body()).contains("S2B_50RMN_20230611_0_L2A").contains("S2B_50RMN_20230601_0_L2A");
            }
        }
    }
}
