package greencover.service.map;

import greencover.core.tiles.TargetGrid;
import greencover.service.series.MonthWindow;
import java.util.Objects;
import org.geotools.api.referencing.crs.CoordinateReferenceSystem;
import org.geotools.referencing.CRS;

/**
 * One map image to render, already parsed and checked by the protocol that received it: layer name, style
 * (null = the layer's default), the parsed {@link TimeSelection}, the {@link Composite} rule, the target grid
 * (CRS, bbox in the CRS's east/north order — longitude first for geographic CRSs — and size in pixels, at most
 * {@link #MAX_SIZE_PX} a side), the output {@link ImageFormat}, transparency of pixels without data and the
 * background colour (0xRRGGBB) used where they are not transparent (always for JPEG), and the month window of the
 * change layers' periods (vendor {@code MONTHS=5-9}; {@link MonthWindow#ALL} by default, ignored by other layers).
 *
 * <p>Parsers check sizes against {@link #MAX_SIZE_PX} and report the client's parameter; this constructor only
 * guards the contract (IllegalArgumentException, a programming error).
 */
public record MapRequest(String layer, String style, TimeSelection time, Composite composite, TargetGrid target,
                         ImageFormat format, boolean transparent, int bgColorRgb, MonthWindow months) {

    /** Largest image width or height, in pixels, that any protocol may request. */
    public static final int MAX_SIZE_PX = 4096;

    public MapRequest {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(composite, "composite");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(format, "format");
        if (target.width() > MAX_SIZE_PX || target.height() > MAX_SIZE_PX) {
            throw new IllegalArgumentException("image size must be at most " + MAX_SIZE_PX + " a side but was "
                    + target.width() + "x" + target.height());
        }
        bgColorRgb &= 0xFFFFFF;
        if (months == null) months = MonthWindow.ALL;
    }

    /** A request over every month. */
    public MapRequest(String layer, String style, TimeSelection time, Composite composite, TargetGrid target,
                      ImageFormat format, boolean transparent, int bgColorRgb) {
        this(layer, style, time, composite, target, format, transparent, bgColorRgb, MonthWindow.ALL);
    }

    public CoordinateReferenceSystem crs() { return target.crs(); }

    public double minX() { return target.minX(); }

    public double minY() { return target.minY(); }

    public double maxX() { return target.maxX(); }

    public double maxY() { return target.maxY(); }

    public int width() { return target.width(); }

    public int height() { return target.height(); }

    /** The same request for another layer, style and time (the map part of GetFeatureInfo, layer stacks). */
    public MapRequest withLayer(String layer, String style, TimeSelection time) {
        return new MapRequest(layer, style, time, composite, target, format, transparent, bgColorRgb, months);
    }

    /** The same request encoded as {@code format}. */
    public MapRequest withFormat(ImageFormat format) {
        return new MapRequest(layer, style, time, composite, target, format, transparent, bgColorRgb, months);
    }

    /** The same request with the change layers' month window {@code months}. */
    public MapRequest withMonths(MonthWindow months) {
        return new MapRequest(layer, style, time, composite, target, format, transparent, bgColorRgb, months);
    }

    /**
     * The canonical text of everything that changes the image: equal for requests that render the same bytes
     * whichever protocol built them (so WMTS and XYZ share tiles and ETags, and {@code TIME=2024} and
     * {@code TIME=2024-01-01/2024-12-31} share an entry).
     */
    public String key() {
        return layer + ',' + (style == null ? "" : style) + ',' + time.key() + ',' + composite.key() + ','
                + CRS.toSRS(target.crs()) + ',' + target.minX() + ',' + target.minY() + ',' + target.maxX() + ','
                + target.maxY() + ',' + target.width() + 'x' + target.height() + ',' + format.mimeType() + ','
                + transparent + ',' + Integer.toHexString(bgColorRgb) + (months.equals(MonthWindow.ALL) ? "" : ",months=" + months);
    }
}
