package greencover.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import org.geotools.api.referencing.operation.MathTransform;
import org.geotools.referencing.CRS;

/**
 * Writes a local STAC API of full-size Sentinel-2 L2A-style items over the Zijinshan dump, for the full-size
 * walk-through test and {@code bench/stac}: per item B04 and B08 (10980 x 10980 UInt16 at 10 m) and SCL (5490 x 5490
 * UInt8 at 20 m) as COGs in GDAL's layout (tiled 1024 x 1024, DEFLATE, predictor 2 on the 16-bit bands, GDAL_NODATA 0,
 * a 4-byte leader and trailer around every tile, the image directory first), on MGRS tile 50RMN's grid (EPSG:32650,
 * upper-left corner (399960, 2800020)); an Earth Search v1 {@code sentinel-2-l2a} item per date
 * ({@code items/<id>.json}, hrefs absolute under {@code baseUrl}), the collection ({@code collections/sentinel-2-l2a})
 * and a static {@code search} answer listing all items (a FeatureCollection, as {@code POST /search} answers).
 *
 * <p>The values, so that statistics are hand-computable: inside the <em>patch</em> (the dump's bounding box in UTM
 * widened by 200 m and snapped outward to the 20 m grid; every pixel the dump touches lies in it) B04 = 2500 (1 - v)
 * and B08 = 2500 (1 + v) DN with v = 0.32 + 0.02 (i mod 30) for item i, so NDVI is exactly v, and SCL = 4 (vegetation);
 * elsewhere B04 = 700 + noise, B08 = 2000 + noise (noise uniform 0..31, so tiles compress about as real ones do,
 * about 0.6 MB each) and SCL a pattern of 16 x 16-pixel cells of classes 4, 5, 6 and 8. DNs are reflectance x 10000
 * with the BOA offset already removed ({@code earthsearch:boa_offset_applied: true}).
 *
 * <p>Fast to write: a few noisy background tiles per band are compressed once and reused; only the tiles that meet
 * the patch are computed per item. {@code main(root, baseUrl, count)} writes {@code count} items; {@link #ensure}
 * writes them once and reuses them (the benchmarks: about 234 MB per item).
 */
public final class FullSizeStac {
    public static final int SIZE = 10980, SCL_SIZE = 5490, TILE = 1024;
    public static final double ULX = 399960, ULY = 2800020;
    public static final String COLLECTION = "sentinel-2-l2a";
    private static final int VARIANTS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One written item: its id, item URL, files, date and the NDVI inside the patch. */
    public record Item(String id, String url, Path red, Path nir, Path scl, LocalDate date, double ndvi, int redDn, int nirDn) {
        public long fileBytes() throws IOException { return Files.size(red) + Files.size(nir) + Files.size(scl); }
    }

    /** The patch in pixels of the 10 m grid: columns [c0, c1), rows [r0, r1), all even (on the 20 m grid too). */
    public record Patch(int c0, int r0, int c1, int r1) {}

    private FullSizeStac() {}

    /** The Zijinshan dump feature of {@code sample-tiles/sites.geojson}, as GeoJSON text. */
    public static String dumpFeature(Path sitesGeoJson) throws IOException {
        for (JsonNode f : JSON.readTree(sitesGeoJson.toFile()).path("features")) {
            if ("zijinshan-dump".equals(f.path("id").asText())) {
                // on its own: without the reference slope it names (and the target that goes with it)
                if (f.path("properties") instanceof com.fasterxml.jackson.databind.node.ObjectNode props) props.remove("referenceSite");
                return JSON.writeValueAsString(f);
            }
        }
        throw new IOException("no zijinshan-dump in " + sitesGeoJson);
    }

