package greencover.service.map;

import greencover.core.raster.IndexRaster;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;

/**
 * A stored scene as the map renderer sees it: its acquisition date, sensor id and one
 * {@link IndexRaster} per available index key ("ndvi" always; "savi", "msavi2", "evi", "ndmi" when the
 * bands allowed them), and its {@code revision}: a text that differs whenever the stored rasters of an id can
 * differ (the catalog's content hash, which covers the files and the settings they were converted with). Cache
 * keys of maps name the id and revision of every scene a map reads, so a map is rendered again exactly when one of
 * its scenes changes. The rasters stay owned by the catalog; the renderer must not close them.
 */
public record MapScene(String id, String name, LocalDate date, String sensor, Map<String, IndexRaster> indices,
                       String revision) {
    public MapScene {
        Objects.requireNonNull(id, "id");
        if (revision == null) revision = "";
    }

    /** A scene whose rasters never change under its id (in-memory data, tests). */
    public MapScene(String id, String name, LocalDate date, String sensor, Map<String, IndexRaster> indices) {
        this(id, name, date, sensor, indices, "");
    }
}
