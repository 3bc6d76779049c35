package greencover.service;

import greencover.core.raster.BandRole;
import greencover.core.raster.RasterGrid;
import greencover.core.raster.SensorProfile;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * A scene decoded and converted to reflectance and pixel classes strip by strip, one strip ahead of its
 * consumer on a background thread, so that decoding strip k + 1 overlaps whatever the caller does with strip
 * k. Two buffer sets alternate: a strip returned by {@link #next()} stays valid until the call after next.
 */
final class ConvertedStrips implements AutoCloseable {

    /** One converted strip: rows [row0, row0 + rows) of reflectance (NaN where not valid) and class codes. */
    static final class Strip {
        final float[] red, nir, blue, swir1;
        final byte[] classes;
        int row0, rows;
        long decodeNanos, convertNanos;

        private Strip(int n, boolean withBlue, boolean withSwir1) {
            red = new float[n];
            nir = new float[n];
            blue = withBlue ? new float[n] : null;
            swir1 = withSwir1 ? new float[n] : null;
            classes = new byte[n];
        }
    }

    private final SceneStrips strips;
    private final SensorProfile sensor;
    private final Map<BandRole, int[]> dn;
    private final Strip[] buffers;
    private final int height, stripRows, width;
    private final ExecutorService decoder;
    private Future<Strip> pending;
    private int nextRow, produced;

    ConvertedStrips(SceneStrips strips, SensorProfile sensor, Iterable<BandRole> roles) {
        this.strips = strips;
        this.sensor = sensor;
        RasterGrid grid = strips.grid();
        this.width = grid.width();
        this.height = grid.height();
        this.stripRows = strips.stripRows();
        int n = width * stripRows;
        this.dn = SceneStrips.buffers(roles, n);
        boolean blue = dn.containsKey(BandRole.BLUE), swir1 = dn.containsKey(BandRole.SWIR1);
        this.buffers = new Strip[] {new Strip(n, blue, swir1), new Strip(n, blue, swir1)};
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
        sensor.convert(rows * width, dn.get(BandRole.RED), dn.get(BandRole.NIR), dn.get(BandRole.BLUE), dn.get(BandRole.SWIR1),
                dn.get(BandRole.MASK), s.red, s.nir, s.blue, s.swir1, s.classes);
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