    /** The patch around {@code feature}'s outline (see the class comment). */
    public static Patch patch(String feature) throws Exception {
        MathTransform t = CRS.findMathTransform(CRS.decode("EPSG:4326", true), CRS.decode("EPSG:32650", true), true);
        double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        List<double[]> points = new ArrayList<>();
        collect(JSON.readTree(feature).path("geometry").path("coordinates"), points);
        for (double[] p : points) {
            double[] u = new double[2];
            t.transform(p, 0, u, 0, 1);
            minX = Math.min(minX, u[0]);
            maxX = Math.max(maxX, u[0]);
            minY = Math.min(minY, u[1]);
            maxY = Math.max(maxY, u[1]);
        }
        int c0 = (int) Math.floor((minX - 200 - ULX) / 20) * 2, c1 = (int) Math.ceil((maxX + 200 - ULX) / 20) * 2;
        int r0 = (int) Math.floor((ULY - maxY - 200) / 20) * 2, r1 = (int) Math.ceil((ULY - minY + 200) / 20) * 2;
        return new Patch(c0, r0, c1, r1);
    }

    private static void collect(JsonNode n, List<double[]> out) {
        if (n.isArray() && n.size() >= 2 && n.get(0).isNumber()) out.add(new double[] {n.get(0).asDouble(), n.get(1).asDouble()});
        else for (JsonNode c : n) collect(c, out);
    }

    /** Writes {@code count} items under {@code root} (see the class comment); returns them in date order. */
    public static List<Item> write(Path root, String baseUrl, int count, Patch patch) throws IOException {
        return write(root, baseUrl, count, patch, true);
    }

    /**
     * As {@link #write}, but the COGs only when {@code root} does not hold them yet for {@code count} items, this
     * {@code baseUrl} and this patch (a marker file {@code written} says what was written); the item documents and the
     * search answer are written again either way (they are small). The items' values depend on their index only, so
     * what is reused is what would be written.
     */
    public static List<Item> ensure(Path root, String baseUrl, int count, Patch patch) throws IOException {
        Path marker = root.resolve("written");
        String what = count + " " + baseUrl + " " + patch;
        boolean have = Files.exists(marker) && Files.readString(marker).equals(what);
        if (!have) Files.deleteIfExists(marker);
        List<Item> items = write(root, baseUrl, count, patch, !have);
        if (!have) Files.writeString(marker, what);
        return items;
    }

