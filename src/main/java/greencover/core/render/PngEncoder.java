package greencover.core.render;

import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Encodes images as PNG without ImageIO: 8-bit truecolour with filter type Sub on every row — RGB when every
 * pixel is opaque, RGB with a tRNS colour key when every pixel is either opaque or fully transparent (the
 * usual map tile; transparent pixels then decode with the key's RGB), RGBA otherwise — or 8-bit indexed colour
 * with a tRNS chunk, filter type Up. The IDAT stream is one zlib stream written by {@link Deflater} at the
 * encoder's level (1 = fastest, the usual choice for tiles).
 *
 * <p>An instance keeps, for reuse, up to {@code maxIdle} workspaces (a {@link Deflater} and a filtered-row
 * buffer for indexed images of up to 512 × 512 pixels): an image checks one out, or makes one when none is
 * idle, and returns it when encoded; a workspace returned to a full pool, and every idle one on {@link #close},
 * has its deflater {@linkplain Deflater#end() ended}. A new deflater allocates and frees about 270 KB of
 * native zlib state, which is why a renderer keeps one encoder. Instances are thread-safe; the state of one
 * image is never shared with another. The static methods encode one image with a workspace of their own.
 */
public final class PngEncoder implements AutoCloseable {
    /** The deflate level used when none is configured. */
    public static final int DEFAULT_LEVEL = 1;
    /** The idle workspaces kept by {@link #PngEncoder(int)}: more than the requests a 2-4 core server encodes at once. */
    public static final int DEFAULT_MAX_IDLE = 16;

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    /** Filtered rows of indexed images of up to 512 × 512 pixels are built in the workspace's buffer. */
    private static final int MAX_KEPT_RAW_BYTES = 513 * 512;

    private final int level;
    private final ArrayBlockingQueue<Workspace> idle;

    /** An encoder at {@code deflateLevel} keeping {@value #DEFAULT_MAX_IDLE} idle workspaces. */
    public PngEncoder(int deflateLevel) { this(deflateLevel, DEFAULT_MAX_IDLE); }

    /**
     * @param deflateLevel 0 (store) to 9 (best)
     * @param maxIdle idle workspaces kept for reuse, 0 or more (0: every image makes and ends its own)
     */
    public PngEncoder(int deflateLevel, int maxIdle) {
        checkLevel(deflateLevel);
        if (maxIdle < 0) throw new IllegalArgumentException("maxIdle must be 0 or more but was " + maxIdle);
        this.level = deflateLevel;
        this.idle = maxIdle == 0 ? null : new ArrayBlockingQueue<>(maxIdle);
    }

    /** The deflate level, 0..9. */
    public int level() { return level; }

    /** Ends the deflaters of the idle workspaces; images encoded afterwards still work but keep nothing. */
    @Override
    public void close() {
        if (idle == null) return;
        for (Workspace w; (w = idle.poll()) != null; ) w.deflater.end();
    }

    /** Encodes one image as {@link #encode(int[], int, int)} does, at {@code deflateLevel} (0..9), keeping nothing. */
    public static byte[] encode(int[] argb, int w, int h, int deflateLevel) {
        try (PngEncoder once = new PngEncoder(deflateLevel, 0)) {
            return once.encode(argb, w, h);
        }
    }

    /** Encodes one image as {@link #encodePalette(byte[], int[], int, int)} does, at {@code deflateLevel}, keeping nothing. */
    public static byte[] encodePalette(byte[] indices, int[] paletteArgb, int w, int h, int deflateLevel) {
        try (PngEncoder once = new PngEncoder(deflateLevel, 0)) {
            return once.encodePalette(indices, paletteArgb, w, h);
        }
    }

    /** Encodes {@code argb} (row-major, at least {@code w*h} pixels, non-premultiplied 0xAARRGGBB). */
    public byte[] encode(int[] argb, int w, int h) {
        checkSize(w, h, argb.length, "argb");
        int n = w * h;
        boolean opaque = true, binary = true;
        for (int i = 0; i < n; i++) {
            int a = argb[i] >>> 24;
            if (a != 0xFF) {
                opaque = false;
                if (a != 0) { binary = false; break; }
            }
        }
        // fully opaque or fully transparent pixels only: RGB with one transparent colour key (tRNS)
        int key = !opaque && binary ? unusedOpaqueColour(argb, n) : -1;
        boolean rgb = opaque || key >= 0;
        int bpp = rgb ? 3 : 4;
        int stride = 1 + w * bpp;
        byte[] raw = new byte[stride * h];
        int p = 0;
        for (int y = 0; y < h; y++) {
            raw[p++] = 1; // filter Sub: byte minus the same channel of the pixel to the left
            int row = y * w;
            int pr = 0, pg = 0, pb = 0, pa = 0;
            if (rgb) {
                for (int x = 0; x < w; x++) {
                    int c = argb[row + x];
                    if (c >>> 24 == 0) c = key;
                    int r = (c >>> 16) & 0xFF, g = (c >>> 8) & 0xFF, b = c & 0xFF;
                    raw[p] = (byte) (r - pr);
                    raw[p + 1] = (byte) (g - pg);
                    raw[p + 2] = (byte) (b - pb);
                    p += 3;
                    pr = r; pg = g; pb = b;
                }
            } else {
                for (int x = 0; x < w; x++) {
                    int c = argb[row + x];
                    int a = c >>> 24, r = (c >>> 16) & 0xFF, g = (c >>> 8) & 0xFF, b = c & 0xFF;
                    raw[p] = (byte) (r - pr);
                    raw[p + 1] = (byte) (g - pg);
                    raw[p + 2] = (byte) (b - pb);
                    raw[p + 3] = (byte) (a - pa);
                    p += 4;
                    pr = r; pg = g; pb = b; pa = a;
                }
            }
        }
        Out out = new Out(raw.length / 4 + 1024);
        out.write(SIGNATURE);
        writeHeader(out, w, h, rgb ? 2 : 6);
        if (key >= 0) {
            byte[] trns = {0, (byte) (key >>> 16), 0, (byte) (key >>> 8), 0, (byte) key};
            out.chunk("tRNS", trns, trns.length);
        }
        Workspace ws = checkOut();
        try {
            writeIdat(out, ws.deflater, raw, raw.length, false);
        } finally {
            checkIn(ws);
        }
        out.chunk("IEND", new byte[0], 0);
        return out.toByteArray();
    }

    /**
     * An RGB value (0xRRGGBB) that no opaque pixel has, to serve as the transparent colour key; the RGB of the
     * first transparent pixel when possible (so transparent pixels keep their colour), else -1 if the few
     * candidates tried are all taken.
     */
    private static int unusedOpaqueColour(int[] argb, int n) {
        int first = 0;
        for (int i = 0; i < n; i++) {
            if (argb[i] >>> 24 == 0) { first = argb[i] & 0xFFFFFF; break; }
        }
        int[] candidates = {first, 0x000000, 0xFF00FF, 0x00FEFE, 0x010203, 0xFEFF01};
        for (int candidate : candidates) {
            boolean used = false;
            for (int i = 0; i < n; i++) {
                if ((argb[i] >>> 24) == 0xFF && (argb[i] & 0xFFFFFF) == candidate) { used = true; break; }
            }
            if (!used) return candidate;
        }
        return -1;
    }

    /**
     * Encodes an indexed image: {@code indices} (row-major, {@code w*h}) into {@code paletteArgb} (1 to 256
     * colours, non-premultiplied ARGB; alpha goes to a tRNS chunk when any entry is not opaque). Rows use filter
     * Up (the palettes here are ordered ramps or few classes, so the difference to the row above is small or
     * zero). When fewer than half of the filtered bytes are zero (noisy imagery, where LZ77 finds few matches)
     * the stream is Huffman-coded only, which is faster and on such images smaller than LZ77 at level 1;
     * otherwise LZ77 at the encoder's level. Level 0 stores.
     */
    public byte[] encodePalette(byte[] indices, int[] paletteArgb, int w, int h) {
        checkSize(w, h, indices.length, "indices");
        if (paletteArgb.length == 0 || paletteArgb.length > 256) {
            throw new IllegalArgumentException("paletteArgb must have 1 to 256 entries but had " + paletteArgb.length);
        }
        Workspace ws = checkOut();
        try {
            return encodePalette(indices, paletteArgb, w, h, ws);
        } finally {
            checkIn(ws);
        }
    }

    private byte[] encodePalette(byte[] indices, int[] paletteArgb, int w, int h, Workspace ws) {
        int stride = 1 + w, rawLength = stride * h;
        byte[] raw = ws.raw(rawLength);
        int zeros = 0;
        raw[0] = 0; // filter None on the first row
        System.arraycopy(indices, 0, raw, 1, w);
        for (int y = 1; y < h; y++) {
            int o = y * stride, row = y * w;
            raw[o] = 2; // filter Up: index minus the index above
            for (int x = 0; x < w; x++) {
                byte d = (byte) (indices[row + x] - indices[row - w + x]);
                raw[o + 1 + x] = d;
                if (d == 0) zeros++;
            }
        }
        boolean huffmanOnly = level > 0 && 2L * zeros < (long) w * (h - 1);
        Out out = new Out(rawLength / 2 + 2048);
        out.write(SIGNATURE);
        writeHeader(out, w, h, 3);
        byte[] plte = new byte[paletteArgb.length * 3];
        int lastTranslucent = -1;
        for (int i = 0; i < paletteArgb.length; i++) {
            int c = paletteArgb[i];
            plte[3 * i] = (byte) (c >>> 16);
            plte[3 * i + 1] = (byte) (c >>> 8);
            plte[3 * i + 2] = (byte) c;
            if ((c >>> 24) != 0xFF) lastTranslucent = i;
        }
        out.chunk("PLTE", plte, plte.length);
        if (lastTranslucent >= 0) {
            byte[] trns = new byte[lastTranslucent + 1];
            for (int i = 0; i <= lastTranslucent; i++) trns[i] = (byte) (paletteArgb[i] >>> 24);
            out.chunk("tRNS", trns, trns.length);
        }
        writeIdat(out, ws.deflater, raw, rawLength, huffmanOnly);
        out.chunk("IEND", new byte[0], 0);
        return out.toByteArray();
    }

    /** An idle workspace, or a new one when none is idle. */
    private Workspace checkOut() {
        Workspace w = idle == null ? null : idle.poll();
        return w != null ? w : new Workspace(level);
    }

    /** Returns {@code w} to the idle workspaces, or ends its deflater when they are full. */
    private void checkIn(Workspace w) {
        if (idle == null || !idle.offer(w)) w.deflater.end();
    }

    private static void checkLevel(int level) {
        if (level < 0 || level > 9) throw new IllegalArgumentException("deflateLevel must be 0..9 but was " + level);
    }

    /** The state one image is encoded with: a deflater at the encoder's level, reset after each image, and a row buffer. */
    private static final class Workspace {
        final Deflater deflater;
        private byte[] raw = new byte[0];

        Workspace(int level) { deflater = new Deflater(level); }

        /** A buffer of at least {@code length} bytes with stale content (kept up to {@value #MAX_KEPT_RAW_BYTES} bytes). */
        byte[] raw(int length) {
            if (length > MAX_KEPT_RAW_BYTES) return new byte[length];
            if (raw.length < length) raw = new byte[length];
            return raw;
        }
    }

    private static void checkSize(int w, int h, int length, String name) {
        if (w <= 0 || h <= 0) throw new IllegalArgumentException("image size must be positive but was " + w + "x" + h);
        if ((long) w * h > length) {
            throw new IllegalArgumentException(name + " must hold w*h = " + (long) w * h + " pixels but had " + length);
        }
    }

    private static void writeHeader(Out out, int w, int h, int colourType) {
        byte[] ihdr = new byte[13];
        putInt(ihdr, 0, w);
        putInt(ihdr, 4, h);
        ihdr[8] = 8; // bit depth
        ihdr[9] = (byte) colourType;
        // compression 0, filter method 0, interlace 0
        out.chunk("IHDR", ihdr, ihdr.length);
    }

    private static void writeIdat(Out out, Deflater deflater, byte[] raw, int length, boolean huffmanOnly) {
        try {
            deflater.setStrategy(huffmanOnly ? Deflater.HUFFMAN_ONLY : Deflater.DEFAULT_STRATEGY);
            deflater.setInput(raw, 0, length);
            deflater.finish();
            int start = out.size + 8; // the data follows the chunk's length and type
            out.ensure(8 + length / 2 + 64);
            int n = 0;
            while (!deflater.finished()) {
                if (start + n == out.buf.length) out.ensure(out.buf.length + 1 - out.size);
                n += deflater.deflate(out.buf, start + n, out.buf.length - start - n);
            }
            out.chunkInPlace("IDAT", n);
        } finally {
            deflater.reset();
        }
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    /** A growable byte buffer that writes PNG chunks. */
    private static final class Out {
        private byte[] buf;
        private int size;

        Out(int capacity) { buf = new byte[capacity]; }

        void write(byte[] b) { write(b, 0, b.length); }

        void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, buf, size, len);
            size += len;
        }

        void ensure(int extra) {
            if (size + extra > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
        }

        void chunk(String type, byte[] data, int len) {
            ensure(12 + len);
            System.arraycopy(data, 0, buf, size + 8, len);
            chunkInPlace(type, len);
        }

        /** Completes a chunk whose {@code len} data bytes were written at {@code size + 8} directly into buf. */
        void chunkInPlace(String type, int len) {
            ensure(12 + len);
            putInt(buf, size, len);
            int typeAt = size + 4;
            for (int i = 0; i < 4; i++) buf[typeAt + i] = (byte) type.charAt(i);
            CRC32 crc = new CRC32();
            crc.update(buf, typeAt, 4 + len);
            putInt(buf, typeAt + 4 + len, (int) crc.getValue());
            size += 12 + len;
        }

        byte[] toByteArray() { return Arrays.copyOf(buf, size); }
    }
}
