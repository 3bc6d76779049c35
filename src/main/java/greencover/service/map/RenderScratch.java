package greencover.service.map;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * Working arrays of one render, reused from request to request so that a tile does not allocate (and zero)
 * about a megabyte: the source column and row of every target pixel, the window of source cells read for
 * sampling, and the palette indices of the image. Arrays are handed out at least as long as asked, with stale
 * content; arrays for more than {@link #MAX_PIXELS} pixels are allocated per call and not kept, so one scratch
 * holds at most a few megabytes. Each method's array stays valid until that same method is called again on the
 * same scratch. Not thread-safe: a render checks one out of its renderer's {@link Pool} and returns it when done,
 * so no two renders ever share one.
 */
final class RenderScratch {
    /** The largest image (512 × 512, an @2x tile) whose arrays are kept. */
    static final int MAX_PIXELS = 512 * 512;

    private float[] col = new float[0];
    private float[] row = new float[0];
    private short[] window = new short[0];
    private byte[] indices = new byte[0];

    RenderScratch() {}

    /**
     * The idle scratches of one renderer, at most {@code maxIdle} of them: {@link #take} hands out an idle one or
     * a new one, {@link #give} keeps it for the next render or drops it (to the garbage collector) when the pool
     * is full. Thread-safe; a scratch is held by one render at a time.
     */
    static final class Pool {
        private final ArrayBlockingQueue<RenderScratch> idle;

        /** @param maxIdle idle scratches kept, 1 or more */
        Pool(int maxIdle) {
            if (maxIdle < 1) throw new IllegalArgumentException("maxIdle must be 1 or more but was " + maxIdle);
            idle = new ArrayBlockingQueue<>(maxIdle);
        }

        /** A scratch for the caller alone until it is given back. */
        RenderScratch take() {
            RenderScratch s = idle.poll();
            return s != null ? s : new RenderScratch();
        }

        /** Returns {@code s}, which the caller must no longer use. */
        void give(RenderScratch s) { idle.offer(s); }
    }

    /** Source columns for {@code n} pixels. */
    float[] col(int n) {
        if (n > MAX_PIXELS) return new float[n];
        if (col.length < n) col = new float[n];
        return col;
    }

    /** Source rows for {@code n} pixels. */
    float[] row(int n) {
        if (n > MAX_PIXELS) return new float[n];
        if (row.length < n) row = new float[n];
        return row;
    }

    /** A window of {@code cells} source cells (kept up to 5 × {@link #MAX_PIXELS}). */
    short[] window(int cells) {
        if (cells > 5 * MAX_PIXELS) return new short[cells];
        if (window.length < cells) window = new short[cells];
        return window;
    }

    /** Palette indices for {@code n} pixels. */
    byte[] indices(int n) {
        if (n > MAX_PIXELS) return new byte[n];
        if (indices.length < n) indices = new byte[n];
        return indices;
    }
}
