package greencover.core.raster;

import it.geosolutions.imageioimpl.plugins.tiff.TIFFImageReaderSpi;
import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.DataBufferShort;
import java.awt.image.DataBufferUShort;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.List;
import java.nio.file.Path;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.FileImageInputStream;
import org.geotools.api.referencing.crs.CoordinateReferenceSystem;
import org.geotools.api.referencing.crs.ProjectedCRS;
import org.geotools.api.referencing.datum.PixelInCell;
import org.geotools.api.referencing.operation.MathTransform;
import org.geotools.gce.geotiff.GeoTiffReader;
import org.geotools.referencing.CRS;
import org.geotools.util.factory.Hints;

/**
 * A georeferenced GeoTIFF opened for reading by row strips: its {@link RasterGrid}, projected CRS and
 * EPSG code (0 when the CRS has none) come from GeoTools, its pixels are decoded by the imageio-ext TIFF reader one strip at a time
 * so that a 10980 x 10980 scene never has to be held in memory whole.
 *
 * <p>Integer samples are returned as unsigned ints for 8- and 16-bit unsigned data and as signed ints for
 * signed data. Instances are not thread-safe: use one per thread.
 */
public final class GeoTiffSource implements AutoCloseable {
    /** Largest accepted band size in pixels (a little over one 10980 x 10980 Sentinel-2 tile, twice). */
    public static final long MAX_PIXELS = 250_000_000L;
    /** Smallest accepted pixel side in metres. */
    public static final double MIN_PIXEL_M = 0.1;
    /** Largest accepted pixel side in metres. */
    public static final double MAX_PIXEL_M = 10_000;

    /** Gaps of up to this many bytes between needed blocks are read too, so neighbouring tiles come in one request. */
    public static final long MERGE_GAP_BYTES = 64 * 1024;

    private final String field;
    private final RasterGrid fullGrid;
    private RasterGrid grid;
    /** The window read, in pixels of the file (the whole image unless {@link #window} narrowed it). */
    private Rectangle window;
    /** For a remote file: its ranges read so far, its block layout and its GDAL metadata text (null for local files). */
    private RangeCache cache;
    private TiffBlocks blocks;
    private String gdalMetadata;
    private final CoordinateReferenceSystem crs;
    private final int epsg;
    private final int bandCount;
    private final int dataType;
    private final ImageInputStream input;
    private final ImageReader reader;

    private GeoTiffSource(String field, RasterGrid grid, CoordinateReferenceSystem crs, int epsg,
                          int bandCount, int dataType, ImageInputStream input, ImageReader reader) {
        this.field = field;
        this.grid = grid;
        this.fullGrid = grid;
        this.window = new Rectangle(0, 0, grid.width(), grid.height());
        this.crs = crs;
        this.epsg = epsg;
        this.bandCount = bandCount;
        this.dataType = dataType;
        this.input = input;
        this.reader = reader;
    }

    /**
     * Opens {@code file}, checking that it is a TIFF with georeferencing in a projected CRS (with an EPSG code or
     * user-defined: any projection GeoTools can build and transform to WGS 84), north-up, within {@link #MAX_PIXELS}.
     *
     * @param field the request field the file came from, used in error messages
     * @throws RasterFormatException when the file is not a usable GeoTIFF
     */
    public static GeoTiffSource open(Path file, String field) {
        checkTiffSignature(file, field);
        try {
            TiffHeader.check(file, field);
            String problem = TiffBlockTable.problem(file);
            if (problem != null) throw new RasterFormatException(field, field + ": " + problem);
        } catch (IOException e) {
            throw new RasterFormatException(field, field + ": the TIFF structure cannot be read (file too short?)", e);
        }
        return open(file.toFile(), () -> new FileImageInputStream(file.toFile()), field);
    }

    /**
     * Opens a remote GeoTIFF through {@code cache} (its header already fetched) with the checks of {@link #open(Path,
     * String)}, on the header bytes only: the TIFF signature, hostile headers, a block table that lies past the
     * file's end (a truncated file), georeferencing, north-up, a projected CRS and the size limits. Pixels are then
     * read by windows ({@link #window}), each fetching only the blocks it meets.
     *
     * @throws RasterFormatException when the file is not a usable GeoTIFF, or the source fails ({@link
     *         RasterFormatException.Reason#SOURCE_UNAVAILABLE} when that may pass, else with the source's code)
     */
    /**
     * The most pixels one block of a remote file may hold (4 Mi: a 2048 x 2048 tile, 381 rows of a 10980-wide strip):
     * tiled files and striped ones (full-width strips of a few rows) are read by windows; a file in one strip, or in strips this large, is refused ({@code source_not_cog}).
     */
    public static final long MAX_REMOTE_BLOCK_PIXELS = 4L << 20;

