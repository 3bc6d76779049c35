package greencover.app;

import greencover.core.index.SpectralIndices;
import greencover.core.raster.SensorProviders;
import greencover.service.SceneDamages;
import greencover.service.SceneService;
import greencover.service.SiteService;
import greencover.service.SummaryService;
import greencover.service.admission.IngestQueue;
import greencover.service.admission.MemoryBudget;
import greencover.service.map.CatalogMapData;
import greencover.service.map.MapRenderer;
import greencover.service.series.AdHocStatisticsService;
import greencover.service.series.PeriodChange;
import greencover.service.series.SeriesService;
import greencover.service.series.SiteSummaries;
import greencover.store.DiskSpace;
import greencover.store.Store;
import greencover.store.fs.LocalDiskSpace;
import greencover.store.fs.DataDirectoryLock;
import greencover.store.jdbc.JdbcStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: every service wired once over one data directory and catalog, for the command line
 * ({@code serve}, {@code ingest}), the HTTP server, the tests and a batch job alike. It is the only place that
 * chooses implementations; callers see the services, never the storage behind them. Close it to release the
 * catalog.
 */
public final class Services implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Services.class);
    /** How long an admitted ingest waits for its turn: long, since the queue itself is bounded. */
    private static final Duration INGEST_TURN_WAIT = Duration.ofMinutes(10);
    /** The wait before a webhook's first retry (doubling after each) and its attempts in all. */
    private static final Duration WEBHOOK_BACKOFF = Duration.ofSeconds(1);
    private static final int WEBHOOK_ATTEMPTS = 5;
    private final Store store;
    private final SpectralIndices indices;
    private final SensorProviders sensors;
    private final SceneService scenes;
    private final SiteService sites;
    private final SeriesService series;
    private final greencover.service.series.SeriesAnalysis seriesAnalysis;
    private final PeriodChange periodChange;
    private final SiteSummaries siteSummaries;
    private final AdHocStatisticsService adHocStatistics;
    private final CatalogMapData mapData;
    private final MapRenderer maps;
    private final MemoryBudget memory;
    private final IngestQueue ingestQueue;
    private final SceneDamages damages;
    private final Metrics metrics = new Metrics();
    private final greencover.service.source.StacScenes stacScenes;
    private final greencover.service.SiteGeometryService geometry;
    private final greencover.service.alert.AlertService alerts;
    private final greencover.service.imports.ImportService imports;
    private final greencover.service.imports.WatchService watches;
    private AutoCloseable owner = () -> { };
    private AutoCloseable background = () -> { };

    /**
     * The services over {@code store} computing the indices of {@code indices} and accepting the sensors of
     * {@code sensors}; closing them closes the store.
     */
    public Services(Store store, SpectralIndices indices, SensorProviders sensors) {
        this(store, indices, sensors, DiskSpace.UNLIMITED, AppConfig.Admission.DEFAULTS, Runtime.getRuntime().maxMemory(), 0);
    }

    /**
     * The services over {@code store}, whose writes keep to the free space and reserve of {@code disk} (README
     * "Disk"); closing them closes the store.
     */
    public Services(Store store, SpectralIndices indices, SensorProviders sensors, DiskSpace disk) {
        this(store, indices, sensors, disk, AppConfig.Admission.DEFAULTS, Runtime.getRuntime().maxMemory(), 0);
    }

    /**
     * The services as {@link #Services(Store, SpectralIndices, SensorProviders)}, with the memory budget and ingest
     * queue of {@code admission} in a heap of {@code maxHeapBytes} beside a tile cache of {@code tileCacheBytes}.
     */
    public Services(Store store, SpectralIndices indices, SensorProviders sensors, AppConfig.Admission admission,
                    long maxHeapBytes, long tileCacheBytes) {
        this(store, indices, sensors, DiskSpace.UNLIMITED, admission, maxHeapBytes, tileCacheBytes);
    }

    /** The services with both the disk reserve of {@code disk} and the admission bounds of {@code admission}. */
    public Services(Store store, SpectralIndices indices, SensorProviders sensors, DiskSpace disk,
                    AppConfig.Admission admission, long maxHeapBytes, long tileCacheBytes) {
        this(store, indices, sensors, disk, admission, maxHeapBytes, tileCacheBytes, greencover.service.source.SourcePolicy.DEFAULTS);
    }

    /** The services as above, reading scenes where they live within {@code sources}. */
    public Services(Store store, SpectralIndices indices, SensorProviders sensors, DiskSpace disk,
                    AppConfig.Admission admission, long maxHeapBytes, long tileCacheBytes,
                    greencover.service.source.SourcePolicy sources) {
        this(store, indices, sensors, disk, admission, maxHeapBytes, tileCacheBytes, sources, Background.SERVE);
    }

    /**
     * The services as above, whose imports, watches and alerts keep the time of {@code background} and whose imports
     * hold leases of its length; nothing is started here ({@link #open(AppConfig, Background)} starts it).
     */
    public Services(Store store, SpectralIndices indices, SensorProviders sensors, DiskSpace disk,
                    AppConfig.Admission admission, long maxHeapBytes, long tileCacheBytes,
                    greencover.service.source.SourcePolicy sources, Background background) {
        this.store = store;
        var remote = new greencover.service.source.RemoteRasters(sources);
        this.memory = new MemoryBudget(admission.effectiveMemoryBudgetBytes(maxHeapBytes, tileCacheBytes),
                Duration.ofMillis(admission.admissionWaitMillis()));
        this.ingestQueue = new IngestQueue(admission.ingestsRunning(), admission.ingestsWaiting(), INGEST_TURN_WAIT);
        this.indices = java.util.Objects.requireNonNull(indices, "indices");
        this.sensors = java.util.Objects.requireNonNull(sensors, "sensors");
        this.damages = new SceneDamages(store.scenes(), store.files());
        greencover.service.SiteOutlines outlines = new greencover.service.SiteOutlines(store.outlines());
        SummaryService summaries = new SummaryService(store.sites(), store.scenes(), store.summaries(), store.files(), damages, outlines);
        this.scenes = new SceneService(store.scenes(), store.sites(), store.summaries(), store.transactions(), store.writeLock(),
                store.files(), summaries, indices, sensors, memory, disk, metrics, remote, this::afterIngest);
        this.stacScenes = new greencover.service.source.StacScenes(scenes, remote);
        this.sites = new SiteService(store.sites(), store.scenes(), store.summaries(), store.transactions(), store.writeLock(), summaries, disk,
                scenes);
        this.series = new SeriesService(store.sites(), store.scenes(), store.summaries(), damages, sensors, outlines);
        this.seriesAnalysis = new greencover.service.series.SeriesAnalysis(series, store.sites(), store.scenes(), store.summaries(), damages, outlines);
        java.time.Clock clock = java.time.Clock.systemUTC();
        this.geometry = new greencover.service.SiteGeometryService(store.sites(), store.scenes(), store.summaries(), store.outlines(),
                store.transactions(), store.writeLock(), summaries, clock);
        this.alerts = new greencover.service.alert.AlertService(store.sites(), store.alerts(), series, outlines, store.writeLock(),
                new greencover.service.alert.Webhooks(store.alerts(), sources.allowPrivateAddresses(), WEBHOOK_BACKOFF, WEBHOOK_ATTEMPTS), background.clock());
        this.imports = new greencover.service.imports.ImportService(store.imports(), sites, stacScenes, remote, background.clock(),
                greencover.service.imports.ImportService.newOwner(), background.importLease());
        // an import's new scenes evaluate the alerts of the sites they meet once, when it ends, not after each item
        this.imports.afterImport(fresh -> { if (alertsAfterEachIngest) alerts.afterIngest(fresh); });
        this.watches = new greencover.service.imports.WatchService(store.imports(), sites, imports, background.clock());
        sites.afterDelete(watches::forget); // no foreign key holds a watch to its site
        sites.afterChange(alerts::evaluate);
        scenes.afterDelete(alerts::afterDelete);
        this.siteSummaries = new SiteSummaries(series, store.version());
        this.periodChange = new PeriodChange(store.sites(), store.scenes(), damages, outlines);
        this.adHocStatistics = new AdHocStatisticsService(store.scenes(), damages, memory);
        this.mapData = new CatalogMapData(store.scenes(), store.sites(), damages, store.version());
        this.maps = new MapRenderer(mapData, indices, new greencover.service.map.PeriodChangeLayers(periodChange, store.sites(), outlines));
        metrics.catalog(() -> mapData.sites().size(), () -> mapData.scenes().size());
    }

    /**
     * Takes the data directory of {@code config} for this process ({@link DataDirectoryLock}, held until
     * {@link #close}), opens the catalog (its JDBC URL, else the embedded H2 file in the data directory, which is
     * created if missing), which refuses a directory stamped by another catalog and {@link JdbcStore#open recovers}
     * the scene files, then empties {@code tmp/} (uploads of requests that a crash interrupted), and wires the
     * services. The clean-up runs only while the
     * lock is held, so it never deletes the files of another running process. A {@link JdbcStore#isShared shared}
     * catalog (PostgreSQL) may be served by several servers over one data directory: then no lock is taken and
     * leftovers are deleted by age only ({@link AppConfig.Sharing#leftoverAgeSeconds}, by default
     * {@link JdbcStore#SHARED_LEFTOVER_AGE}), and the servers follow each other's writes ({@link AppConfig#sharing}).
     *
     * @throws greencover.domain.StartupRefusedException if another process holds the data directory, or it
     *         belongs to another catalog
     */
    public static Services open(AppConfig config) { return open(config, Background.SERVE); }

    /**
     * As {@link #open(AppConfig)}, running the background work of {@code background} when it is
     * {@link Background#enabled} ({@code serve}; the command-line tools and the batch job pass {@link Background#NONE}):
     * see {@link BackgroundTasks}.
     */
    public static Services open(AppConfig config, Background bg) {
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + config.dataDir(), e);
        }
        boolean shared = JdbcStore.isShared(config.jdbcUrl());
        AutoCloseable lock = shared ? () -> { } : DataDirectoryLock.acquire(config.dataDir());
        Store store = null;
        try {
            // the catalog first: it refuses a data directory stamped by another catalog, whose uploads are not ours
            JdbcStore.Sharing sharing = config.sharing().store();
            store = JdbcStore.open(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword(), config.dataDir(), sharing,
                    sceneFiles(config));
            removeLeftoverUploads(config.dataDir().resolve("tmp"), shared ? sharing.leftoverAge() : Duration.ZERO);
            Services s = new Services(store, SpectralIndices.defaults(), SensorProviders.defaults(),
                    new LocalDiskSpace(config.dataDir(), config.minFreeBytes()), config.admission(),
                    Runtime.getRuntime().maxMemory(), config.tileCacheBytes(), config.sources(), bg);
            s.owner = lock;
            int remerged = s.scenes.remergeDatesOfEarlierReleases();
            if (remerged > 0) LOG.info("same-date merge: recomputed the summaries of {} date(s) stored by an earlier release", remerged);
            s.watches.minimumEvery(config.watchMinEvery());
            if (bg.enabled()) s.background = BackgroundTasks.start(s.imports, s.watches, s.alerts, store.imports(), shared, bg);
            LOG.info("admission: memory budget {} MiB (heap {} MiB), {} ingest(s) at once and {} waiting",
                    s.memory.capacityBytes() >> 20, Runtime.getRuntime().maxMemory() >> 20, s.ingestQueue.running(),
                    s.ingestQueue.waiting());
            return s;
        } catch (RuntimeException e) {
            if (store != null) closeQuietly(store);
            closeQuietly(lock);
            throw e;
        }
    }

    /**
     * The scene files of {@code config} ({@link AppConfig.SceneStore}): null for {@code <dataDir>/scenes} (the catalog
     * opens them), a folder's {@code scenes/}, or a bucket with its local cache in {@code <dataDir>/s3-cache}.
     *
     * @throws greencover.domain.StartupRefusedException when the bucket cannot be reached or refuses the credentials
     */
    private static greencover.store.SceneFileStore sceneFiles(AppConfig config) {
        AppConfig.SceneStore where = config.sceneStore();
        if (where.location() == null) return null;
        if (where.isS3()) {
            var s3 = greencover.store.s3.S3SceneFileStore.open(where.s3(config.dataDir()), config.dataDir().resolve("s3-cache"));
            LOG.info("scene files in {} ({}), local raster cache of {} MiB in {}", s3.location(),
                    where.endpoint() == null ? "AWS" : where.endpoint(), where.cacheBytes() >> 20, config.dataDir().resolve("s3-cache"));
            return s3;
        }
        Path dir = Path.of(where.location().startsWith("file:") ? java.net.URI.create(where.location()).getPath() : where.location());
        return new greencover.store.fs.LocalSceneFileStore(dir);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("cannot release the data directory: {}", e.getMessage());
        }
    }

    /**
     * Deletes the files under {@code tmp} (kept itself) last modified at least {@code minAge} ago, logging how many
     * files and bytes.
     */
    private static void removeLeftoverUploads(Path tmp, Duration minAge) {
        if (!Files.isDirectory(tmp)) return;
        long[] filesAndBytes = new long[2];
        java.nio.file.attribute.FileTime cutoff = java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(minAge));
        try (Stream<Path> s = Files.walk(tmp)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                if (p.equals(tmp)) continue;
                if (Files.isDirectory(p)) {
                    try (Stream<Path> inside = Files.list(p)) {
                        if (inside.findAny().isPresent()) continue; // still holds a recent file
                    }
                } else if (!minAge.isZero() && Files.getLastModifiedTime(p).compareTo(cutoff) > 0) {
                    continue;
                }
                if (Files.isRegularFile(p)) {
                    filesAndBytes[0]++;
                    filesAndBytes[1] += Files.size(p);
                }
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + tmp, e);
        }
        LOG.info("recovery: removed {} leftover upload files ({} bytes) from {}", filesAndBytes[0], filesAndBytes[1], tmp);
    }

    /** The spectral indices every service computes, stores, serves and accepts as {@code index=}. */
    public SpectralIndices indices() { return indices; }

    /** The sensors scenes may come from, with their parameters. */
    public SensorProviders sensors() { return sensors; }

    public SceneService scenes() { return scenes; }

    /** Scenes from STAC items, read in place. */
    public greencover.service.source.StacScenes stacScenes() { return stacScenes; }

    public SiteService sites() { return sites; }

    /** Imports from STAC APIs, in the background, kept in the catalog. */
    public greencover.service.imports.ImportService imports() { return imports; }

    /** Sites' watches on STAC APIs. */
    public greencover.service.imports.WatchService watches() { return watches; }

    public SeriesService series() { return series; }

    /** A series with its uncertainty, reference site and target ({@code GET /api/v1/sites/{id}/timeseries}). */
    public greencover.service.series.SeriesAnalysis seriesAnalysis() { return seriesAnalysis; }

    /** The change of a site between two periods ({@code GET /api/v1/sites/{id}/change}). */
    public PeriodChange periodChange() { return periodChange; }

    /** Each site's latest point and observation count, per catalog version (site listings). */
    public SiteSummaries siteSummaries() { return siteSummaries; }

    public AdHocStatisticsService adHocStatistics() { return adHocStatistics; }

    public CatalogMapData mapData() { return mapData; }

    public MapRenderer maps() { return maps; }

    private volatile boolean alertsAfterEachIngest = true;

    /** After every new scene: the alerts of the sites it meets (wired here since alerts read the series, built later). */
    private void afterIngest(greencover.domain.Scene scene) {
        if (alertsAfterEachIngest) alerts.afterIngest(scene);
    }

    /**
     * Whether each new scene evaluates the alerts of the sites it meets (on by default: the server's rule, "after every
     * ingest"). A batch of many scenes turns it off and evaluates every site once at its end
     * ({@link greencover.service.alert.AlertService#evaluateAll}):
     * each evaluation reads the site's whole series and takes the write lock, so per scene it costs more than the
     * ingest itself over a long archive, and only the latest evaluation's outcome stands anyway.
     */
    public void alertsAfterEachIngest(boolean on) { alertsAfterEachIngest = on; }

    /** Outline versions of sites ({@code PUT /api/v1/sites/{id}/geometry}). */
    public greencover.service.SiteGeometryService geometry() { return geometry; }

    /** Alert rules, episodes and webhooks. */
    public greencover.service.alert.AlertService alerts() { return alerts; }

    /** The heap bytes shared by uncached map renders, ingests and ad-hoc statistics. */
    public MemoryBudget memory() { return memory; }

    /** The bounded queue in front of ingests (uploads take a place before their body is read). */
    public IngestQueue ingestQueue() { return ingestQueue; }

    /** Damaged scenes: found by reads, at start-up and by readiness checks ({@link SceneDamages#checkAll}). */
    public SceneDamages damages() { return damages; }

    /** The process's meters (JVM, process, catalog, ingests), to which the HTTP server adds its own. */
    public Metrics metrics() { return metrics; }

    /**
     * Readiness of the catalog: whether it answers now and, for a shared catalog, whether this server receives the
     * other servers' change notifications (reads the catalog once).
     */
    public greencover.domain.CatalogHealth catalogHealth() { return store.version().health(); }

    /** True when the catalog holds no scene and no site (then {@code serve} loads the samples). */
    public boolean isEmpty() { return scenes.list(null, null, null).isEmpty() && sites.list().isEmpty(); }

    @Override
    public void close() {
        try {
            closeQuietly(background);
            alerts.close();
            watches.close();
            imports.close();
            store.close();
        } finally {
            metrics.close();
            closeQuietly(owner);
        }
    }
}
