package greencover.core.render;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Encodes opaque images as baseline JPEG through the JDK's ImageIO writer. The one JPEG path of the project
 * (maps, tiles, multi-layer stacks, exception images); PNG has its own {@link PngEncoder}.
 */
public final class JpegEncoder {
    /** The quality used for maps: 0.85 (of 0 to 1), where block artefacts on smooth ramps are hard to see. */
    public static final float DEFAULT_QUALITY = 0.85f;

    private JpegEncoder() {}

    /** Encodes {@code argb} (row-major {@code w*h}; alpha is ignored) at {@link #DEFAULT_QUALITY}. */
    public static byte[] encode(int[] argb, int w, int h) {
        return encode(argb, w, h, DEFAULT_QUALITY);
    }

    /**
     * Encodes {@code argb} (row-major {@code w*h} pixels; the alpha byte is ignored, so composite over the
     * background first) at {@code quality} (0 to 1).
     */
    public static byte[] encode(int[] argb, int w, int h, float quality) {
        if (w <= 0 || h <= 0 || (long) w * h != argb.length) {
            throw new IllegalArgumentException("argb must hold " + w + "x" + h + " pixels but had " + argb.length);
        }
        if (!(quality >= 0 && quality <= 1)) throw new IllegalArgumentException("quality must be 0..1 but was " + quality);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        img.getRaster().setDataElements(0, 0, w, h, argb);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