    public static GeoTiffSource open(RangeCache cache, String field) {
        String metadata;
        TiffBlocks blocks;
        try {
            ByteBuffer head = ByteBuffer.allocate(4);
            while (head.hasRemaining() && cache.read(head, head.position()) > 0) { }
            byte[] h = head.array();
            boolean le = head.position() == 4 && h[0] == 'I' && h[1] == 'I' && (h[2] == 42 || h[2] == 43) && h[3] == 0;
            boolean be = head.position() == 4 && h[0] == 'M' && h[1] == 'M' && h[2] == 0 && (h[3] == 42 || h[3] == 43);
            if (!le && !be) {
                throw new RasterFormatException(RasterFormatException.Reason.UNUSABLE, "source_not_tiff", field,
                        field + ": " + cache.name() + " is not a TIFF file", null);
            }
            metadata = TiffHeader.check(cache, field);
            String problem = TiffBlockTable.problem(cache);
            if (problem != null) throw new RasterFormatException(field, field + ": " + cache.name() + ": " + problem);
            blocks = TiffBlocks.read(cache);
            if ((long) blocks.blockWidth() * blocks.blockHeight() > MAX_REMOTE_BLOCK_PIXELS) {
                throw new RasterFormatException(RasterFormatException.Reason.UNUSABLE, "source_not_cog", field, field + ": "
                        + cache.name() + " is not cloud-optimised: its blocks are " + blocks.blockWidth() + " x " + blocks.blockHeight()
                        + " pixels (more than " + MAX_REMOTE_BLOCK_PIXELS + "), so any window would read most of the file; "
                        + "tile it (gdal_translate -of COG) or upload it whole", null);
            }
        } catch (IOException e) {
            throw remote(e, field, cache.name(), "the TIFF structure cannot be read (file too short?)");
        }
        GeoTiffSource s;
        try {
            s = open(new RangeImageInputStream(cache), () -> new RangeImageInputStream(cache), field);
        } catch (RasterFormatException e) {
            RangeReader.RemoteReadException r = remoteCause(e);
            if (r != null) throw remote(r, field, cache.name(), null);
            throw e;
        }
        s.cache = cache;
        s.blocks = blocks;
        s.gdalMetadata = metadata;
        return s;
    }

    /** The failure of a remote read as a raster problem: the source's own code, or {@code what} for a malformed file. */
    private static RasterFormatException remote(IOException e, String field, String name, String what) {
        RangeReader.RemoteReadException r = e instanceof RangeReader.RemoteReadException x ? x : remoteCause(e);
        if (r == null) return new RasterFormatException(field, field + ": " + name + ": " + what, e);
        return new RasterFormatException(r.unavailable() ? RasterFormatException.Reason.SOURCE_UNAVAILABLE
                : RasterFormatException.Reason.UNUSABLE, r.code(), field, field + ": " + r.getMessage(), r);
    }

