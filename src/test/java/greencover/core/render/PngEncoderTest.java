package greencover.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngEncoderTest {

    private static BufferedImage decode(byte[] png) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(img).isNotNull();
        return img;
    }

    @Test
    void rgbaImageDecodesToTheSamePixels() throws IOException {
        int[] argb = {
            0xFF000000, 0x80FF0000, 0x00000000,
            0xFF102030, 0xFF112233, 0x7F00FF7F,
        };
        for (int level : new int[] {0, 1, 9}) {
            BufferedImage img = decode(PngEncoder.encode(argb, 3, 2, level));
            assertThat(img.getWidth()).isEqualTo(3);
            assertThat(img.getHeight()).isEqualTo(2);
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 3; x++) {
                    assertThat(img.getRGB(x, y)).as("pixel %d,%d level %d", x, y, level).isEqualTo(argb[y * 3 + x]);
                }
            }
        }
    }

    @Test
    void opaqueAndFullyTransparentPixelsDecodeThroughAColourKey() throws IOException {
        // black is used by an opaque pixel, so the key must be another colour; transparent pixels keep alpha 0
        int[] argb = {0xFF000000, 0x00000000, 0xFF8C510A, 0x00000000, 0xFF006837, 0xFFFFFFFF};
        byte[] png = PngEncoder.encode(argb, 3, 2, 1);
        assertThat(new String(png, 37, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("tRNS");
        BufferedImage img = decode(png);
        for (int p = 0; p < argb.length; p++) {
            int actual = img.getRGB(p % 3, p / 3);
            if (argb[p] >>> 24 == 0) assertThat(actual >>> 24).isZero();
            else assertThat(actual).isEqualTo(argb[p]);
        }
    }

    @Test
    void opaqueImageDecodesToTheSamePixels() throws IOException {
        int[] argb = new int[40 * 30];
        for (int i = 0; i < argb.length; i++) argb[i] = 0xFF000000 | ((i * 7919) & 0xFFFFFF);
        BufferedImage img = decode(PngEncoder.encode(argb, 40, 30, 1));
        assertThat(img.getColorModel().hasAlpha()).isFalse();
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) assertThat(img.getRGB(x, y)).isEqualTo(argb[y * 40 + x]);
        }
    }

    @Test
    void paletteImageWithTransparencyDecodesToThePaletteColours() throws IOException {
        int[] palette = {0x00000000, 0xFFD2B48C, 0xFF1E7B34};
        byte[] idx = {0, 1, 2, 2, 1, 0};
        BufferedImage img = decode(PngEncoder.encodePalette(idx, palette, 2, 3, 1));
        assertThat(img.getWidth()).isEqualTo(2);
        assertThat(img.getHeight()).isEqualTo(3);
        for (int p = 0; p < idx.length; p++) {
            int expected = palette[idx[p]];
            int actual = img.getRGB(p % 2, p / 2);
            if (expected >>> 24 == 0) assertThat(actual >>> 24).isZero();
            else assertThat(actual).isEqualTo(expected);
        }
    }

    /** Indices whose rows differ from the row above almost everywhere: the Huffman-only path. */
    @Test
    void noisyPaletteImageDecodesToItsIndices() throws IOException {
        int[] palette = new int[256];
        for (int i = 1; i < 256; i++) palette[i] = 0xFF000000 | (i << 16) | ((255 - i) << 8);
        byte[] idx = new byte[64 * 48];
        for (int p = 0; p < idx.length; p++) idx[p] = (byte) (1 + (p * 7919 + p / 64 * 31) % 255);
        assertDecodesTo(PngEncoder.encodePalette(idx, palette, 64, 48, 1), idx, palette, 64, 48);
    }

    /** Vertical stripes: every filtered byte below the first row is 0, the LZ77 path. */
    @Test
    void stripedPaletteImageDecodesToItsIndices() throws IOException {
        int[] palette = {0x00000000, 0xFFD2B48C, 0xFF1E7B34};
        byte[] idx = new byte[50 * 40];
        for (int p = 0; p < idx.length; p++) idx[p] = (byte) (p % 50 / 10 % 3);
        byte[] png = PngEncoder.encodePalette(idx, palette, 50, 40, 1);
        assertDecodesTo(png, idx, palette, 50, 40);
        assertThat(png.length).as("runs compress").isLessThan(300);
        // an encoder's reused deflater starts afresh: the same image gives the same bytes, also after another image
        try (PngEncoder encoder = new PngEncoder(1, 1)) {
            assertThat(encoder.encodePalette(idx, palette, 50, 40)).isEqualTo(png);
            encoder.encode(new int[] {0xFF102030, 0x80FFFFFF}, 2, 1);
            assertThat(encoder.encodePalette(idx, palette, 50, 40)).isEqualTo(png);
        }
        assertDecodesTo(PngEncoder.encodePalette(idx, palette, 50, 40, 0), idx, palette, 50, 40);
    }

    /**
     * Four threads share one encoder with a single idle workspace, each encoding its own striped image (its own
     * stripe width) 200 times: every result equals the one-shot encoding of that thread's image, so no image ever
     * sees another's deflater state or row buffer.
     */
    @Test
    void concurrentImagesOnOneEncoderNeverShareState() throws Exception {
        int[] palette = {0x00000000, 0xFFD2B48C, 0xFF1E7B34, 0xFF0000FF};
        int threads = 4, w = 64, h = 48;
        byte[][] images = new byte[threads][w * h];
        byte[][] expected = new byte[threads][];
        for (int t = 0; t < threads; t++) {
            for (int p = 0; p < w * h; p++) images[t][p] = (byte) (p % w / (t + 2) % 4);
            expected[t] = PngEncoder.encodePalette(images[t], palette, w, h, 1);
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try (PngEncoder encoder = new PngEncoder(1, 1)) {
            java.util.List<java.util.concurrent.Future<Integer>> done = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int k = t;
                done.add(pool.submit(() -> {
                    int mismatches = 0;
                    for (int i = 0; i < 200; i++) {
                        if (!java.util.Arrays.equals(encoder.encodePalette(images[k], palette, w, h), expected[k])) mismatches++;
                    }
                    return mismatches;
                }));
            }
            for (var f : done) assertThat(f.get()).isZero();
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void levelAndPoolSizeAreChecked() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PngEncoder(10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deflateLevel");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PngEncoder(1, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxIdle");
    }

    private static void assertDecodesTo(byte[] png, byte[] idx, int[] palette, int w, int h) throws IOException {
        BufferedImage img = decode(png);
        assertThat(img.getWidth()).isEqualTo(w);
        assertThat(img.getHeight()).isEqualTo(h);
        for (int p = 0; p < idx.length; p++) {
            int expected = palette[idx[p] & 0xFF];
            int actual = img.getRGB(p % w, p / w);
            if (expected >>> 24 == 0) assertThat(actual >>> 24).as("pixel %d", p).isZero();
            else assertThat(actual).as("pixel %d", p).isEqualTo(expected);
        }
    }
}
