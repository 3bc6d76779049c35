package greencover.core.raster;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * Checks a TIFF's header and image directories before any decoder sees the file, so that a small hostile file
 * costs O(directory size) and never a decode: the directory chain must end (no directory pointing at itself or
 * an earlier one, at most {@value #MAX_DIRECTORIES} directories), and the first image must declare a non-empty
 * size within {@value #MAX_SIDE} pixels per side and an aspect ratio within {@value #MAX_ASPECT}:1, at most
 * {@link GeoTiffSource#MAX_PIXELS} pixels, a decoded size (width × height × samples × bytes, in long
 * arithmetic) within {@value #MAX_EXPANSION} times the file size plus {@value #EXPANSION_ALLOWANCE_BYTES}
 * bytes, tiles (when tiled) of at most {@value #MAX_TILE_BYTES} decoded bytes each, integer samples (SampleFormat 1 or 2, not complex 5/6 or floating point 3), and a
 * {@code GDAL_NODATA} value representable in that sample type. Reads classic TIFF and BigTIFF in either
 * byte order straight from the file; the signature has already been checked.
 */
final class TiffHeader {
    /** Most image directories followed before the chain is called a loop or a bomb. */
    static final int MAX_DIRECTORIES = 256;
    /** Longest accepted image side in pixels (about nine Sentinel-2 tiles side by side). */
    static final int MAX_SIDE = 100_000;
    /** Largest accepted ratio of the longer to the shorter image side. */
    static final int MAX_ASPECT = 1_000;
    /** Largest accepted ratio of decoded bytes to file bytes (DEFLATE of real imagery stays far below it). */
    static final long MAX_EXPANSION = 200;
    /** Decoded bytes always accepted regardless of the file size, so that small uncompressed-ish files pass. */
    static final long EXPANSION_ALLOWANCE_BYTES = 16L << 20;

    /** Largest accepted decoded size of one tile in bytes (a 512 x 512 uint16 tile is 0.5 MiB). */
    static final long MAX_TILE_BYTES = 64L << 20;

    private static final int WIDTH = 256, LENGTH = 257, BITS = 258, SAMPLES = 277, TILE_WIDTH = 322, TILE_LENGTH = 323,
            SAMPLE_FORMAT = 339, GDAL_METADATA = 42112, GDAL_NODATA = 42113;
    /** Longest GDAL_METADATA text read; a longer one is ignored. */
    static final int MAX_METADATA_BYTES = 1 << 20;

    private TiffHeader() {}

    /**
     * Throws a {@link RasterFormatException} for {@code field} when the header is unusable; otherwise returns the
     * first image's {@code GDAL_METADATA} text (tag 42112), or null when it has none (or a longer one than
     * {@value #MAX_METADATA_BYTES} bytes).
     *
     * @throws IOException when the file cannot be read (too short for what its header declares)
     */
    static String check(Path file, String field) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return check(ByteSource.of(ch), field);
        }
    }

    /** As {@link #check(Path, String)} on the bytes of {@code ch} (a remote file's ranges). */
    static String check(ByteSource ch, String field) throws IOException {
        {
            long size = ch.size();
            ByteBuffer head = read(ch, 0, 16, ByteOrder.LITTLE_ENDIAN);
            ByteOrder order = head.get(0) == 'M' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            head.order(order);
            boolean big = head.getShort(2) == 43;
            int countSize = big ? 8 : 2, entrySize = big ? 20 : 12, pointerSize = big ? 8 : 4;
            long first = big ? head.getLong(8) : head.getInt(4) & 0xFFFF_FFFFL;
            Set<Long> visited = new HashSet<>();
            long ifd = first;
            ByteBuffer firstEntries = null;
            long firstCount = 0;
            while (ifd != 0) {
                if (!visited.add(ifd)) {
                    throw unusable(field, "the image directories form a loop (directory at byte " + ifd + " is reached twice)");
                }
                if (visited.size() > MAX_DIRECTORIES) {
                    throw unusable(field, "the TIFF has more than " + MAX_DIRECTORIES + " image directories");
                }
                if (ifd < 8 || ifd + countSize > size) throw unusable(field, "an image directory lies outside the file");
                ByteBuffer c = read(ch, ifd, countSize, order);
                long n = big ? c.getLong(0) : c.getShort(0) & 0xFFFF;
                if (n <= 0 || n > 4096 || ifd + countSize + n * entrySize + pointerSize > size) {
                    throw unusable(field, "an image directory is truncated");
                }
                if (firstEntries == null) {
                    firstEntries = read(ch, ifd + countSize, (int) (n * entrySize), order);
                    firstCount = n;
                }
                ByteBuffer next = read(ch, ifd + countSize + n * entrySize, pointerSize, order);
                ifd = big ? next.getLong(0) : next.getInt(0) & 0xFFFF_FFFFL;
            }
            if (firstEntries == null) throw unusable(field, "the first image directory lies outside the file");
            return checkImage(ch, size, firstEntries, firstCount, big, order, field);
        }
    }

    private static String checkImage(ByteSource ch, long size, ByteBuffer e, long n, boolean big, ByteOrder order,
                                   String field) throws IOException {
        long width = -1, height = -1, samples = 1, tileWidth = -1, tileLength = -1;
        long[] bits = null, formats = null;
        String nodata = null, metadata = null;
        int entrySize = big ? 20 : 12;
        for (int i = 0; i < n; i++) {
            int at = i * entrySize, tag = e.getShort(at) & 0xFFFF;
            if (tag == GDAL_METADATA) {
                metadata = ascii(ch, size, e, at, big, order);
                continue;
            }
            if (tag != WIDTH && tag != LENGTH && tag != BITS && tag != SAMPLES && tag != SAMPLE_FORMAT && tag != GDAL_NODATA
                    && tag != TILE_WIDTH && tag != TILE_LENGTH) continue;
            int type = e.getShort(at + 2) & 0xFFFF;
            long count = big ? e.getLong(at + 4) : e.getInt(at + 4) & 0xFFFF_FFFFL;
            int width1 = type == 1 || type == 2 || type == 7 ? 1 : type == 3 ? 2 : type == 4 ? 4 : type == 16 ? 8 : 0;
            if (width1 == 0 || count <= 0 || count > 65_536) {
                throw unusable(field, "the TIFF tag " + tag + " has an unexpected type or count");
            }
            long bytes = count * width1;
            int inline = big ? 8 : 4;
            ByteBuffer v;
            if (bytes <= inline) {
                v = e.duplicate().position(at + (big ? 12 : 8)).slice().order(order);
            } else {
                long off = big ? e.getLong(at + 12) : e.getInt(at + 8) & 0xFFFF_FFFFL;
                if (off < 0 || off + bytes > size) throw unusable(field, "the TIFF tag " + tag + " lies outside the file");
                v = read(ch, off, (int) bytes, order);
            }
            if (tag == GDAL_NODATA) {
                byte[] text = new byte[(int) bytes];
                v.get(0, text);
                nodata = new String(text, StandardCharsets.US_ASCII).replace("\0", "").trim();
                continue;
            }
            long[] vals = new long[(int) count];
            for (int k = 0; k < count; k++) {
                vals[k] = width1 == 1 ? v.get(k) & 0xFF : width1 == 2 ? v.getShort(k * 2) & 0xFFFF
                        : width1 == 4 ? v.getInt(k * 4) & 0xFFFF_FFFFL : v.getLong(k * 8);
            }
            switch (tag) {
                case WIDTH -> width = vals[0];
                case LENGTH -> height = vals[0];
                case SAMPLES -> samples = vals[0];
                case TILE_WIDTH -> tileWidth = vals[0];
                case TILE_LENGTH -> tileLength = vals[0];
                case BITS -> bits = vals;
                default -> formats = vals;
            }
        }
        if (width < 0 || height < 0) throw unusable(field, "the TIFF declares no image width or length");
        if (width == 0 || height == 0) {
            throw unusable(field, "the TIFF declares an empty image (" + width + " x " + height + " pixels)");
        }
        if (width > MAX_SIDE || height > MAX_SIDE) {
            throw tooLarge(field, width + " x " + height + " pixels has a side over the limit of " + MAX_SIDE + " pixels");
        }
        if (Math.max(width, height) > (long) MAX_ASPECT * Math.min(width, height)) {
            throw unusable(field, "the image is " + width + " x " + height + " pixels, an aspect ratio over " + MAX_ASPECT + ":1");
        }
        if (width * height > GeoTiffSource.MAX_PIXELS) {
            throw tooLarge(field, width + "x" + height + " pixels exceeds the limit of " + GeoTiffSource.MAX_PIXELS + " pixels per band");
        }
        if (samples <= 0 || samples > 64) throw unusable(field, "the TIFF declares " + samples + " samples per pixel");
        long bitsPerSample = 0;
        if (bits == null) bits = new long[] {1};
        for (long b : bits) bitsPerSample = Math.max(bitsPerSample, b);
        long format = 1;
        if (formats != null) {
            for (long f : formats) {
                if (f != 1 && f != 2) {
                    throw new RasterFormatException(RasterFormatException.Reason.UNUSABLE, "unsupported_sample_type", field,
                            field + ": band " + field + " has " + sampleFormatName(f, bitsPerSample)
                            + " samples; only 8-, 16- or 32-bit integer samples are supported", null);
                }
            }
            format = formats[0];
        }
        long decoded = width * height * samples * ((bitsPerSample + 7) / 8);
        if (decoded > MAX_EXPANSION * size + EXPANSION_ALLOWANCE_BYTES) {
            throw tooLarge(field, "a " + size + "-byte file declaring " + width + " x " + height + " pixels would decode to "
                    + decoded + " bytes, more than " + MAX_EXPANSION + " times its size");
        }
        if (tileWidth >= 0 || tileLength >= 0) {
            long tileBytes = Math.max(tileWidth, 0) * Math.max(tileLength, 0) * samples * ((bitsPerSample + 7) / 8);
            if (tileWidth <= 0 || tileLength <= 0 || tileWidth > MAX_SIDE || tileLength > MAX_SIDE || tileBytes > MAX_TILE_BYTES) {
                throw unusable(field, "the TIFF declares tiles of " + tileWidth + " x " + tileLength + " pixels (" + tileBytes
                        + " bytes decoded each); tiles must be non-empty and decode to at most " + MAX_TILE_BYTES + " bytes");
            }
        }
        if (nodata != null && !nodata.isEmpty()) checkNodata(nodata, format == 2, bitsPerSample, field);
        return metadata;
    }

    /** The ASCII value of the entry at {@code at}, or null when it is not ASCII, too long or outside the file. */
    private static String ascii(ByteSource ch, long size, ByteBuffer e, int at, boolean big, ByteOrder order) throws IOException {
        int type = e.getShort(at + 2) & 0xFFFF;
        long count = big ? e.getLong(at + 4) : e.getInt(at + 4) & 0xFFFF_FFFFL;
        if (type != 2 || count <= 0 || count > MAX_METADATA_BYTES) return null;
        int inline = big ? 8 : 4;
        byte[] text = new byte[(int) count];
        if (count <= inline) {
            e.get(at + (big ? 12 : 8), text);
        } else {
            long off = big ? e.getLong(at + 12) : e.getInt(at + 8) & 0xFFFF_FFFFL;
            if (off < 0 || off + count > size) return null;
            read(ch, off, (int) count, order).get(text);
        }
        return new String(text, StandardCharsets.US_ASCII).replace("\0", "").trim();
    }

    private static void checkNodata(String text, boolean signed, long bits, String field) {
        double v;
        try {
            v = Double.parseDouble(text);
        } catch (NumberFormatException ex) {
            throw invalidNodata(field, "its GDAL_NODATA value '" + text + "' is not a number");
        }
        if (Double.isNaN(v)) return; // NaN never equals an integer sample: no pixel is no-data
        if (bits != 8 && bits != 16 && bits != 32) return; // the sample-type check reports the unsupported depth
        double min = signed ? -Math.pow(2, bits - 1) : 0, max = signed ? Math.pow(2, bits - 1) - 1 : Math.pow(2, bits) - 1;
        if (!(v >= min && v <= max) || v != Math.rint(v)) {
            throw invalidNodata(field, "its GDAL_NODATA value " + text + " is not a whole number in the range "
                    + (long) min + ".." + (long) max + " of its " + (signed ? "int" : "uint") + bits + " samples");
        }
    }

    private static String sampleFormatName(long format, long bits) {
        return switch ((int) format) {
            case 3 -> "floating-point (Float" + bits + ")";
            case 5 -> "complex integer (CInt" + bits / 2 + ")";
            case 6 -> "complex floating-point (CFloat" + bits / 2 + ")";
            default -> "SampleFormat " + format;
        };
    }

    private static RasterFormatException unusable(String field, String what) {
        return new RasterFormatException(field, field + ": " + what);
    }

    private static RasterFormatException tooLarge(String field, String what) {
        return new RasterFormatException(RasterFormatException.Reason.TOO_LARGE, field, field + ": " + what, null);
    }

    private static RasterFormatException invalidNodata(String field, String what) {
        return new RasterFormatException(RasterFormatException.Reason.UNUSABLE, "invalid_nodata", field, field + ": " + what, null);
    }

    private static ByteBuffer read(ByteSource ch, long pos, int len, ByteOrder order) throws IOException {
        return ByteSource.readFully(ch, pos, len, order);
    }
}
