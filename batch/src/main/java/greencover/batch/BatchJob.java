package greencover.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.app.Services;
import greencover.domain.Site;
import greencover.geojson.GeoJsonCodec;
import greencover.service.SceneService;
import greencover.service.SiteDraft;
import greencover.service.error.GreenCoverException;
import greencover.service.error.InvalidInputException;
import greencover.service.source.StacScenes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch job (README "Batch job on Spark"): every STAC item of a list or a search (the server's search client,
 * {@link JobSearch}), and every scene given as bare COG files ({@link CogScene}), with the catalog's sites it meets,
 * ingested by the server's own use case ({@link StacScenes#ingest}, or for COG files the
 * {@link SceneService#ingestRemote} beneath it: the windowed COG read over the sites' union window, the index
 * conversion, the exact per-(site, scene, index) summaries with the same-date merge, the scene with its provenance and
 * its summaries committed in one transaction under the per-date write lock). One item is one element of the ingest
 * stage: no shuffle, only a small outcome per item travels back to the driver. With {@code --parquet} the run's time
 * series are then written as Parquet from the catalog ({@link ParquetSeries}); without {@code --data} and
 * {@code --catalog} that catalog is a temporary one.
 *
 * <p>Idempotent: an item already in the catalog is a duplicate, recognised by its identity before any fetch, so a
 * re-run writes nothing for it. A failed item is retried ({@link JobSettings#retries}) and then reported in the
 * failures file and the log; it never fails its task or the job. Progress goes to the log and to the accumulators
 * of the Spark UI ({@code greencover items done}, {@code ... stored}, {@code ... duplicates}, {@code ... failed}).
 *
 * <p>Alerts: the tasks store scenes without evaluating the sites' alert rules ({@link Services#alertsAfterEachIngest});
 * when the run stored anything, the driver evaluates every site's rules once at its end, as the server does after
 * an import, so a backfill of thousands of items costs one evaluation per site rather than one per (item, site).
 */
public final class BatchJob {
    private static final Logger LOG = LoggerFactory.getLogger(BatchJob.class);

    private BatchJob() {}

    /** What a run did, item by item, in the order given. */
    public record Report(List<ItemOutcome> outcomes, Path failuresFile, long millis) {
        public long count(ItemOutcome.Status s) { return outcomes.stream().filter(o -> o.status() == s).count(); }

        public long itemSitePairs() {
            return outcomes.stream().filter(o -> o.status() == ItemOutcome.Status.STORED || o.status() == ItemOutcome.Status.DUPLICATE)
                    .mapToLong(ItemOutcome::sites).sum();
        }

        public String line() {
            return String.format(java.util.Locale.ROOT, "greencover-batch: %d items in %.1f s: %d stored, %d already in the catalog, "
                            + "%d meeting no site, %d failed (%s); %d (item x site) pairs",
                    outcomes.size(), millis / 1000.0, count(ItemOutcome.Status.STORED), count(ItemOutcome.Status.DUPLICATE),
                    count(ItemOutcome.Status.NO_SITE), count(ItemOutcome.Status.FAILED), failuresFile, itemSitePairs());
        }
    }

    public static void main(String[] args) {
        JobSettings s;
        try {
            s = JobSettings.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("greencover-batch: " + e.getMessage());
            System.err.println(JobSettings.USAGE);
            System.exit(2);
            return;
        }
        SparkConf conf = new SparkConf().setAppName("greencover-batch");
        if (s.master() != null) conf.setMaster(s.master());
        conf.setIfMissing("spark.master", "local[*]");
        Report r;
        try (JavaSparkContext jsc = new JavaSparkContext(conf)) {
            r = run(jsc, s);
        } catch (JobFailedException e) {
            System.err.println("greencover-batch: " + e.getMessage());
            Catalogs.closeAll();
            System.exit(3);
            return;
        } catch (RuntimeException e) { // Spark itself failed (no executor, a lost driver, ...): one line, the trace in the log
            LOG.debug("the job stopped", e);
            String m = String.valueOf(e.getMessage());
            System.err.println("greencover-batch: the job stopped: " + e.getClass().getSimpleName() + ": "
                    + (m.indexOf('\n') < 0 ? m : m.substring(0, m.indexOf('\n'))) + "; the items stored so far stay, run the job again to complete it");
            Catalogs.closeAll();
            System.exit(4);
            return;
        }
        Catalogs.closeAll();
        System.out.println(r.line());
    }

    /**
     * Runs the job on {@code jsc}.
     *
     * @throws JobFailedException when the catalog or the scene store cannot be opened (a bucket is checked first), there
     *         is no site, or the search fails (nothing is written then)
     */
    public static Report run(JavaSparkContext jsc, JobSettings s) {
        long t0 = System.nanoTime();
        boolean local = jsc.master().startsWith("local");
        if (!local && s.jdbcUrl() == null) {
            throw new JobFailedException("an embedded catalog serves one JVM only; give the shared catalog with --catalog "
                    + "jdbc:postgresql://... (or GREENCOVER_JDBC_URL) to run on " + jsc.master());
        }
        if (s.parquetDir() != null) ParquetSeries.checkTarget(s.parquetDir());
        if (s.dataDir() == null) return withTemporaryCatalog(jsc, s);
        Services driver = openCatalog(s);
        if (s.sitesGeoJson() != null) addSites(driver, Path.of(s.sitesGeoJson()));
        List<Site> sites = driver.sites().list();
        if (sites.isEmpty()) {
            throw new JobFailedException("the catalog has no sites; add them first or give --sites FILE.geojson");
        }
        List<String> items = new ArrayList<>(s.items());
        if (items.isEmpty() && s.stacApi() != null) items.addAll(JobSearch.items(s, sites).items());
        for (String c : s.cogScenes()) items.add(CogScene.work(c));
        int partitions = s.partitions() > 0 ? s.partitions() : Math.max(1, Math.min(items.size(), jsc.defaultParallelism() * 4));
        LongAccumulator done = jsc.sc().longAccumulator("greencover items done");
        LongAccumulator stored = jsc.sc().longAccumulator("greencover items stored");
        LongAccumulator duplicates = jsc.sc().longAccumulator("greencover items already in the catalog");
        LongAccumulator failed = jsc.sc().longAccumulator("greencover items failed");
        LongAccumulator pairs = jsc.sc().longAccumulator("greencover (item x site) pairs");
        int total = items.size();
        LOG.info("greencover-batch: {} items over {} sites in {} partitions on {}", total, sites.size(), partitions, jsc.master());
        Thread progress = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(10_000);
                    LOG.info("progress: {}/{} items done ({} stored, {} already stored, {} failed)", done.value(), total,
                            stored.value(), duplicates.value(), failed.value());
                }
            } catch (InterruptedException e) {
                // the job ended
            }
        }, "greencover-batch-progress");
        progress.setDaemon(true);
        progress.start();
        List<ItemOutcome> outcomes;
        try {
            outcomes = jsc.parallelize(items, partitions).mapPartitions((Iterator<String> it) -> processPartition(s, it, o -> {
                done.add(1);
                switch (o.status()) {
                    case STORED -> stored.add(1);
                    case DUPLICATE -> duplicates.add(1);
                    case FAILED -> failed.add(1);
                    default -> { }
                }
                if (o.status() == ItemOutcome.Status.STORED || o.status() == ItemOutcome.Status.DUPLICATE) pairs.add(o.sites());
            }).iterator()).collect();
        } finally {
            progress.interrupt();
        }
        Path failures = writeFailures(s.failuresPath(), outcomes);
        for (ItemOutcome o : outcomes) {
            if (o.status() == ItemOutcome.Status.FAILED) LOG.warn("failed after {} attempts: {}: {}", o.attempts(), o.item(), o.error());
        }
        if (outcomes.stream().anyMatch(o -> o.status() == ItemOutcome.Status.STORED)) {
            // the executors store scenes without evaluating alerts; each site's rules are evaluated once, here. The
            // items stand when this fails (the catalog gone meanwhile): the next evaluation, by a re-run, an ingest or
            // the server's own schedule, sees them
            try {
                LOG.info("alert rules of the {} sites evaluated once: {} alert(s) opened or cleared", sites.size(),
                        driver.alerts().evaluateAll().size());
            } catch (RuntimeException e) {
                LOG.warn("the alert rules were not evaluated after the items ({}); a re-run or the next ingest evaluates them", describe(e));
            }
        }
        if (s.parquetDir() != null) ParquetSeries.write(jsc, s, sites, sceneIds(outcomes));
        Report r = new Report(outcomes, failures, (System.nanoTime() - t0) / 1_000_000);
        LOG.info(r.line());
        return r;
    }

    /** The scenes the run stored or found stored. */
    private static Set<String> sceneIds(List<ItemOutcome> outcomes) {
        Set<String> ids = new java.util.HashSet<>();
        for (ItemOutcome o : outcomes) if (o.sceneId() != null) ids.add(o.sceneId());
        return ids;
    }

    /**
     * A run whose only output is Parquet: the catalog and scene store are an embedded one in a temporary directory,
     * deleted at the end (the failures file stays where {@link JobSettings#failuresPath} says).
     */
    private static Report withTemporaryCatalog(JavaSparkContext jsc, JobSettings s) {
        Path dir;
        try {
            dir = Files.createTempDirectory("greencover-batch-");
        } catch (IOException e) {
            throw new JobFailedException("cannot create a temporary catalog directory: " + e.getMessage(), e);
        }
        String failures = s.failuresPath().toAbsolutePath().toString();
        JobSettings t = new JobSettings(null, null, null, dir.toString(), s.items(), s.stacApi(), s.collections(), s.bbox(), s.datetime(),
                s.maxCloud(), s.sitesGeoJson(), s.profile(), s.retries(), s.retryBackoffMillis(), s.partitions(), failures,
                s.allowPrivateAddresses(), s.sourceRetries(), s.master(), s.parquetDir(), s.cogScenes(), s.pageSize());
        LOG.info("no --data and no --catalog: a temporary catalog in {}, and the Parquet in {} the only output", dir, s.parquetDir());
        try {
            return run(jsc, t);
        } finally {
            Catalogs.close(t);
            try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                LOG.warn("cannot remove the temporary catalog {}: {}", dir, e.getMessage());
            }
        }
    }

    private static Services openCatalog(JobSettings s) {
        try {
            return Catalogs.of(s);
        } catch (greencover.domain.StartupRefusedException e) {
            // the server's one line: the scene store cannot be reached or refuses, or belongs to another catalog, or
            // the data directory does; checked before the catalog is migrated, so nothing was written
            throw new JobFailedException(e.getMessage(), e);
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) root = root.getCause();
            String where = s.jdbcUrl() != null ? s.jdbcUrl() : "the embedded catalog in " + s.dataDir();
            String why = root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root.getMessage() + ")";
            throw new JobFailedException("cannot open the catalog at " + where + ": " + why
                    + "; check the URL, the credentials and that the database is up, then run the job again", e);
        }
    }

    /** Adds the sites of {@code geojson} whose ids the catalog does not have yet (a re-run adds nothing). */
    private static void addSites(Services svc, Path geojson) {
        List<SiteDraft> drafts;
        try {
            drafts = GeoJsonCodec.sites(new ObjectMapper().readTree(Files.readAllBytes(geojson)));
        } catch (IOException e) {
            throw new JobFailedException("cannot read the sites file " + geojson + ": " + e.getMessage(), e);
        } catch (InvalidInputException e) {
            throw new JobFailedException("the sites file " + geojson + " is not valid: " + e.field() + ": " + e.getMessage(), e);
        }
        Set<String> known = svc.sites().list().stream().map(Site::id).collect(Collectors.toSet());
        List<SiteDraft> fresh = drafts.stream().filter(d -> d.id() == null || !known.contains(d.id())).toList();
        if (!fresh.isEmpty()) {
            svc.sites().add(fresh);
            LOG.info("added {} sites from {} ({} were in the catalog already)", fresh.size(), geojson, drafts.size() - fresh.size());
        }
    }

    /**
     * The items of one partition, each {@link #process processed} on this executor's catalog and passed to
     * {@code counted} as it ends. When the executor cannot open the catalog ({@code 1 + retries} tries with backoff:
     * e.g. PostgreSQL restarting as a new executor starts), every item of the partition is reported failed with that
     * reason, rather than failing the task (and, once Spark's task retries are spent, the whole job).
     */
    static List<ItemOutcome> processPartition(JobSettings s, Iterator<String> items, java.util.function.Consumer<ItemOutcome> counted) {
        List<ItemOutcome> out = new ArrayList<>();
        Services svc = null;
        String cannotOpen = null;
        long t0 = System.nanoTime();
        for (int attempt = 1; svc == null; attempt++) {
            try {
                svc = Catalogs.of(s);
            } catch (RuntimeException e) {
                if (attempt > s.retries()) {
                    cannotOpen = "cannot open the catalog on this executor after " + attempt + " attempts: " + describe(e);
                    break;
                }
                LOG.warn("attempt {} to open the catalog on this executor failed, retrying: {}", attempt, describe(e));
                if (!backOff(s, attempt)) {
                    cannotOpen = "interrupted while opening the catalog";
                    break;
                }
            }
        }
        while (items.hasNext()) {
            String item = items.next();
            ItemOutcome o = svc != null ? process(svc, s, item)
                    : new ItemOutcome(label(item), ItemOutcome.Status.FAILED, null, 0, 1 + s.retries(), ms(t0), cannotOpen);
            counted.accept(o);
            out.add(o);
        }
        return out;
    }

    /** Sleeps the backoff before attempt {@code attempt + 1}; false when interrupted. */
    private static boolean backOff(JobSettings s, int attempt) {
        try {
            Thread.sleep(s.retryBackoffMillis() * attempt);
            return true;
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** How an item is named in outcomes and the log: its URL, or {@code item <id>} for an inline item. */
    private static String label(String item) {
        return CogScene.isWork(item) ? item.substring(CogScene.PREFIX.length()) : item.startsWith("{") ? inlineId(item) : item;
    }

    /**
     * One item, tried until it is stored or found stored, or {@code 1 + retries} times; a refusal of the item itself
     * (an invalid item, a missing asset: {@link InvalidInputException}) is not retried.
     */
    static ItemOutcome process(Services svc, JobSettings s, String item) {
        long t0 = System.nanoTime();
        boolean inline = item.startsWith("{"), cog = CogScene.isWork(item);
        String label = label(item);
        StacScenes.StacRequest req = inline
                ? new StacScenes.StacRequest(null, item.getBytes(StandardCharsets.UTF_8), s.profile(), null)
                : new StacScenes.StacRequest(item, null, s.profile(), null);
        for (int attempt = 1; ; attempt++) {
            try {
                SceneService.IngestResult r = cog ? CogScene.ingest(svc, item) : svc.stacScenes().ingest(req);
                ItemOutcome o = new ItemOutcome(label, r.duplicate() ? ItemOutcome.Status.DUPLICATE : ItemOutcome.Status.STORED,
                        r.scene().id(), r.statistics().size(), attempt, ms(t0), null);
                LOG.info("item {}: {} scene {} over {} sites in {} ms", label, o.status(), o.sceneId(), o.sites(), o.millis());
                return o;
            } catch (InvalidInputException e) {
                if ("no_site_in_scene".equals(e.code())) {
                    LOG.info("item {}: meets no site", label);
                    return new ItemOutcome(label, ItemOutcome.Status.NO_SITE, null, 0, attempt, ms(t0), null);
                }
                return new ItemOutcome(label, ItemOutcome.Status.FAILED, null, 0, attempt, ms(t0), describe(e));
            } catch (RuntimeException e) {
                if (attempt > s.retries()) return new ItemOutcome(label, ItemOutcome.Status.FAILED, null, 0, attempt, ms(t0), describe(e));
                LOG.warn("item {}: attempt {} failed, retrying: {}", label, attempt, describe(e));
                if (!backOff(s, attempt)) return new ItemOutcome(label, ItemOutcome.Status.FAILED, null, 0, attempt, ms(t0), "interrupted");
            }
        }
    }

    private static String describe(RuntimeException e) {
        String m = e instanceof GreenCoverException g ? g.code() + ": " + g.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
        return m.replace('\t', ' ').replace('\n', ' ');
    }

    private static String inlineId(String json) {
        try {
            return "item " + new ObjectMapper().readTree(json).path("id").asText("(no id)");
        } catch (IOException e) {
            return "item (not JSON)";
        }
    }

    private static long ms(long t0) { return (System.nanoTime() - t0) / 1_000_000; }

    /** The failures file: a header and one tab-separated line per failed item (item, attempts, error). */
    private static Path writeFailures(Path file, List<ItemOutcome> outcomes) {
        StringBuilder b = new StringBuilder("item\tattempts\terror\n");
        for (ItemOutcome o : outcomes) {
            if (o.status() == ItemOutcome.Status.FAILED) b.append(o.item()).append('\t').append(o.attempts()).append('\t').append(o.error()).append('\n');
        }
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            Files.writeString(file, b);
        } catch (IOException e) {
            LOG.warn("cannot write the failures file {}: {}", file, e.getMessage());
        }
        return file;
    }
}