    private static RangeReader.RemoteReadException remoteCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RangeReader.RemoteReadException r) return r;
            if (t.getCause() == t) break;
        }
        return null;
    }

    private interface StreamOpener {
        ImageInputStream open() throws IOException;
    }

    private static GeoTiffSource open(Object geoInput, StreamOpener pixels, String field) {
        RasterGrid grid;
        CoordinateReferenceSystem crs;
        int epsg;
        GeoTiffReader geo = null;
        try {
            geo = new GeoTiffReader(geoInput, new Hints(Hints.FORCE_LONGITUDE_FIRST_AXIS_ORDER, Boolean.TRUE));
            crs = geo.getCoordinateReferenceSystem();
            try {
                crs = DatumShift.apply(crs, geo.getMetadata());
            } catch (IllegalArgumentException e) {
                throw new RasterFormatException(RasterFormatException.Reason.UNUSABLE, "invalid_crs", field, field + ": " + e.getMessage(), e);
            }
            MathTransform g2w = geo.getOriginalGridToWorld(PixelInCell.CELL_CORNER);
            int w = geo.getOriginalGridRange().getSpan(0);
            int h = geo.getOriginalGridRange().getSpan(1);
            if (crs == null || !(g2w instanceof AffineTransform)) {
                throw new RasterFormatException(field, field + ": the TIFF has no usable georeferencing");
            }
            AffineTransform at = (AffineTransform) g2w;
            if (Math.abs(at.getShearX()) > 1e-12 || Math.abs(at.getShearY()) > 1e-12
                    || !(at.getScaleX() > 0) || !(at.getScaleY() < 0)) {
                throw new RasterFormatException(field, field + ": only north-up GeoTIFFs are supported (the file is rotated or flipped)");
            }
            if ((long) w * h > MAX_PIXELS) {
                throw new RasterFormatException(RasterFormatException.Reason.TOO_LARGE, field, field + ": " + w + "x" + h
                        + " pixels exceeds the limit of " + MAX_PIXELS + " pixels per band", null);
            }
            grid = new RasterGrid(w, h, at.getTranslateX(), at.getTranslateY(), at.getScaleX(), -at.getScaleY());
        } catch (RasterFormatException e) {
            throw e;
        } catch (Exception | LinkageError e) {
            var unbuildable = UnbuildableCrs.of(e);
            if (unbuildable != null) {
                throw new RasterFormatException(RasterFormatException.Reason.UNUSABLE, "invalid_crs", field, field
                        + ": GeoTools cannot build the file's CRS, " + UnbuildableCrs.describe(unbuildable) + " ("
                        + UnbuildableCrs.reason(unbuildable) + "); reproject it to a supported projection such as UTM", e);
            }
            if (fromReferencing(e)) {
                throw new RasterFormatException(RasterFormatException.Reason.UNUSABLE, "invalid_crs", field, field
                        + ": GeoTools cannot build the file's CRS (" + brief(rootCause(e)) + ")", e);
            }
            throw new RasterFormatException(field, field + ": not a readable GeoTIFF (" + brief(e) + ")", e);
        } finally {
            if (geo != null) geo.dispose();
        }
        if (!(crs instanceof ProjectedCRS)) {
            throw new RasterFormatException(field, field + ": the CRS must be projected (e.g. UTM) but is " + crs.getName());
        }
        try {
            epsg = epsgCode(crs);
            if (epsg > 0) crs = CRS.decode("EPSG:" + epsg, true);
        } catch (Exception | LinkageError e) {
            throw new RasterFormatException(RasterFormatException.Reason.UNUSABLE, "invalid_crs", field, field
                    + ": the CRS " + crs.getName() + " cannot be identified (" + brief(e) + ")", e);
        }
        checkGeotransform(grid, crs, field);
        ImageInputStream in = null;
        try {
            in = pixels.open();
            ImageReader r = new TIFFImageReaderSpi().createReaderInstance();
            r.setInput(in, true, true);
            if (r.getWidth(0) != grid.width() || r.getHeight(0) != grid.height()) {
                throw new RasterFormatException(field, field + ": image size disagrees with its georeferencing");
            }
            var sm = r.getImageTypes(0).next().getSampleModel();
            int type = sm.getDataType();
            if (type != DataBuffer.TYPE_BYTE && type != DataBuffer.TYPE_USHORT && type != DataBuffer.TYPE_SHORT
                    && type != DataBuffer.TYPE_INT) {
                throw new RasterFormatException(field, field + ": sample type must be an 8-, 16- or 32-bit integer");
            }
            return new GeoTiffSource(field, grid, crs, epsg, sm.getNumBands(), type, in, r);
        } catch (RasterFormatException e) {
            closeQuietly(in);
            throw e;
        } catch (Exception e) {
            closeQuietly(in);
            throw new RasterFormatException(field, field + ": not a readable TIFF (" + brief(e) + ")", e);
        }
    }

    /**
     * Checks that the pixel size lies within {@value #MIN_PIXEL_M}–{@value #MAX_PIXEL_M} metres (in the CRS's
     * axis unit converted to metres), that the bounds are finite, and that all four corners convert to
     * longitude/latitude with |latitude| ≤ 90°.
     */
    private static void checkGeotransform(RasterGrid grid, CoordinateReferenceSystem crs, String field) {
        double toMetre = 1;
        try {
            var unit = crs.getCoordinateSystem().getAxis(0).getUnit();
            if (unit != null && unit.isCompatible(si.uom.SI.METRE)) {
                @SuppressWarnings("unchecked")
                var length = (javax.measure.Unit<javax.measure.quantity.Length>) unit;
                toMetre = length.getConverterTo(si.uom.SI.METRE).convert(1.0);
            }
        } catch (RuntimeException e) {
            toMetre = 1;
        }
        double px = grid.pixelWidth() * toMetre, py = grid.pixelHeight() * toMetre;
        double minX = grid.minX(), maxY = grid.maxY(), maxX = minX + grid.width() * grid.pixelWidth(), minY = maxY - grid.height() * grid.pixelHeight();
        if (!Double.isFinite(px) || !Double.isFinite(py) || px < MIN_PIXEL_M || py < MIN_PIXEL_M || px > MAX_PIXEL_M || py > MAX_PIXEL_M) {
            throw new RasterFormatException(RasterFormatException.Reason.UNUSABLE, "invalid_geotransform", field, field
                    + ": the geotransform declares pixels of " + px + " x " + py + " m; pixels must measure "
                    + MIN_PIXEL_M + " m to " + MAX_PIXEL_M + " m", null);
        }
        double[] corners = {minX, minY, minX, maxY, maxX, minY, maxX, maxY};
        boolean plausible = Double.isFinite(minX) && Double.isFinite(maxX) && Double.isFinite(minY) && Double.isFinite(maxY);
        MathTransform toLonLat;
        try {
            toLonLat = CRS.findMathTransform(crs, org.geotools.referencing.crs.DefaultGeographicCRS.WGS84, true);
        } catch (Exception | LinkageError e) {
            throw new RasterFormatException(RasterFormatException.Reason.UNUSABLE, "invalid_crs", field, field
                    + ": GeoTools finds no transform from the CRS " + crs.getName() + " to WGS 84 (" + brief(e) + ")", e);
        }
        if (plausible) {
            try {
                double[] ll = new double[8];
                toLonLat.transform(corners, 0, ll, 0, 4);
                for (int i = 0; i < 8; i += 2) {
                    if (!Double.isFinite(ll[i]) || !Double.isFinite(ll[i + 1]) || Math.abs(ll[i + 1]) > 90) plausible = false;
                }
            } catch (Exception e) {
                plausible = false;
            }
        }
        if (!plausible) {
            throw new RasterFormatException(RasterFormatException.Reason.UNUSABLE, "invalid_geotransform", field, field
                    + ": the geotransform places the image at (" + minX + ", " + minY + ") .. (" + maxX + ", " + maxY
                    + "), which is not a place on Earth in " + crs.getName(), null);
        }
    }

    /**
     * The EPSG code of {@code crs}, or 0 when it has none: the code its definition carries (GeoTIFF
     * ProjectedCSTypeGeoKey, a WKT AUTHORITY), else the one UTM zone on WGS 84 that a user-defined Transverse
     * Mercator with UTM's parameters equals. GeoTools' full scan of the EPSG database (which took 26 s and more and
     * needed GeographicLib) is never run: a user-defined CRS is kept as it is, with no code.
     */
    static int epsgCode(CoordinateReferenceSystem crs) throws Exception {
        Integer code = CRS.lookupEpsgCode(crs, false);
        if (code != null && code > 0) return code;
        int utm = utmCandidate(crs);
        if (utm == 0) return 0;
        CoordinateReferenceSystem zone = CRS.decode("EPSG:" + utm, true);
        try {
            // equal when converting between them does nothing (names and GeoTIFF's datum details may differ)
            if (CRS.equalsIgnoreMetadata(zone, crs) || CRS.findMathTransform(zone, crs, false).isIdentity()) return utm;
        } catch (org.geotools.api.referencing.FactoryException e) {
            return 0; // another datum without a known shift: not that zone
        }
        return 0;
    }

    /** The EPSG code of the WGS 84 UTM zone whose parameters {@code crs}'s projection has, else 0. */
    private static int utmCandidate(CoordinateReferenceSystem crs) {
        if (!(crs instanceof ProjectedCRS p)) return 0;
        String method = p.getConversionFromBase().getMethod().getName().getCode().toLowerCase(java.util.Locale.ROOT);
        if (!method.contains("transverse") || !method.contains("mercator")) return 0;
        var values = p.getConversionFromBase().getParameterValues();
        double cm, k, fe, fn, lat0;
        try {
            cm = values.parameter("central_meridian").doubleValue();
            k = values.parameter("scale_factor").doubleValue();
            fe = values.parameter("false_easting").doubleValue();
            fn = values.parameter("false_northing").doubleValue();
            lat0 = values.parameter("latitude_of_origin").doubleValue();
        } catch (RuntimeException e) {
            return 0;
        }
        double zone = (cm + 183) / 6;
        if (Math.abs(zone - Math.rint(zone)) > 1e-9 || zone < 1 || zone > 60 || Math.abs(k - 0.9996) > 1e-12
                || Math.abs(fe - 500000) > 1e-6 || Math.abs(lat0) > 1e-12) return 0;
        if (Math.abs(fn) < 1e-6) return 32600 + (int) Math.rint(zone);
        if (Math.abs(fn - 10_000_000) < 1e-6) return 32700 + (int) Math.rint(zone);
        return 0;
    }

    private static boolean fromReferencing(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.geotools.api.referencing.FactoryException || t instanceof NoClassDefFoundError
                    || t instanceof org.geotools.api.referencing.operation.TransformException) return true;
            String pkg = t.getClass().getPackageName();
            if (pkg.startsWith("org.geotools.api.referencing") || pkg.startsWith("org.geotools.referencing")) return true;
            if (t.getCause() == t) break;
        }
        return false;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t;
    }

    private static void checkTiffSignature(Path file, String field) {
        byte[] head = new byte[4];
        try (var in = Files.newInputStream(file)) {
            int n = in.readNBytes(head, 0, 4);
            boolean le = n == 4 && head[0] == 'I' && head[1] == 'I' && (head[2] == 42 || head[2] == 43) && head[3] == 0;
            boolean be = n == 4 && head[0] == 'M' && head[1] == 'M' && head[2] == 0 && (head[3] == 42 || head[3] == 43);
            if (!le && !be) throw new RasterFormatException(field, field + ": not a TIFF file");
        } catch (IOException e) {
            throw new RasterFormatException(field, field + ": cannot read the file", e);
        }
    }

    /** The grid read: the file's, or the {@link #window} set on it. */
    public RasterGrid grid() { return grid; }

    /** The file's whole grid, whatever the window. */
    public RasterGrid fullGrid() { return fullGrid; }

    /** The window read, in pixels of the file. */
    public Rectangle window() { return new Rectangle(window); }

    /** Whether the file is read by ranges (a remote file). */
    public boolean isRemote() { return cache != null; }

    /** The block width of the file (tile width, or the image width for strips); 0 when unknown (a local file). */
    public int blockWidth() { return blocks == null ? 0 : blocks.blockWidth(); }

    /** The block height of the file (tile height, or RowsPerStrip); 0 when unknown (a local file). */
    public int blockHeight() { return blocks == null ? 0 : blocks.blockHeight(); }

    /** The GDAL scale/offset the file declares for {@code band} (0-based), or null; remote files only (local: {@link GdalScaling#of}). */
    public GdalScaling scaling(int band) { return gdalMetadata == null ? null : GdalScaling.parse(gdalMetadata, band, field); }

    /**
     * Narrows reading to {@code w} x {@code h} pixels from column {@code col0} and row {@code row0} of the file (clipped
     * to it): from then on {@link #grid()} is that window's grid and {@link #readRows} rows count from its top.
     */
    public void window(int col0, int row0, int w, int h) {
        Rectangle r = new Rectangle(col0, row0, w, h).intersection(new Rectangle(0, 0, fullGrid.width(), fullGrid.height()));
        if (r.isEmpty()) throw new IllegalArgumentException("the window " + col0 + "," + row0 + " " + w + "x" + h + " misses the file");
        window = r;
        grid = new RasterGrid(r.width, r.height, fullGrid.minX() + r.x * fullGrid.pixelWidth(),
                fullGrid.maxY() - r.y * fullGrid.pixelHeight(), fullGrid.pixelWidth(), fullGrid.pixelHeight());
    }

    public CoordinateReferenceSystem crs() { return crs; }

    /** The EPSG code of {@link #crs()}, or 0 for a user-defined CRS (see {@link #epsgCode}). */
    public int epsg() { return epsg; }

    public int bandCount() { return bandCount; }

    public boolean isSigned() { return dataType == DataBuffer.TYPE_SHORT || dataType == DataBuffer.TYPE_INT; }

    /**
     * Decodes rows {@code [row0, row0 + rows)} of all columns for each band in {@code bands} (0-based) into
     * {@code out[k]} (row-major, length at least width × rows).
     *
     * @throws RasterFormatException when the data cannot be decoded (truncated or corrupt file)
     */
    public void readRows(int row0, int rows, int[] bands, int[][] out) {
        int w = grid.width();
        try {
            Rectangle region = new Rectangle(window.x, window.y + row0, w, rows);
            if (cache != null) {
                cache.evictBefore(blocks.firstBlockRow(region));
                List<List<RangeReader.ByteRange>> rowsOfBlocks = blocks.ranges(region);
                List<RangeReader.ByteRange> all = new java.util.ArrayList<>();
                for (var r : rowsOfBlocks) all.addAll(r);
                cache.prefetch(all, MERGE_GAP_BYTES, blocks.firstBlockRow(region));
            }
            ImageReadParam p = reader.getDefaultReadParam();
            p.setSourceRegion(region);
            Raster raster = reader.canReadRaster() ? reader.readRaster(0, p) : reader.read(0, p).getRaster();
            DataBuffer db = raster.getDataBuffer();
            var sm = raster.getSampleModel();
            if (sm instanceof java.awt.image.ComponentSampleModel csm) {
                int ps = csm.getPixelStride(), ss = csm.getScanlineStride();
                int[] bo = csm.getBandOffsets();
                int[] banks = csm.getBankIndices();
                int tx = raster.getSampleModelTranslateX(), ty = raster.getSampleModelTranslateY();
                for (int k = 0; k < bands.length; k++) {
                    int b = bands[k];
                    int bank = banks[b];
                    int base = db.getOffsets()[bank] + bo[b] + (raster.getMinY() - ty) * ss + (raster.getMinX() - tx) * ps;
                    copyBand(db, bank, base, ps, ss, w, rows, out[k]);
                }
            } else {
                for (int k = 0; k < bands.length; k++) raster.getSamples(raster.getMinX(), raster.getMinY(), w, rows, bands[k], out[k]);
            }
        } catch (RasterFormatException e) {
            throw e;
        } catch (Exception | LinkageError e) {
            RangeReader.RemoteReadException r = remoteCause(e);
            if (r != null) throw remote(r, field, cache.name(), null);
            throw new RasterFormatException(field, field + ": cannot decode rows " + row0 + ".." + (row0 + rows)
                    + " (" + brief(e) + "); the file may be truncated or corrupt", e);
        }
    }

    private static void copyBand(DataBuffer db, int bank, int base, int ps, int ss, int w, int rows, int[] out) {
        if (db instanceof DataBufferUShort u) {
            short[] a = u.getData(bank);
            for (int r = 0; r < rows; r++) {
                int s = base + r * ss, o = r * w;
                for (int c = 0; c < w; c++, s += ps) out[o + c] = a[s] & 0xFFFF;
            }
        } else if (db instanceof DataBufferShort sh) {
            short[] a = sh.getData(bank);
            for (int r = 0; r < rows; r++) {
                int s = base + r * ss, o = r * w;
                for (int c = 0; c < w; c++, s += ps) out[o + c] = a[s];
            }
        } else if (db instanceof DataBufferByte by) {
            byte[] a = by.getData(bank);
            for (int r = 0; r < rows; r++) {
                int s = base + r * ss, o = r * w;
                for (int c = 0; c < w; c++, s += ps) out[o + c] = a[s] & 0xFF;
            }
        } else if (db instanceof DataBufferInt in) {
            int[] a = in.getData(bank);
            for (int r = 0; r < rows; r++) {
                int s = base + r * ss, o = r * w;
                for (int c = 0; c < w; c++, s += ps) out[o + c] = a[s];
            }
        } else {
            throw new IllegalStateException("unsupported data buffer " + db.getClass().getSimpleName());
        }
    }

    private static String brief(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + (m.length() > 160 ? m.substring(0, 160) + "..." : m));
    }

    private static void closeQuietly(ImageInputStream in) {
        if (in == null) return;
        try { in.close(); } catch (IOException ignored) { }
    }

    @Override
    public void close() {
        reader.dispose();
        closeQuietly(input);
    }
}
