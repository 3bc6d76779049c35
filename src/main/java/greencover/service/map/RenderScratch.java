package greencover.service.map;

/**
 * Working arrays of one rendering thread, reused from request to request so that a tile does not allocate
 * (and zero) about a megabyte: the source column and row of every target pixel, the window of source cells
 * read for sampling, and the palette indices of the image. Arrays are handed out at least as long as asked,
 * with stale content; arrays for more than {@link #MAX_PIXELS} pixels are allocated per call and not kept,
 * so a thread holds at most a few megabytes. Each method's array stays valid until that same method is
 * called again on the same thread.
 */
final class RenderScratch {
    /** The largest image (512 × 512, an @2x tile) whose arrays are kept. */
    static final int MAX_PIXELS = 512 * 512;

    private static final ThreadLocal<RenderScratch> LOCAL = ThreadLocal.withInitial(RenderScratch::new);

    private float[] col = new float[0];
    private float[] row = new float[0];
    private short[] window = new short[0];
    private byte[] indices = new byte[0];

    private RenderScratch() {}

    /** The calling thread's scratch. */
    static RenderScratch get() { return LOCAL.get(); }

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
