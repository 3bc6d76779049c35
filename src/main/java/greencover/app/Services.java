package greencover.app;

import greencover.core.index.SpectralIndices;
import greencover.core.raster.SensorProviders;
import greencover.service.SceneService;
import greencover.service.SiteService;
import greencover.service.SummaryService;
import greencover.service.map.CatalogMapData;
import greencover.service.map.MapRenderer;
import greencover.service.series.AdHocStatisticsService;
import greencover.service.series.SeriesService;
import greencover.service.series.SiteSummaries;
import greencover.store.Store;
import greencover.store.jdbc.JdbcStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * The composition root: every service wired once over one data directory and catalog, for the command line
 * ({@code serve}, {@code ingest}), the HTTP server, the tests and a batch job alike. It is the only place that
 * chooses implementations; callers see the services, never the storage behind them. Close it to release the
 * catalog.
 */
public final class Services implements AutoCloseable {
    private final Store store;
    private final SpectralIndices indices;
    private final SensorProviders sensors;
    private final SceneService scenes;
    private final SiteService sites;
    private final SeriesService series;
    private final SiteSummaries siteSummaries;
    private final AdHocStatisticsService adHocStatistics;
    private final CatalogMapData mapData;
    private final MapRenderer maps;

    /**
     * The services over {@code store} computing the indices of {@code indices} and accepting the sensors of
     * {@code sensors}; closing them closes the store.
     */
    public Services(Store store, SpectralIndices indices, SensorProviders sensors) {
        this.store = store;
        this.indices = java.util.Objects.requireNonNull(indices, "indices");
        this.sensors = java.util.Objects.requireNonNull(sensors, "sensors");
        SummaryService summaries = new SummaryService(store.sites(), store.scenes(), store.summaries(), store.files());
        this.scenes = new SceneService(store.scenes(), store.sites(), store.summaries(), store.transactions(), store.writeLock(),
                store.files(), summaries, indices, sensors);
        this.sites = new SiteService(store.sites(), store.summaries(), store.transactions(), store.writeLock(), summaries);
        this.series = new SeriesService(store.sites(), store.scenes(), store.summaries(), store.files());
        this.siteSummaries = new SiteSummaries(series, store.version());
        this.adHocStatistics = new AdHocStatisticsService(store.scenes(), store.files());
        this.mapData = new CatalogMapData(store.scenes(), store.sites(), store.files(), store.version());
        this.maps = new MapRenderer(mapData, indices);
    }

    /**
     * Opens the catalog of {@code config} (its JDBC URL, else the embedded H2 file in the data directory, which is
     * created if missing), removes scene files left by an interrupted ingest, and wires the services.
     */
    public static Services open(AppConfig config) {
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + config.dataDir(), e);
        }
        return new Services(JdbcStore.open(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword(), config.dataDir()), SpectralIndices.defaults(),
                SensorProviders.defaults());
    }

    /** The spectral indices every service computes, stores, serves and accepts as {@code index=}. */
    public SpectralIndices indices() { return indices; }

    /** The sensors scenes may come from, with their parameters. */
    public SensorProviders sensors() { return sensors; }

    public SceneService scenes() { return scenes; }

    public SiteService sites() { return sites; }

    public SeriesService series() { return series; }

    /** Each site's latest point and observation count, per catalog version (site listings). */
    public SiteSummaries siteSummaries() { return siteSummaries; }

    public AdHocStatisticsService adHocStatistics() { return adHocStatistics; }

    public CatalogMapData mapData() { return mapData; }

    public MapRenderer maps() { return maps; }

    /** True when the catalog holds no scene and no site (then {@code serve} loads the samples). */
    public boolean isEmpty() { return scenes.list(null, null, null).isEmpty() && sites.list().isEmpty(); }

    @Override
    public void close() { store.close(); }
}
