package greencover.service;

import greencover.core.raster.IndexCodes;
import greencover.core.raster.IndexRaster;
import greencover.core.raster.RasterGrid;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.geotools.api.referencing.crs.CoordinateReferenceSystem;

/**
 * An {@link IndexRaster} whose reads never fail for a damaged file: a window read first checks that the file still
 * has its size ({@link IndexRaster#intact}: one {@code fstat}), and a read that fails because the file under the
 * memory map was truncated (the JVM's {@link InternalError}, or an I/O error) is reported once to {@code onDamage};
 * from then on every read answers no data, so one damaged scene leaves a hole in a map instead of failing it. (The
 * JVM may deliver the fault of a single-sample read after the read returned; the request-level retry in
 * {@code http.JavaErrors} covers that case.)
 */
final class GuardedIndexRaster implements IndexRaster {
    private final IndexRaster raster;
    private final Consumer<Throwable> onDamage;
    private final AtomicBoolean reported = new AtomicBoolean();

    GuardedIndexRaster(IndexRaster raster, Consumer<Throwable> onDamage) {
        this.raster = raster;
        this.onDamage = onDamage;
    }

    @Override public RasterGrid grid() { return raster.grid(); }

    @Override public CoordinateReferenceSystem crs() { return raster.crs(); }

    @Override public int epsg() { return raster.epsg(); }

    @Override public int levelCount() { return raster.levelCount(); }

    @Override
    public short sample(int level, int col, int row) {
        if (reported.get()) return IndexCodes.NODATA;
        try {
            return raster.sample(level, col, row);
        } catch (InternalError | RuntimeException e) {
            failed(e);
            return IndexCodes.NODATA;
        }
    }

    @Override
    public void read(int level, int col0, int row0, int w, int h, short[] out) {
        if (reported.get() || !raster.intact()) { // a truncated file faults the read, and the JVM may report that late
            failed(new java.io.UncheckedIOException(new java.io.IOException("the file is shorter than its header says")));
            Arrays.fill(out, 0, w * h, IndexCodes.NODATA);
            return;
        }
        try {
            raster.read(level, col0, row0, w, h, out);
        } catch (InternalError | RuntimeException e) {
            failed(e);
            Arrays.fill(out, 0, w * h, IndexCodes.NODATA);
        }
    }

    private void failed(Throwable e) {
        if (!SceneDamages.isFileFailure(e)) {
            if (e instanceof RuntimeException r) throw r;
            throw (Error) e;
        }
        if (reported.compareAndSet(false, true)) onDamage.accept(e);
    }

    /** Nothing: the raster stays owned by the file store. */
    @Override
    public void close() { }
}
