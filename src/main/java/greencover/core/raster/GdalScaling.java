package greencover.core.raster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scale and offset a GeoTIFF declares for one band in GDAL's metadata (TIFF tag {@code GDAL_METADATA}, 42112:
 * {@code <Item name="SCALE" sample="0" role="scale">0.0001</Item>} and the same with {@code OFFSET}), by which
 * value = DN × scale + offset. Earth Search and GDAL-written Sentinel-2 COGs carry them.
 *
 * @param scale  the declared scale (1 when only an offset is declared)
 * @param offset the declared offset in value units (0 when only a scale is declared)
 */
public record GdalScaling(double scale, double offset) {
    private static final Pattern ITEM = Pattern.compile("<Item\\s+([^>]*)>([^<]*)</Item>");
    private static final Pattern ATTR = Pattern.compile("(\\w+)\\s*=\\s*\"([^\"]*)\"");

    /**
     * The scaling declared for band {@code band} (0-based) of {@code file}, or null when the file declares none.
     * Reads only the header, after the same checks as {@link GeoTiffSource#open} (a hostile header is refused).
     *
     * @throws RasterFormatException for {@code field} when the header is unusable or declares a scale or offset that
     *         is not a finite number
     */
    public static GdalScaling of(Path file, int band, String field) {
        String xml;
        try {
            xml = TiffHeader.check(file, field);
        } catch (IOException e) {
            throw new RasterFormatException(field, field + ": the TIFF structure cannot be read (file too short?)", e);
        }
        return xml == null ? null : parse(xml, band, field);
    }

    /** The scaling of band {@code band} in GDAL metadata XML {@code xml}; items without {@code sample} apply to every band. */
    static GdalScaling parse(String xml, int band, String field) {
        Double scale = null, offset = null;
        Matcher m = ITEM.matcher(xml);
        while (m.find()) {
            String name = null, sample = null;
            Matcher a = ATTR.matcher(m.group(1));
            while (a.find()) {
                if (a.group(1).equals("name")) name = a.group(2);
                if (a.group(1).equals("sample")) sample = a.group(2).trim();
            }
            if (name == null || (sample != null && !sample.equals(Integer.toString(band)))) continue;
            String key = name.toUpperCase(Locale.ROOT);
            if (!key.equals("SCALE") && !key.equals("OFFSET")) continue;
            double v;
            try {
                v = Double.parseDouble(m.group(2).trim());
            } catch (NumberFormatException e) {
                v = Double.NaN;
            }
            if (!Double.isFinite(v)) {
                throw new RasterFormatException(RasterFormatException.Reason.UNUSABLE, "invalid_metadata", field, field
                        + ": its GDAL metadata declares " + key + " '" + m.group(2).trim() + "', which is not a finite number", null);
            }
            if (key.equals("SCALE")) scale = v;
            else offset = v;
        }
        if (scale == null && offset == null) return null;
        return new GdalScaling(scale == null ? 1 : scale, offset == null ? 0 : offset);
    }
}
