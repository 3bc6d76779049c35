package greencover.core.raster;

import java.util.Locale;
import javax.imageio.metadata.IIOMetadataNode;
import org.geotools.api.referencing.crs.CoordinateReferenceSystem;
import org.geotools.api.referencing.crs.ProjectedCRS;
import org.geotools.coverage.grid.io.imageio.geotiff.GeoKeyEntry;
import org.geotools.coverage.grid.io.imageio.geotiff.GeoTiffIIOMetadataDecoder;
import org.geotools.referencing.CRS;
import org.geotools.referencing.datum.DefaultGeodeticDatum;
import org.w3c.dom.Node;

/**
 * The datum shift to WGS 84 a GeoTIFF declares in GeogTOWGS84GeoKey (2062: 3 or 7 Helmert parameters, position
 * vector convention, as GDAL writes them for a user-defined datum), which GeoTools' GeoTIFF reader does not read.
 * Without it a CRS on a local datum (UTM on International 1924 with a shift of −146, −507, −232 m) is converted to
 * WGS 84 as if the datums coincided, and the site lands some 375 m off its place in the scene. With it, the CRS is
 * rebuilt from its WKT with {@code TOWGS84[...]} in its datum, so every transform applies the shift.
 */
final class DatumShift {
    private static final int TOWGS84_KEY = 2062, DOUBLE_PARAMS = 34736;

    private DatumShift() { }

    /**
     * {@code crs} with the shift {@code md} declares, or {@code crs} itself when the file declares none, the datum
     * already carries one, or the CRS is not projected.
     *
     * @throws IllegalArgumentException when the declared shift is malformed or GeoTools cannot build the CRS with it
     */
    static CoordinateReferenceSystem apply(CoordinateReferenceSystem crs, GeoTiffIIOMetadataDecoder md) {
        if (!(crs instanceof ProjectedCRS p) || md == null) return crs;
        double[] shift = declared(md);
        if (shift == null) return crs;
        if (p.getDatum() instanceof DefaultGeodeticDatum d && d.getBursaWolfParameters().length > 0) return crs;
        String wkt = crs.toWKT();
        int datum = wkt.indexOf("DATUM[");
        int spheroid = datum < 0 ? -1 : wkt.indexOf("SPHEROID[", datum);
        int end = spheroid < 0 ? -1 : closing(wkt, spheroid + "SPHEROID".length());
        if (end < 0) throw new IllegalArgumentException("the CRS's WKT has no datum with a spheroid: " + wkt);
        StringBuilder t = new StringBuilder(", TOWGS84[");
        for (int i = 0; i < 7; i++) t.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.10g", i < shift.length ? shift[i] : 0));
        t.append(']');
        try {
            return CRS.parseWKT(wkt.substring(0, end + 1) + t + wkt.substring(end + 1));
        } catch (Exception e) {
            throw new IllegalArgumentException("GeoTools cannot build the CRS with its declared TOWGS84 " + t.substring(2)
                    + ": " + e.getMessage(), e);
        }
    }

    /** The 3 or 7 values of GeogTOWGS84GeoKey, or null when the file has none. */
    static double[] declared(GeoTiffIIOMetadataDecoder md) {
        GeoKeyEntry e = md.getGeoKeyRecord(TOWGS84_KEY);
        if (e == null) return null;
        if (e.getTiffTagLocation() != DOUBLE_PARAMS || (e.getCount() != 3 && e.getCount() != 7)) {
            throw new IllegalArgumentException("GeogTOWGS84GeoKey must hold 3 or 7 doubles but has " + e.getCount()
                    + " values in tag " + e.getTiffTagLocation());
        }
        double[] all = doubles(md.getRootNode());
        int from = e.getValueOffset(), n = e.getCount();
        if (all == null || from < 0 || from + n > all.length) {
            throw new IllegalArgumentException("GeogTOWGS84GeoKey points past the end of GeoDoubleParams");
        }
        double[] v = new double[n];
        System.arraycopy(all, from, v, 0, n);
        for (double x : v) if (!Double.isFinite(x)) throw new IllegalArgumentException("GeogTOWGS84GeoKey holds " + x);
        return v;
    }

    /** The GeoDoubleParams values in the TIFF metadata tree, or null. */
    private static double[] doubles(IIOMetadataNode root) {
        Node field = find(root, "TIFFField", Integer.toString(DOUBLE_PARAMS));
        if (field == null) return null;
        Node list = field.getFirstChild(); // TIFFDoubles
        if (list == null) return null;
        int n = list.getChildNodes().getLength();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            Node v = list.getChildNodes().item(i).getAttributes().getNamedItem("value");
            out[i] = v == null ? Double.NaN : Double.parseDouble(v.getNodeValue());
        }
        return out;
    }

    private static Node find(Node n, String name, String number) {
        if (name.equals(n.getNodeName()) && n.getAttributes() != null && n.getAttributes().getNamedItem("number") != null
                && number.equals(n.getAttributes().getNamedItem("number").getNodeValue())) return n;
        for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) {
            Node f = find(c, name, number);
            if (f != null) return f;
        }
        return null;
    }

    /** The index of the bracket closing the one at {@code open}. */
    private static int closing(String s, int open) {
        int depth = 0;
        boolean quoted = false;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') quoted = !quoted;
            if (quoted) continue;
            if (c == '[') depth++;
            else if (c == ']' && --depth == 0) return i;
        }
        return -1;
    }
}
