package greencover.core.raster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.geotools.api.referencing.crs.CoordinateReferenceSystem;
import org.geotools.coverage.grid.io.imageio.geotiff.CRS2GeoTiffMetadataAdapter;
import org.geotools.coverage.grid.io.imageio.geotiff.GeoKeyEntry;
import org.geotools.coverage.grid.io.imageio.geotiff.GeoTiffIIOMetadataEncoder;

/**
 * The GeoTIFF georeferencing keys of a projected CRS, as the three TIFF tags GeoKeyDirectory (34735),
 * GeoDoubleParams (34736) and GeoAsciiParams (34737) hold them (GeoTIFF 1.0, OGC 19-008): for a CRS with an EPSG
 * code the code alone (ProjectedCSTypeGeoKey), for any other the projection, its parameters, datum and units as
 * user-defined keys encoded by GeoTools, which GDAL, QGIS and GeoTools read back.
 *
 * @param keys    the GeoKeyDirectory shorts: the header (1, 1, 0, count) then count entries of four
 * @param doubles the GeoDoubleParams values (empty when none)
 * @param ascii   the GeoAsciiParams text, each value ending in {@code |} (empty when none)
 */
public record GeoKeyDirectory(int[] keys, double[] doubles, String ascii) {
    private static final int MODEL_TYPE = 1024, RASTER_TYPE = 1025, PROJECTED_CS_TYPE = 3072, USER_DEFINED = 32767;
    private static final int DOUBLE_PARAMS = 34736, ASCII_PARAMS = 34737;

    public GeoKeyDirectory {
        keys = keys.clone();
        doubles = doubles.clone();
        if (ascii == null) ascii = "";
    }

    /** The keys of EPSG:{@code epsg} (projected, pixel is area). */
    public static GeoKeyDirectory ofEpsg(int epsg) {
        if (epsg <= 0 || epsg >= USER_DEFINED) throw new IllegalArgumentException("epsg must be in 1..32766 but was " + epsg);
        return new GeoKeyDirectory(new int[] {1, 1, 0, 3, MODEL_TYPE, 0, 1, 1, RASTER_TYPE, 0, 1, 1, PROJECTED_CS_TYPE, 0, 1, epsg},
                new double[0], "");
    }

    /**
     * The keys of {@code crs}: {@link #ofEpsg} when {@code epsg} is a code GeoTIFF can carry (1..32766), else the
     * user-defined keys GeoTools encodes for it.
     *
     * @throws IllegalArgumentException when GeoTools cannot express {@code crs} in GeoKeys
     */
    public static GeoKeyDirectory of(CoordinateReferenceSystem crs, int epsg) {
        if (epsg > 0 && epsg < USER_DEFINED) return ofEpsg(epsg);
        GeoTiffIIOMetadataEncoder enc;
        try {
            enc = new CRS2GeoTiffMetadataAdapter(crs).parseCoordinateReferenceSystem();
        } catch (Exception | LinkageError e) {
            throw new IllegalArgumentException("the CRS " + crs.getName() + " cannot be written as GeoTIFF keys: " + e.getMessage(), e);
        }
        int n = enc.getNumGeoKeyEntries();
        List<int[]> entries = new ArrayList<>();
        List<Double> doubles = new ArrayList<>();
        StringBuilder ascii = new StringBuilder();
        for (int i = 0; i < n; i++) {
            GeoKeyEntry e = enc.getGeoKeyEntryAt(i);
            int id = e.getKeyID();
            if (id < 1024) continue; // the header entry
            int loc = e.getTiffTagLocation();
            if (loc == 0) {
                entries.add(new int[] {id, 0, 1, e.getValueOffset()});
            } else if (loc == DOUBLE_PARAMS) {
                double[] v = enc.getGeoDoubleParams(id);
                entries.add(new int[] {id, DOUBLE_PARAMS, v.length, doubles.size()});
                for (double d : v) doubles.add(d);
            } else if (loc == ASCII_PARAMS) {
                String s = enc.getGeoAsciiParam(id);
                if (s == null) continue;
                entries.add(new int[] {id, ASCII_PARAMS, s.length() + 1, ascii.length()});
                ascii.append(s).append('|');
            }
        }
        entries.sort((a, b) -> Integer.compare(a[0], b[0]));
        int[] keys = new int[4 + 4 * entries.size()];
        keys[0] = 1;
        keys[1] = 1;
        keys[2] = 0;
        keys[3] = entries.size();
        for (int i = 0; i < entries.size(); i++) System.arraycopy(entries.get(i), 0, keys, 4 + 4 * i, 4);
        return new GeoKeyDirectory(keys, doubles.stream().mapToDouble(Double::doubleValue).toArray(), ascii.toString());
    }

    /** The EPSG code in ProjectedCSTypeGeoKey, or 0 when the CRS is user-defined. */
    public int epsg() {
        for (int k = 4; k + 3 < keys.length; k += 4) {
            if (keys[k] == PROJECTED_CS_TYPE && keys[k + 1] == 0 && keys[k + 3] != USER_DEFINED) return keys[k + 3];
        }
        return 0;
    }

    @Override public int[] keys() { return keys.clone(); }

    @Override public double[] doubles() { return doubles.clone(); }

    @Override public boolean equals(Object o) {
        return o instanceof GeoKeyDirectory g && Arrays.equals(keys, g.keys) && Arrays.equals(doubles, g.doubles) && ascii.equals(g.ascii);
    }

    @Override public int hashCode() { return 31 * (31 * Arrays.hashCode(keys) + Arrays.hashCode(doubles)) + ascii.hashCode(); }

    @Override public String toString() { return "GeoKeyDirectory" + Arrays.toString(keys); }
}
