package greencover.http.ogc;

import greencover.core.raster.IndexCodes;
import greencover.core.raster.IndexRaster;
import greencover.core.raster.RasterGrid;
import greencover.service.map.MapData;
import greencover.service.map.MapScene;
import greencover.service.map.MapSite;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.geotools.api.referencing.crs.CoordinateReferenceSystem;
import org.geotools.referencing.CRS;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * Map data for HTTP tests: two scenes (2024-05-01, 2024-06-01) of one 4×4 NDVI raster of 10 m cells in
 * UTM 50S (EPSG:32750) near Balikpapan, and one square site; {@link #bump()} re-stores both scenes (a new
 * revision) and changes the version, as a re-ingest would.
 * <pre>
 *   NDVI (×10000)   0.1  0.3  0.5  0.7          upper-left corner (500000, 9860000)
 *                   0.1  0.3  0.5  0.7          cells 10 m, so the raster spans 40 m × 40 m
 *                   NODATA ...                  rows 2 and 3 carry no data
 * </pre>
 */
final class TestMapData implements MapData {
    private final AtomicLong version = new AtomicLong(1);
    private final IndexRaster raster = new FixedIndexRaster();
    private volatile List<MapScene> scenes;
    private final List<MapSite> sites;

    TestMapData() {
        scenes = scenes("r1");
        GeometryFactory gf = new GeometryFactory();
        var square = gf.createPolygon(new Coordinate[] {new Coordinate(116.9, -1.3), new Coordinate(117.0, -1.3),
                new Coordinate(117.0, -1.2), new Coordinate(116.9, -1.2), new Coordinate(116.9, -1.3)});
        sites = List.of(new MapSite("site-1", "Site one", square, Map.of("areaM2", 1.0)));
    }

    private List<MapScene> scenes(String revision) {
        return List.of(
                new MapScene("s1", "scene one", LocalDate.of(2024, 5, 1), "sentinel-2", Map.of("ndvi", raster), revision),
                new MapScene("s2", "scene two", LocalDate.of(2024, 6, 1), "sentinel-2", Map.of("ndvi", raster), revision));
    }

    @Override public List<MapScene> scenes() { return scenes; }

    @Override public List<MapSite> sites() { return sites; }

    @Override public long version() { return version.get(); }

    /** Re-stores both scenes under a new revision and changes the version, as a re-ingest does. */
    void bump() {
        scenes = scenes("r" + (version.get() + 1));
        version.incrementAndGet();
    }

    /** A 4×4 in-memory index raster without overviews. */
    static final class FixedIndexRaster implements IndexRaster {
        private final RasterGrid grid = new RasterGrid(4, 4, 500000, 9860000, 10, 10);
        private final short[] values = new short[16];

        FixedIndexRaster() {
            Arrays.fill(values, IndexCodes.NODATA);
            for (int c = 0; c < 4; c++) {
                values[c] = IndexCodes.encode(0.1 + 0.2 * c);
                values[4 + c] = IndexCodes.encode(0.1 + 0.2 * c);
            }
        }

        @Override public RasterGrid grid() { return grid; }

        @Override public CoordinateReferenceSystem crs() {
            try {
                return CRS.decode("EPSG:32750", true);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override public int epsg() { return 32750; }

        @Override public int levelCount() { return 1; }

        @Override public short sample(int level, int col, int row) {
            if (level != 0 || col < 0 || row < 0 || col >= 4 || row >= 4) return IndexCodes.NODATA;
            return values[row * 4 + col];
        }

        @Override public void read(int level, int col0, int row0, int w, int h, short[] out) {
            for (int r = 0; r < h; r++) {
                for (int c = 0; c < w; c++) out[r * w + c] = sample(level, col0 + c, row0 + r);
            }
        }

        @Override public void close() {}
    }
}
