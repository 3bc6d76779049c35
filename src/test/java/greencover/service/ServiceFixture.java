package greencover.service;

import greencover.app.Services;
import greencover.core.index.SpectralIndices;
import greencover.core.raster.BandRole;
import greencover.domain.Scene;
import greencover.store.Store;
import greencover.store.memory.MemoryStore;
import greencover.testing.TestTiffs;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;

/**
 * The services over an in-memory catalog (scene files in a temporary folder), with real GeoTIFF scenes: 4 x 4
 * pixels of 10 m in EPSG:32650 whose upper-left corner is ({@code minX}, 2800000), Sentinel-2 DNs before baseline
 * 04.00 (reflectance × 10000, no offset: dates before 2022-01-25), one value per column.
 */
final class ServiceFixture implements AutoCloseable {
    final Path dir;
    final Store store;
    final Services services;
    private int files;

    ServiceFixture(Path dir) {
        this.dir = dir;
        this.store = MemoryStore.open(dir.resolve("data"));
        this.services = new Services(store, SpectralIndices.defaults(), greencover.core.raster.SensorProviders.defaults());
    }

    /** Ingests a scene with the given red and NIR DNs per column (4 columns). */
    Scene ingest(String date, double minX, int[] red, int[] nir) throws Exception {
        Path r = TestTiffs.write(dir.resolve("b" + (++files) + ".tif"), 32650, minX, 2800000, 10, new int[][][] {TestTiffs.columns(4, red)});
        Path n = TestTiffs.write(dir.resolve("b" + (++files) + ".tif"), 32650, minX, 2800000, 10, new int[][][] {TestTiffs.columns(4, nir)});
        IngestRequest req = new IngestRequest(List.of(new BandInput(BandRole.RED, r, 0, "red"), new BandInput(BandRole.NIR, n, 0, "nir")),
                "sentinel2-l2a", date, "scene-" + files, null);
        return services.scenes().ingest(req, null).scene();
    }

    /** NDVI 0.8 in every column (red 0.05, NIR 0.45). */
    Scene ingestGreen(String date, double minX) throws Exception {
        return ingest(date, minX, new int[] {500, 500, 500, 500}, new int[] {4500, 4500, 4500, 4500});
    }

    /** NDVI 0.1 in every column (red 0.18, NIR 0.22). */
    Scene ingestBare(String date, double minX) throws Exception {
        return ingest(date, minX, new int[] {1800, 1800, 1800, 1800}, new int[] {2200, 2200, 2200, 2200});
    }

    /** NDVI 0.1 (as {@link #ingestBare}) in the three eastern columns; the western column is no data (DN 0). */
    Scene ingestBareWithWestNodata(String date, double minX) throws Exception {
        return ingest(date, minX, new int[] {0, 1800, 1800, 1800}, new int[] {0, 2200, 2200, 2200});
    }

    /** A site draft: the rectangle [x0, x1] × [y0, y1] in metres of EPSG:32650, in WGS84. */
    static SiteDraft rectangle(String id, double x0, double y0, double x1, double y1) {
        Geometry r = Geo.FACTORY.createPolygon(new Coordinate[] {new Coordinate(x0, y0), new Coordinate(x1, y0),
                new Coordinate(x1, y1), new Coordinate(x0, y1), new Coordinate(x0, y0)});
        return new SiteDraft(id, null, Geo.toWgs84(r, 32650), null, null, null, null, Map.of());
    }

    @Override
    public void close() { services.close(); }
}
