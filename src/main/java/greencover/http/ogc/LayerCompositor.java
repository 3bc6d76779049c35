package greencover.http.ogc;

import greencover.service.map.MapRenderer;
import greencover.service.map.MapRequest;
import greencover.service.map.RenderedMap;
import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws several rendered layers on top of each other (first at the bottom): each is rendered as a transparent
 * PNG, then drawn over the background (clear when the request is transparent PNG) and encoded once in the
 * requested format.
 */
final class LayerCompositor {
    private LayerCompositor() {}

    static RenderedMap composite(MapRenderer renderer, List<MapRequest> requests) {
        MapRequest first = requests.get(0);
        boolean jpeg = first.format().equals("image/jpeg");
        boolean clear = first.transparent() && !jpeg;
        BufferedImage canvas = new BufferedImage(first.width(), first.height(),
                jpeg ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = canvas.createGraphics();
        try {
            if (!clear) {
                g.setColor(new Color(first.bgColorRgb()));
                g.fillRect(0, 0, first.width(), first.height());
            }
            g.setComposite(AlphaComposite.SrcOver);
            boolean empty = true;
            for (MapRequest r : requests) {
                MapRequest layer = new MapRequest(r.layer(), r.style(), r.time(), r.composite(), r.crs(), r.minX(),
                        r.minY(), r.maxX(), r.maxY(), r.width(), r.height(), "image/png", true, r.bgColorRgb());
                RenderedMap m = renderer.render(layer);
                empty &= m.empty();
                g.drawImage(decode(m.bytes()), 0, 0, null);
            }
            return new RenderedMap(encode(canvas, jpeg), first.format(), empty);
        } finally {
            g.dispose();
        }
    }

    private static BufferedImage decode(byte[] bytes) {
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
            if (img == null) throw new IllegalStateException("renderer returned bytes that are not an image");
            return img;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] encode(BufferedImage img, boolean jpeg) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, jpeg ? "jpeg" : "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
