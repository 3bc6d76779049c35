package greencover.service.map;

import greencover.core.render.JpegEncoder;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Draws several layers on top of each other (first at the bottom) into one image: each layer's styled ARGB
 * pixels are composited in memory with the source-over rule over the background (clear for a transparent PNG,
 * else the request's background colour), and the result is encoded once, as RGBA PNG or as JPEG. No layer is
 * encoded or decoded on the way.
 */
public final class LayerStack {
    private final MapRenderer renderer;

    public LayerStack(MapRenderer renderer) {
        this.renderer = Objects.requireNonNull(renderer, "renderer");
    }

    /**
     * Renders {@code layers} (bottom first) into one image.
     *
     * @param layers at least one; all share target grid, format, transparency and background
     * @throws MapRequestException as {@link MapRenderer#render} does for any layer
     */
    public RenderedMap render(List<MapRequest> layers) { return render(renderer.snapshot(), layers); }

    /** Renders {@code layers} (bottom first) from the data of {@code cat}. */
    RenderedMap render(LayerCatalog cat, List<MapRequest> layers) {
        if (layers.isEmpty()) throw new IllegalArgumentException("layers must not be empty");
        MapRequest first = layers.get(0);
        for (MapRequest r : layers) {
            if (!r.target().equals(first.target()) || r.format() != first.format()
                    || r.transparent() != first.transparent() || r.bgColorRgb() != first.bgColorRgb()) {
                throw new IllegalArgumentException("the layers of a stack must share grid, format and background");
            }
        }
        int w = first.width(), h = first.height();
        boolean jpeg = first.format() == ImageFormat.JPEG;
        int[] canvas = new int[w * h];
        if (jpeg || !first.transparent()) Arrays.fill(canvas, 0xFF000000 | first.bgColorRgb());
        boolean empty = true;
        for (MapRequest r : layers) {
            MapRenderer.LayerPixels layer = renderer.pixels(cat, r);
            empty &= layer.empty();
            over(layer.argb(), canvas);
        }
        byte[] bytes = jpeg ? JpegEncoder.encode(canvas, w, h)
                : renderer.png().encode(canvas, w, h);
        return new RenderedMap(bytes, first.format().mimeType(), empty);
    }

    /** Draws {@code src} over {@code dst} in place, pixel by pixel ({@link #over(int, int)}). */
    static void over(int[] src, int[] dst) {
        for (int p = 0; p < dst.length; p++) {
            int s = src[p];
            int a = s >>> 24;
            if (a == 255) dst[p] = s;
            else if (a != 0) dst[p] = over(s, dst[p]);
        }
    }

    /**
     * The non-premultiplied source-over of two ARGB colours: alpha αs + αd(1 − αs), each channel
     * (cs·αs + cd·αd(1 − αs)) / α, rounded to the nearest byte; a clear result is 0.
     */
    static int over(int src, int dst) {
        int sa = src >>> 24, da = dst >>> 24;
        int ws = sa * 255, wd = da * (255 - sa), total = ws + wd;   // channel weights, in 1/65025
        if (total == 0) return 0;
        int half = total / 2;
        int r = (((src >> 16) & 0xFF) * ws + ((dst >> 16) & 0xFF) * wd + half) / total;
        int g = (((src >> 8) & 0xFF) * ws + ((dst >> 8) & 0xFF) * wd + half) / total;
        int b = ((src & 0xFF) * ws + (dst & 0xFF) * wd + half) / total;
        int a = (total + 127) / 255;
        return a << 24 | r << 16 | g << 8 | b;
    }
}