    private static List<Item> write(Path root, String baseUrl, int count, Patch patch, boolean cogs) throws IOException {
        String base = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
        Files.createDirectories(root.resolve("items"));
        Files.createDirectories(root.resolve("collections"));
        Tiles red = new Tiles(false), nir = new Tiles(false), scl = new Tiles(true);
        for (int k = 0; cogs && k < VARIANTS; k++) {
            red.add(background16(700, 11 + k));
            nir.add(background16(2000, 101 + k));
            scl.add(backgroundScl(1001 + k));
        }
        List<Item> items = new ArrayList<>();
        ArrayNode features = JSON.createArrayNode();
        for (int i = 0; i < count; i++) {
            LocalDate date = LocalDate.of(2023, 1, 5).plusDays(15L * i);
            String platform = i % 2 == 0 ? "S2A" : "S2B";
            String id = platform + "_50RMN_" + date.toString().replace("-", "") + "_0_L2A";
            double v = 0.32 + 0.02 * (i % 30); // at most 0.9: red stays above 0 (nodata)
            int redDn = (int) Math.round(2500 * (1 - v)), nirDn = (int) Math.round(2500 * (1 + v));
            Path dir = Files.createDirectories(root.resolve("cogs").resolve(id));
            Path r = dir.resolve("B04.tif"), n = dir.resolve("B08.tif"), s = dir.resolve("SCL.tif");
            if (cogs) {
                red.write(r, SIZE, 10, patch, redDn, i);
                nir.write(n, SIZE, 10, patch, nirDn, i);
                scl.write(s, SCL_SIZE, 20, patch, 4, i);
            }
            String url = base + "items/" + id + ".json";
            ObjectNode item = item(id, platform, date, base + "cogs/" + id + "/", url, i);
            Files.write(root.resolve("items").resolve(id + ".json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(item));
            features.add(item);
            items.add(new Item(id, url, r, n, s, date, v, redDn, nirDn));
        }
        ObjectNode search = JSON.createObjectNode().put("type", "FeatureCollection");
        search.set("features", features);
        search.putArray("links");
        Files.write(root.resolve("search"), JSON.writeValueAsBytes(search));
        ObjectNode coll = JSON.createObjectNode().put("type", "Collection").put("stac_version", "1.0.0").put("id", COLLECTION)
                .put("description", "Sentinel-2 L2A-style COGs written by greencover.testing.FullSizeStac (synthetic)").put("license", "proprietary");
        coll.putObject("extent").putObject("spatial").putArray("bbox").addArray().add(116.0).add(24.8).add(117.1).add(25.3);
        Files.write(root.resolve("collections").resolve(COLLECTION), JSON.writeValueAsBytes(coll));
        return items;
    }

    private static ObjectNode item(String id, String platform, LocalDate date, String cogs, String self, int i) {
        ObjectNode item = JSON.createObjectNode().put("type", "Feature").put("stac_version", "1.0.0").put("id", id).put("collection", COLLECTION);
        ArrayNode ring = item.putObject("geometry").put("type", "Polygon").putArray("coordinates").addArray();
        double[][] corners = {{116.0, 25.3}, {117.1, 25.3}, {117.1, 24.3}, {116.0, 24.3}, {116.0, 25.3}};
        for (double[] c : corners) ring.addArray().add(c[0]).add(c[1]);
        item.putArray("bbox").add(116.0).add(24.3).add(117.1).add(25.3);
        ObjectNode p = item.putObject("properties");
        p.put("datetime", date + "T02:55:" + String.format("%02d", 10 + i % 40) + "Z").put("platform", platform.equals("S2A") ? "sentinel-2a" : "sentinel-2b")
                .put("constellation", "sentinel-2").put("proj:epsg", 32650).put("mgrs:utm_zone", 50).put("mgrs:latitude_band", "R")
                .put("mgrs:grid_square", "MN").put("eo:cloud_cover", (i * 7) % 30).put("s2:processing_baseline", "05.09")
                .put("earthsearch:boa_offset_applied", true);
        ObjectNode assets = item.putObject("assets");
        String[][] a = {{"red", "B04.tif", "uint16", "10"}, {"nir", "B08.tif", "uint16", "10"}, {"scl", "SCL.tif", "uint8", "20"}};
        for (String[] x : a) {
            ObjectNode as = assets.putObject(x[0]).put("href", cogs + x[1]).put("type", "image/tiff; application=geotiff; profile=cloud-optimized");
            as.putArray("roles").add("data");
            int n = x[3].equals("10") ? SIZE : SCL_SIZE;
            as.putArray("proj:shape").add(n).add(n);
            as.putArray("proj:transform").add(Double.parseDouble(x[3])).add(0).add(ULX).add(0).add(-Double.parseDouble(x[3])).add(ULY);
            ObjectNode band = as.putArray("raster:bands").addObject().put("nodata", 0).put("data_type", x[2]);
            if (!x[0].equals("scl")) band.put("scale", 0.0001).put("offset", -0.1);
        }
        ArrayNode links = item.putArray("links");
        links.addObject().put("rel", "self").put("href", self);
        links.addObject().put("rel", "collection").put("href", self.replaceFirst("items/[^/]+$", "collections/" + COLLECTION));
        return item;
    }

    /** The tiles of one band: the background variants (raw and compressed once), and a writer of whole files. */
    private static final class Tiles {
        final boolean bytes;
        final List<Object> raw = new ArrayList<>();
        final List<byte[]> variants = new ArrayList<>();

        Tiles(boolean bytes) { this.bytes = bytes; }

        void add(Object tile) {
            raw.add(tile);
            variants.add(tile instanceof short[] t ? deflate(t) : deflate((byte[]) tile));
        }

        void write(Path file, int size, int pixel, Patch patch, int value, int item) throws IOException {
            int across = (size + TILE - 1) / TILE, n = across * across, scale = pixel / 10;
            // the patch in this band's pixels
            int c0 = patch.c0() / scale, c1 = patch.c1() / scale, r0 = patch.r0() / scale, r1 = patch.r1() / scale;
            byte[][] data = new byte[n][];
            for (int ty = 0; ty < across; ty++) {
                for (int tx = 0; tx < across; tx++) {
                    int x0 = tx * TILE, y0 = ty * TILE, k = (tx * 7 + ty * 3 + item) % VARIANTS;
                    if (!(x0 < c1 && x0 + TILE > c0 && y0 < r1 && y0 + TILE > r0)) {
                        data[ty * across + tx] = variants.get(k);
                        continue;
                    }
                    int ya = Math.max(0, r0 - y0), yb = Math.min(TILE, r1 - y0), xa = Math.max(0, c0 - x0), xb = Math.min(TILE, c1 - x0);
                    if (bytes) {
                        byte[] t = ((byte[]) raw.get(k)).clone();
                        for (int y = ya; y < yb; y++) java.util.Arrays.fill(t, y * TILE + xa, y * TILE + xb, (byte) value);
                        data[ty * across + tx] = deflate(t);
                    } else {
                        short[] t = ((short[]) raw.get(k)).clone();
                        for (int y = ya; y < yb; y++) java.util.Arrays.fill(t, y * TILE + xa, y * TILE + xb, (short) value);
                        data[ty * across + tx] = deflate(t);
                    }
                }
            }
            writeTiff(file, size, pixel, bytes, data);
        }
    }

    /** A background tile of 16-bit samples: {@code base} + uniform noise 0..31. */
    private static short[] background16(int base, long seed) {
        short[] t = new short[TILE * TILE];
        long s = seed * 0x9E3779B97F4A7C15L + 1;
        for (int i = 0; i < t.length; i++) {
            s ^= s << 13;
            s ^= s >>> 7;
            s ^= s << 17;
            t[i] = (short) (base + (s & 31));
        }
        return t;
    }

    /** An SCL tile: 16 x 16-pixel cells of 4 (55 %), 5 (35 %), 6 (5 %) and 8 (5 %). */
    private static byte[] backgroundScl(long seed) {
        byte[] t = new byte[TILE * TILE];
        for (int cy = 0; cy < TILE / 16; cy++) {
            for (int cx = 0; cx < TILE / 16; cx++) {
                long h = (seed * 31 + cy) * 1_000_003L + cx;
                h ^= h >>> 33;
                h *= 0xff51afd7ed558ccdL;
                h ^= h >>> 33;
                int u = (int) Math.floorMod(h, 100);
                byte c = (byte) (u < 55 ? 4 : u < 90 ? 5 : u < 95 ? 6 : 8);
                for (int y = cy * 16; y < cy * 16 + 16; y++) java.util.Arrays.fill(t, y * TILE + cx * 16, y * TILE + cx * 16 + 16, c);
            }
        }
        return t;
    }

    /** 16-bit samples with horizontal differencing (TIFF predictor 2), little-endian, zlib-deflated. */
    private static byte[] deflate(short[] t) {
        ByteBuffer b = ByteBuffer.allocate(t.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int y = 0; y < TILE; y++) {
            short prev = 0;
            for (int x = 0; x < TILE; x++) {
                short v = t[y * TILE + x];
                b.putShort((short) (v - prev));
                prev = v;
            }
        }
        return deflate(b.array());
    }

    private static byte[] deflate(byte[] raw) {
        Deflater d = new Deflater(Deflater.BEST_SPEED);
        d.setInput(raw);
        d.finish();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(raw.length / 3);
        byte[] buf = new byte[1 << 16];
        while (!d.finished()) out.write(buf, 0, d.deflate(buf));
        d.end();
        return out.toByteArray();
    }

    /**
     * A classic little-endian tiled TIFF: header, the one image directory and its arrays, then the tiles in row order,
     * each between GDAL's 4-byte leader (its size) and trailer (its last 4 bytes again).
     */
    private static void writeTiff(Path file, int size, int pixel, boolean bytes, byte[][] tiles) throws IOException {
        int n = tiles.length, entries = 17;
        short[] geoKeys = {1, 1, 0, 3, 1024, 0, 1, 1, 1025, 0, 1, 1, 3072, 0, 1, 32650}; // projected, PixelIsArea, EPSG:32650
        long offsetsAt = 8 + 2 + 12L * entries + 4, countsAt = offsetsAt + 4L * n, scaleAt = countsAt + 4L * n, tieAt = scaleAt + 24;
        long keysAt = tieAt + 48, dataAt = keysAt + 2L * geoKeys.length;
        ByteBuffer h = ByteBuffer.allocate((int) dataAt).order(ByteOrder.LITTLE_ENDIAN);
        h.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        h.putShort((short) entries);
        entry(h, 256, 4, 1, size);
        entry(h, 257, 4, 1, size);
        entry(h, 258, 3, 1, bytes ? 8 : 16);
        entry(h, 259, 3, 1, 8); // Adobe DEFLATE
        entry(h, 262, 3, 1, 1);
        entry(h, 277, 3, 1, 1);
        entry(h, 284, 3, 1, 1);
        entry(h, 317, 3, 1, bytes ? 1 : 2);
        entry(h, 322, 3, 1, TILE);
        entry(h, 323, 3, 1, TILE);
        entry(h, 324, 4, n, offsetsAt);
        entry(h, 325, 4, n, countsAt);
        entry(h, 339, 3, 1, 1);
        entry(h, 33550, 12, 3, scaleAt);
        entry(h, 33922, 12, 6, tieAt);
        entry(h, 34735, 3, geoKeys.length, keysAt);
        h.putShort((short) 42113).putShort((short) 2).putInt(2).put((byte) '0').put((byte) 0).putShort((short) 0); // GDAL_NODATA "0"
        h.putInt(0);
        long at = dataAt;
        for (byte[] t : tiles) {
            h.putInt((int) (at + 4));
            at += 4 + t.length + 4;
        }
        for (byte[] t : tiles) h.putInt(t.length);
        h.putDouble(pixel).putDouble(pixel).putDouble(0);
        h.putDouble(0).putDouble(0).putDouble(0).putDouble(ULX).putDouble(ULY).putDouble(0);
        for (short k : geoKeys) h.putShort(k);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            out.write(h.array());
            byte[] four = new byte[4];
            for (byte[] t : tiles) {
                ByteBuffer.wrap(four).order(ByteOrder.LITTLE_ENDIAN).putInt(0, t.length);
                out.write(four);
                out.write(t);
                out.write(t, t.length - 4, 4);
            }
        }
    }

    private static void entry(ByteBuffer h, int tag, int type, int count, long value) {
        h.putShort((short) tag).putShort((short) type).putInt(count);
        if (type == 3 && count == 1) h.putShort((short) value).putShort((short) 0);
        else h.putInt((int) value);
    }

    /** {@code root baseUrl count}: writes the items (the dump from {@code sample-tiles/sites.geojson}) and prints their ids. */
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        long t0 = System.nanoTime();
        Patch p = patch(dumpFeature(Path.of(args.length > 3 ? args[3] : "sample-tiles/sites.geojson")));
        List<Item> items = write(root, args[1], Integer.parseInt(args[2]), p);
        long bytes = 0;
        for (Item i : items) bytes += i.fileBytes();
        System.out.printf("%d items, %.1f MB of COGs, patch %s, in %.1f s%n", items.size(), bytes / 1e6, p, (System.nanoTime() - t0) / 1e9);
    }
}
