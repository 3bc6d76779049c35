package greencover.http;

import greencover.catalog.Catalog;
import greencover.core.index.SpectralIndices;
import greencover.service.DataStore;
import greencover.service.SceneService;
import greencover.service.SeriesService;
import greencover.service.SiteService;
import greencover.service.SummaryService;
import greencover.service.map.CatalogMapData;
import greencover.service.map.MapRenderer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** The services the HTTP layer calls, wired over one data directory and catalog. */
public record Services(DataStore store, SceneService scenes, SiteService sites, SeriesService series,
                       CatalogMapData mapData, MapRenderer maps) implements AutoCloseable {

    public static Services open(ServerConfig cfg) {
        try {
            Files.createDirectories(cfg.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + cfg.dataDir(), e);
        }
        Catalog catalog = cfg.jdbcUrl() == null ? Catalog.h2(cfg.dataDir())
                : new Catalog(cfg.jdbcUrl(), cfg.jdbcUser(), cfg.jdbcPassword());
        DataStore store = new DataStore(cfg.dataDir(), catalog);
        store.removeOrphans();
        SpectralIndices indices = SpectralIndices.defaults();
        SummaryService summaries = new SummaryService(store);
        SeriesService series = new SeriesService(store, indices);
        CatalogMapData mapData = new CatalogMapData(store, series);
        return new Services(store, new SceneService(store, summaries, indices), new SiteService(store, summaries),
                series, mapData, new MapRenderer(mapData, indices));
    }

    @Override
    public void close() { store.close(); }
}
