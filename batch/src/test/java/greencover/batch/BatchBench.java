package greencover.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench of bench/spark/run.sh (not a test: tagged {@code bench}, left out of every default run). {@code ITEMS}
 * items of {@code SIZE} x {@code SIZE} 10 m pixels (system properties bench.items, bench.size) over 20 sites in a 5 x 4
 * grid, ingested by the job on local[1], then local[2], into fresh embedded catalogs; prints items/s and
 * (item x site)/s and the scaling efficiency.
 */
@Tag("bench")
class BatchBench {
    @TempDir Path dir;

    static String sites(int size) {
        List<String> f = new ArrayList<>();
        double span = size * 10.0, w = span / 5, h = span / 4;
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 4; j++) {
                double x0 = 500000 + i * w + w * 0.2, y1 = 2800000 - j * h - h * 0.2;
                f.add(StacFixture.site("s" + i + "-" + j, x0, y1 - h * 0.6, x0 + w * 0.6, y1));
            }
        }
        return "{\"type\":\"FeatureCollection\",\"features\":[" + String.join(",", f) + "]}";
    }

    @Test
    void bench() throws Exception {
        int items = Integer.getInteger("bench.items", 48), size = Integer.getInteger("bench.size", 2048);
        try (StacFixture stac = new StacFixture(dir.resolve("stac"), items, size)) {
            Path sites = Files.writeString(dir.resolve("sites.geojson"), sites(size));
            double[] rate = new double[3];
            for (int cores = 1; cores <= 2; cores++) {
                try (JavaSparkContext jsc = new JavaSparkContext(new SparkConf().setMaster("local[" + cores + "]")
                        .setAppName("bench").set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1"))) {
                    JobSettings s = new JobSettings(null, null, null, dir.resolve("data" + cores).toString(), stac.itemUrls, null,
                            List.of(), null, null, null, sites.toString(), null, 1, 100, 0, null, true, -1, null);
                    BatchJob.Report r = BatchJob.run(jsc, s);
                    Catalogs.closeAll();
                    assertThat(r.count(ItemOutcome.Status.STORED)).as(r.line()).isEqualTo(items);
                    double secs = r.millis() / 1000.0;
                    rate[cores] = items / secs;
                    System.out.printf(java.util.Locale.ROOT, "BENCH local[%d]: %d items x 20 sites of %dx%d px in %.1f s: %.2f items/s, %.1f (item x site)/s%n",
                            cores, items, size, size, secs, items / secs, r.itemSitePairs() / secs);
                }
            }
            System.out.printf(java.util.Locale.ROOT, "BENCH scaling efficiency 1 -> 2 cores: %.2f%n", rate[2] / (2 * rate[1]));
        }
    }
}
