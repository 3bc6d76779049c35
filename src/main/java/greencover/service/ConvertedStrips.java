package greencover.service;

import greencover.core.raster.BandRole;
import greencover.core.raster.Bands;
import greencover.core.raster.DnBands;
import greencover.core.raster.RasterGrid;
import greencover.core.raster.SensorProfile;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * A scene decoded and converted to reflectance and pixel classes strip by strip, one strip ahead of its
 * consumer on a background thread, so that decoding strip k + 1 overlaps whatever the caller does with strip
 * k. Two buffer sets alternate: a strip returned by {@link #next()} stays valid until the call after next.
 */
final class ConvertedStrips implements AutoCloseable {

    /**
     * One converted strip: rows [row0, row0 + rows) of reflectance by role (NaN where not valid; its
     * {@link Bands#n()} is the strip's pixel count) and class codes.
     */
    static final class Strip {
        private final Bands buffer;
        Bands reflectance;
        final byte[] classes;
        int row0, rows;
        long decodeNanos, convertNanos;

        private Strip(Set<BandRole> roles, int n) {
            buffer = Bands.allocate(roles, n);
            reflectance = buffer;
            classes = new byte[n];
        }
    }

    private final SceneStrips strips;
    private final SensorProfile sensor;
    private final DnBands dn;
    private final Strip[] buffers;
    private final int height, stripRows, width;
    private final ExecutorService decoder;
    private Future<Strip> pending;
    private int nextRow, produced;

    /**
     * Converts the bands {@code roles} of {@code strips} (plus the quality bands, which only set the classes, when the
     * scene has them); each role must be a band of the scene. Other bands of the scene are not decoded.
     */
    ConvertedStrips(SceneStrips strips, SensorProfile sensor, Set<BandRole> roles) {
        this.strips = strips;
        this.sensor = sensor;
        RasterGrid grid = strips.grid();
        this.width = grid.width();
        this.height = grid.height();
        this.stripRows = strips.stripRows();
        int n = width * stripRows;
        Set<BandRole> read = EnumSet.copyOf(roles);
        read.removeIf(BandRole::isQuality);
        Set<BandRole> out = EnumSet.copyOf(read);
        for (BandRole q : strips.roles()) if (q.isQuality()) read.add(q); // the mask and QA_RADSAT set the classes
        this.dn = DnBands.allocate(read, n);
        this.buffers = new Strip[] {new Strip(out, n), new Strip(out, n)};
        this.decoder = Parallel.pool("ingest-decode", 1);
        submitNext();
    }

    /** The next strip from the top, or null after the last one. */
    Strip next() {
        if (pending == null) return null;
        Strip s;
        try {
            s = Parallel.join(pending);
        } catch (RuntimeException | Error e) {
            pending = null;
            throw e;
        }
        submitNext();
        return s;
    }

    private void submitNext() {
        if (nextRow >= height) {
            pending = null;
            return;
        }
        Strip s = buffers[produced++ & 1];
        int row0 = nextRow, rows = Math.min(stripRows, height - row0);
        nextRow += rows;
        pending = decoder.submit(() -> fill(s, row0, rows));
    }

    private Strip fill(Strip s, int row0, int rows) {
        long a = System.nanoTime();
        strips.read(row0, rows, dn);
        long b = System.nanoTime();
        int m = rows * width;
        s.reflectance = s.buffer.withLength(m);
        sensor.convert(dn.withLength(m), s.reflectance, s.classes);
        s.row0 = row0;
        s.rows = rows;
        s.decodeNanos = b - a;
        s.convertNanos = System.nanoTime() - b;
        return s;
    }

    /** Waits for a strip still being decoded (so the sources can be closed safely) and stops the thread. */
    @Override
    public void close() {
        if (pending != null) {
            try {
                pending.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException ignored) {
                // the caller is already failing or done; the strip is not needed
            }
            pending = null;
        }
        decoder.shutdown();
    }
}
