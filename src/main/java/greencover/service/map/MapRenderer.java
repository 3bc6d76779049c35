package greencover.service.map;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import javax.imageio.ImageIO;

/**
 * STUB (to be replaced by the renderer branch): offers layers "ndvi" (styles "rdylgn", "greys") and "sites"
 * ("outline"), validates requests like the real renderer and draws a flat translucent image.
 */
public final class MapRenderer {
    private final MapData data;

    public MapRenderer(MapData data) { this.data = data; }

    public List<MapLayer> layers() {
        TreeSet<LocalDate> dates = new TreeSet<>();
        for (MapScene s : data.scenes()) dates.add(s.date());
        List<LocalDate> d = List.copyOf(dates);
        LocalDate def = dates.isEmpty() ? null : dates.last();
        double[] b = {-180, -85, 180, 85};
        List<MapLayer> out = new ArrayList<>();
        out.add(new MapLayer("ndvi", "NDVI", "Normalised difference vegetation index",
                List.of(new MapStyle("rdylgn", "Red-yellow-green"), new MapStyle("greys", "Greys")), d, def, b,
                List.of(32750), true));
        out.add(new MapLayer("sites", "Sites", "Site outlines", List.of(new MapStyle("outline", "Outline")),
                List.of(), null, b, List.of(), true));
        return out;
    }

    public RenderedMap render(MapRequest r) {
        MapLayer layer = check(r.layer(), r.style(), r.time());
        if (!"image/png".equals(r.format()) && !"image/jpeg".equals(r.format())) {
            throw new MapException("InvalidFormat", "FORMAT", "unsupported format " + r.format());
        }
        BufferedImage img = new BufferedImage(r.width(), r.height(), BufferedImage.TYPE_INT_ARGB);
        if (!touchesData(r)) return new RenderedMap(encode(img, r.format()), r.format(), true);
        Graphics2D g = img.createGraphics();
        g.setColor(layer.name().equals("sites") ? new Color(255, 0, 0, 255) : new Color(0, 160, 0, 128));
        g.fillRect(0, 0, r.width() / 2, r.height() / 2);
        g.dispose();
        return new RenderedMap(encode(img, r.format()), r.format(), false);
    }

    private boolean touchesData(MapRequest r) {
        for (MapScene s : data.scenes()) {
            for (greencover.core.raster.IndexRaster ix : s.indices().values()) {
                var g = ix.grid();
                try {
                    var e = new org.geotools.geometry.jts.ReferencedEnvelope(g.minX(), g.maxX(), g.minY(), g.maxY(),
                            ix.crs()).transform(r.crs(), true);
                    if (e.getMaxX() >= r.minX() && e.getMinX() <= r.maxX() && e.getMaxY() >= r.minY()
                            && e.getMinY() <= r.maxY()) return true;
                } catch (Exception ex) {
                    return true;
                }
            }
        }
        return false;
    }

    public PointInfo pointInfo(MapRequest r, int i, int j) {
        check(r.layer(), r.style(), r.time());
        if (i < 0 || j < 0 || i >= r.width() || j >= r.height()) {
            throw new MapException("InvalidPoint", "I", "point outside the map: " + i + "," + j);
        }
        double x = r.minX() + (i + 0.5) * (r.maxX() - r.minX()) / r.width();
        double y = r.maxY() - (j + 0.5) * (r.maxY() - r.minY()) / r.height();
        return new PointInfo(r.layer(), x, y, java.util.Map.of("value", 0.5));
    }

    public byte[] legend(String layer, String style) {
        check(layer, style, null);
        BufferedImage img = new BufferedImage(120, 40, BufferedImage.TYPE_INT_ARGB);
        return encode(img, "image/png");
    }

    private MapLayer check(String name, String style, String time) {
        MapLayer layer = layers().stream().filter(l -> l.name().equals(name)).findFirst()
                .orElseThrow(() -> new MapException("LayerNotDefined", "LAYERS", "unknown layer " + name));
        if (style != null && !style.isEmpty() && layer.styles().stream().noneMatch(s -> s.name().equals(style))) {
            throw new MapException("StyleNotDefined", "STYLES", "unknown style " + style);
        }
        if (time != null) {
            for (String part : time.split("/")) {
                try {
                    if (part.matches("\\d{4}(-\\d{2})?")) continue;
                    LocalDate.parse(part.length() > 10 ? part.substring(0, 10) : part);
                } catch (DateTimeParseException e) {
                    throw new MapException("InvalidDimensionValue", "TIME", "bad time " + time);
                }
            }
        }
        return layer;
    }

    private static byte[] encode(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BufferedImage src = img;
            if (format.equals("image/jpeg")) {
                src = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
                src.createGraphics().drawImage(img, 0, 0, null);
            }
            ImageIO.write(src, format.equals("image/jpeg") ? "jpeg" : "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
