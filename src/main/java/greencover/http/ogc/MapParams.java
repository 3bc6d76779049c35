package greencover.http.ogc;

import greencover.service.map.Composite;
import greencover.service.map.ImageFormat;
import greencover.service.map.MapLayer;
import greencover.service.map.MapRequestException;
import greencover.service.map.MapRequestException.Reason;
import greencover.service.map.MapStyle;
import greencover.service.map.TimeSelection;
import java.util.Locale;

/**
 * The map parameters WMS, WMTS and XYZ share, parsed one way for all three: style, TIME, composite, the change layers'
 * month window, image format, transparency and background colour. Each method takes the parameter's name as the client wrote it
 * ({@code STYLES}, {@code STYLE}, {@code style}...) and reports it as the exception's parameter.
 */
public final class MapParams {
    private MapParams() {}

    /**
     * A style of {@code layer}: null for the default (absent, empty or {@code default}), else its name.
     *
     * @throws MapRequestException {@link Reason#STYLE_NOT_DEFINED}
     */
    public static String style(String style, MapLayer layer, String parameter) {
        if (style == null || style.isEmpty() || style.equalsIgnoreCase("default")) return null;
        if (layer.styles().stream().noneMatch(s -> s.name().equals(style))) {
            throw new MapRequestException(Reason.STYLE_NOT_DEFINED, parameter, "Invalid '" + parameter
                    + "' parameter: style '" + style + "' is not defined for layer '" + layer.name() + "'. Styles: "
                    + String.join(", ", layer.styles().stream().map(MapStyle::name).toList()));
        }
        return style;
    }

    /**
     * The TIME of {@code layer} ({@link TimeSelection#parse}, with the layer's time mode).
     *
     * @throws MapRequestException {@link Reason#INVALID_TIME}
     */
    public static TimeSelection time(String time, MapLayer layer, String parameter) {
        return TimeSelection.parse(time, layer.timeMode(), parameter);
    }

    /**
     * The vendor COMPOSITE parameter: absent or {@code latest} (any case) is {@link Composite#LATEST}, {@code max}
     * is {@link Composite#MAX}.
     *
     * @throws MapRequestException {@link Reason#INVALID_PARAMETER}
     */
    public static Composite composite(String value, String parameter) {
        if (value == null || value.isBlank()) return Composite.LATEST;
        String c = value.trim().toLowerCase(Locale.ROOT);
        if (c.equals("latest")) return Composite.LATEST;
        if (c.equals("max")) return Composite.MAX;
        throw MapRequestException.invalid(parameter, "Invalid '" + parameter + "' parameter: " + value
                + ". Allowed: latest, max");
    }

    /**
     * The vendor MONTHS parameter of the change layers: a month window {@code 5-9} (or one month, {@code 7}) that both
     * periods of a change take their scenes from, as the change route's {@code months}; absent is every month.
     *
     * @throws MapRequestException {@link Reason#INVALID_PARAMETER} naming {@code parameter}
     */
    public static greencover.service.series.MonthWindow months(String value, String parameter) {
        try {
            return greencover.service.series.MonthWindow.parse(value);
        } catch (greencover.service.error.InvalidInputException e) {
            throw MapRequestException.invalid(parameter, "Invalid '" + parameter + "' parameter: " + e.getMessage());
        }
    }

    /**
     * An image format: PNG for {@code image/png} (also with parameters such as {@code ; mode=8bit},
     * {@code image/png8}, {@code png}), JPEG for {@code image/jpeg} ({@code image/jpg}, {@code jpeg}, {@code jpg}).
     *
     * @throws MapRequestException {@link Reason#INVALID_FORMAT}
     */
    public static ImageFormat format(String format, String parameter) {
        String f = format.toLowerCase(Locale.ROOT).replace(" ", "");
        if (f.equals("image/png") || f.startsWith("image/png;") || f.equals("image/png8") || f.equals("png")) {
            return ImageFormat.PNG;
        }
        if (f.equals("image/jpeg") || f.equals("image/jpg") || f.equals("jpeg") || f.equals("jpg")) {
            return ImageFormat.JPEG;
        }
        throw new MapRequestException(Reason.INVALID_FORMAT, parameter, "Invalid '" + parameter + "' parameter: "
                + format + ". Allowed formats: image/png, image/jpeg");
    }

    /**
     * TRUE or FALSE (any case); absent is false.
     *
     * @throws MapRequestException {@link Reason#INVALID_PARAMETER}
     */
    public static boolean bool(String value, String parameter) {
        if (value == null || value.equalsIgnoreCase("FALSE")) return false;
        if (value.equalsIgnoreCase("TRUE")) return true;
        throw MapRequestException.invalid(parameter, "Invalid '" + parameter + "' parameter: " + value
                + ". Use TRUE or FALSE");
    }

    /**
     * A colour 0xRRGGBB (also #RRGGBB); white when absent.
     *
     * @throws MapRequestException {@link Reason#INVALID_PARAMETER}
     */
    public static int bgColor(String value, String parameter) {
        if (value == null) return 0xFFFFFF;
        String hex = value.startsWith("0x") || value.startsWith("0X") ? value.substring(2)
                : value.startsWith("#") ? value.substring(1) : null;
        if (hex != null && hex.length() == 6) {
            try {
                return Integer.parseInt(hex, 16);
            } catch (NumberFormatException ignored) {
                // falls through to the exception
            }
        }
        throw MapRequestException.invalid(parameter, "Invalid '" + parameter + "' parameter: " + value
                + ". Expected 0xRRGGBB");
    }
}
