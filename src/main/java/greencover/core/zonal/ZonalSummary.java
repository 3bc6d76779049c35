package greencover.core.zonal;

import greencover.core.raster.PixelClass;
import greencover.core.raster.RasterGrid;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * A mergeable accumulator of what a polygon covers in one or more index rasters: covered area per
 * {@link PixelClass}, and over valid pixels the weighted moments, extremes and a fine histogram of the index
 * value.
 *
 * <h2>Weights</h2>
 * Every cell weighs {@code w = coverage × pixelAreaM2}, so summaries of scenes with different pixel sizes add up
 * by plain addition. A pixel of class VALID whose value is NaN counts as NODATA. Extremes are taken over cells
 * with coverage &gt; 0.
 *
 * <h2>Histogram</h2>
 * Valid weight is binned by value into {@value #BINS} bins of width 1e-4 over [-1, 1]: bin {@code k} is centred
 * at {@code -1 + k × 1e-4} and value {@code v} falls into bin {@code round((v + 1) × 10000)}, values outside
 * [-1, 1] into the end bins. Green area, quantiles, FVC and cover-class areas are read from the bins, so they
 * treat values as quantised to 1e-4: {@link #greenAreaM2(double)} agrees with an exact {@code v >= t} test except
 * for pixels whose value lies within 5e-5 of {@code t}. The histogram (160 kB) is allocated by the first
 * {@link #addBlock} or by merging a summary that has one; an empty summary stays small.
 *
 * <h2>Site area</h2>
 * {@link #siteAreaM2()} is the whole polygon's area, set by the caller; covered area that no scene observed
 * (outside the grid) counts as no data in {@link ZonalStatistics}. {@link #merge} adds everything except the
 * site area, which stays that of this summary: merging the parts of one site seen by two scenes of one date
 * needs nothing more; merging different sites needs {@link #setSiteAreaM2} with the sum.
 *
 * <p>Not thread-safe: one summary per thread, merged at the end.
 */
public final class ZonalSummary {

    /** Number of histogram bins: values -1, -0.9999, ..., 1. */
    public static final int BINS = 20001;
    /** Histogram bins per index unit (bin width 1e-4). */
    public static final int BINS_PER_UNIT = 10000;

    /** The encoding written: 2 adds the shadow class area and its marker; 1 (five classes) is still read. */
    private static final int FORMAT = 2;
    private static final int CLASSES = PixelClass.COUNT;
    // indices into the accumulator of addBlock/addRow after the class areas
    private static final int SWV = CLASSES, SWV2 = CLASSES + 1, MIN = CLASSES + 2, MAX = CLASSES + 3;

    private double siteAreaM2;
    private final double[] classAreaM2 = new double[CLASSES];
    private boolean shadowSeparated = true;
    private double sumW, sumWV, sumWV2;
    private double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
    private double[] histogram;

    /** An empty summary of a site of {@code siteAreaM2} (≥ 0). */
    public ZonalSummary(double siteAreaM2) {
        setSiteAreaM2(siteAreaM2);
    }

    /**
     * Summarises the cells of {@code grid} covered by {@code coverage}, with one class code and one value per
     * grid cell ({@code classes} and {@code values} row-major over the whole grid).
     *
     * @throws IllegalArgumentException if the arrays do not match the grid
     */
    public static ZonalSummary of(PolygonCoverage coverage, RasterGrid grid, byte[] classes, float[] values,
                                  double siteAreaM2) {
        if (coverage == null) throw new IllegalArgumentException("coverage must not be null");
        if (grid == null) throw new IllegalArgumentException("grid must not be null");
        if (classes == null || classes.length != grid.pixelCount()) {
            throw new IllegalArgumentException("classes must hold " + grid.pixelCount() + " values");
        }
        if (values == null || values.length != grid.pixelCount()) {
            throw new IllegalArgumentException("values must hold " + grid.pixelCount() + " values");
        }
        if (coverage.colMax() > grid.width() || coverage.rowMax() > grid.height()) {
            throw new IllegalArgumentException("coverage window exceeds the grid " + grid.width() + "x" + grid.height());
        }
        ZonalSummary s = new ZonalSummary(siteAreaM2);
        if (coverage.isEmpty()) return s;
        int w = coverage.windowWidth();
        int band = Math.max(1, Math.min(coverage.windowHeight(), (1 << 20) / w));
        float[] cov = new float[band * w];
        for (int r = coverage.rowMin(); r < coverage.rowMax(); r += band) {
            int re = Math.min(coverage.rowMax(), r + band);
            coverage.fillRows(r, re, cov);
            s.addBlock(cov, 0, w, classes, values, r * grid.width() + coverage.colMin(), grid.width(), w, re - r,
                    grid.pixelArea());
        }
        return s;
    }

    /**
     * Adds a block of {@code width × height} cells: cell (i, j) has coverage
     * {@code coverage[covOff + j × covStride + i]}, class code {@code classes[dataOff + j × dataStride + i]} and
     * value {@code values[dataOff + j × dataStride + i]}; each weighs {@code coverage × pixelAreaM2}.
     *
     * @throws IllegalArgumentException if {@code pixelAreaM2} is not positive or a class code is not a {@link PixelClass} code
     */
    public void addBlock(float[] coverage, int covOff, int covStride, byte[] classes, float[] values,
                         int dataOff, int dataStride, int width, int height, double pixelAreaM2) {
        if (!(pixelAreaM2 > 0) || Double.isInfinite(pixelAreaM2)) {
            throw new IllegalArgumentException("pixelAreaM2 must be positive but was " + pixelAreaM2);
        }
        if (width <= 0 || height <= 0) return;
        double[] hist = histogram();
        // acc: Σw per class code, then Σw·v, Σw·v², min, max of valid values
        double[] acc = new double[CLASSES + 4];
        acc[MIN] = min;
        acc[MAX] = max;
        for (int j = 0; j < height; j++) {
            addRow(coverage, covOff + j * covStride, classes, values, dataOff + j * dataStride, width, pixelAreaM2,
                    hist, acc);
        }
        for (int k = 0; k < CLASSES; k++) classAreaM2[k] += acc[k];
        sumW += acc[PixelClass.VALID_CODE];
        sumWV += acc[SWV];
        sumWV2 += acc[SWV2];
        min = acc[MIN];
        max = acc[MAX];
    }

    /** The hot loop over one row; kept small so the JIT compiles it early and fully. */
    private static void addRow(float[] coverage, int ci, byte[] classes, float[] values, int di, int width,
                               double pixelAreaM2, double[] hist, double[] acc) {
        double sw = 0, swv = 0, swv2 = 0;
        double mn = acc[MIN], mx = acc[MAX];
        for (int i = 0; i < width; i++) {
            float c = coverage[ci + i];
            if (!(c > 0f)) continue;
            double w = c * pixelAreaM2;
            byte cls = classes[di + i];
            float v = values[di + i];
            if (cls == PixelClass.VALID_CODE && v == v) {
                sw += w;
                double wv = w * v;
                swv += wv;
                swv2 += wv * v;
                mn = v < mn ? v : mn;
                mx = v > mx ? v : mx;
                int b = (int) ((v + 1.0) * BINS_PER_UNIT + 0.5);
                b = b < 0 ? 0 : b > BINS - 1 ? BINS - 1 : b;
                hist[b] += w;
            } else {
                if (cls < 0 || cls >= CLASSES) {
                    throw new IllegalArgumentException("classes holds " + cls + ", not a pixel class code");
                }
                acc[cls == PixelClass.VALID_CODE ? PixelClass.NODATA_CODE : cls] += w;
            }
        }
        acc[PixelClass.VALID_CODE] += sw;
        acc[SWV] += swv;
        acc[SWV2] += swv2;
        acc[MIN] = mn;
        acc[MAX] = mx;
    }

    /**
     * Adds {@code other}'s class areas, moments, extremes and histogram to this summary; the site area stays
     * this summary's own (see the class comment).
     */
    public void merge(ZonalSummary other) {
        if (other == null) throw new IllegalArgumentException("other must not be null");
        for (int k = 0; k < CLASSES; k++) classAreaM2[k] += other.classAreaM2[k];
        shadowSeparated &= other.shadowSeparated;
        sumW += other.sumW;
        sumWV += other.sumWV;
        sumWV2 += other.sumWV2;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        if (other.histogram != null) {
            double[] hist = histogram();
            for (int k = 0; k < BINS; k++) hist[k] += other.histogram[k];
        }
    }

    /** Sets the area of the whole site polygon in m² (≥ 0). */
    public void setSiteAreaM2(double siteAreaM2) {
        if (!(siteAreaM2 >= 0) || Double.isInfinite(siteAreaM2)) {
            throw new IllegalArgumentException("siteAreaM2 must be a finite area >= 0 but was " + siteAreaM2);
        }
        this.siteAreaM2 = siteAreaM2;
    }

    /** Area of the whole site polygon in m², as set by the caller. */
    public double siteAreaM2() { return siteAreaM2; }

    /** Covered area in m² of pixels of class {@code pixelClass} (NaN-valued VALID pixels count as NODATA). */
    public double classAreaM2(PixelClass pixelClass) { return classAreaM2[pixelClass.code()]; }

    /**
     * False when this summary (or one merged into it) was stored before {@link PixelClass#SHADOW} existed
     * (encoding 1): its shadow is then part of its cloud area and its shadow area reads 0.
     */
    public boolean shadowSeparated() { return shadowSeparated; }

    /** Marks this summary's shadow as counted in its cloud area (see {@link #shadowSeparated()}). */
    public void markShadowInCloud() { shadowSeparated = false; }

    /** Covered area of valid pixels in m², Σw. */
    public double validAreaM2() { return sumW; }

    /** Σ w·v over valid pixels (m² × index unit). */
    public double sumWeightedValues() { return sumWV; }

    /** Σ w·v² over valid pixels. */
    public double sumWeightedSquares() { return sumWV2; }

    /** Smallest valid value seen, or NaN when there is none. */
    public double min() { return min == Double.POSITIVE_INFINITY ? Double.NaN : min; }

    /** Largest valid value seen, or NaN when there is none. */
    public double max() { return max == Double.NEGATIVE_INFINITY ? Double.NaN : max; }

    /** Weight (m²) in histogram bin {@code bin}, 0 ≤ bin &lt; {@value #BINS}. */
    public double binAreaM2(int bin) {
        if (bin < 0 || bin >= BINS) throw new IllegalArgumentException("bin must be in [0, " + BINS + ") but was " + bin);
        return histogram == null ? 0 : histogram[bin];
    }

    /** Centre value of histogram bin {@code bin}: {@code -1 + bin × 1e-4}. */
    public static double binValue(int bin) { return -1 + bin / (double) BINS_PER_UNIT; }

    /** The first bin holding values ≥ {@code t}: {@code ceil((t + 1) × 10000 − 1e-9)}, clamped to the bins. */
    public static int firstBinAtOrAbove(double t) {
        double k = Math.ceil((t + 1) * BINS_PER_UNIT - 1e-9);
        return (int) Math.max(0, Math.min(BINS, k));
    }

    /**
     * Returns the valid area in m² with value ≥ {@code t} (values quantised to 1e-4, see the class comment).
     */
    public double greenAreaM2(double t) {
        if (!(t >= -1 && t <= 1)) throw new IllegalArgumentException("threshold must be in [-1, 1] but was " + t);
        return binSum(firstBinAtOrAbove(t), BINS);
    }

    /** Sum of the bins {@code from..to-1}. */
    double binSum(int from, int to) {
        if (histogram == null) return 0;
        double s = 0;
        for (int k = from; k < to; k++) s += histogram[k];
        return s;
    }

    /** The histogram (not a copy), or null when no valid pixel was added. */
    double[] histogramOrNull() { return histogram; }

    private double[] histogram() {
        if (histogram == null) histogram = new double[BINS];
        return histogram;
    }

    /**
     * Encodes this summary compactly (sparse histogram, deflated); {@link #fromBytes} restores it exactly.
     */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes))) {
            out.writeByte(FORMAT);
            out.writeDouble(siteAreaM2);
            for (double a : classAreaM2) out.writeDouble(a);
            out.writeBoolean(shadowSeparated);
            out.writeDouble(sumW);
            out.writeDouble(sumWV);
            out.writeDouble(sumWV2);
            out.writeDouble(min);
            out.writeDouble(max);
            int nonZero = 0;
            if (histogram != null) for (double h : histogram) if (h != 0) nonZero++;
            out.writeInt(nonZero);
            int last = -1;
            if (histogram != null) {
                for (int k = 0; k < BINS; k++) {
                    if (histogram[k] != 0) {
                        writeVarInt(out, k - last);
                        out.writeDouble(histogram[k]);
                        last = k;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes a summary written by {@link #toBytes()}.
     *
     * @throws IllegalArgumentException if {@code bytes} is not such an encoding
     */
    public static ZonalSummary fromBytes(byte[] bytes) {
        if (bytes == null) throw new IllegalArgumentException("bytes must not be null");
        try (DataInputStream in = new DataInputStream(new InflaterInputStream(new ByteArrayInputStream(bytes)))) {
            int format = in.readUnsignedByte();
            if (format != FORMAT && format != 1) throw new IllegalArgumentException("bytes has unknown summary format " + format);
            ZonalSummary s = new ZonalSummary(in.readDouble());
            if (format == 1) { // five classes; shadow was stored as cloud
                for (int k = 0; k < 5; k++) s.classAreaM2[k] = in.readDouble();
                s.shadowSeparated = false;
            } else {
                for (int k = 0; k < CLASSES; k++) s.classAreaM2[k] = in.readDouble();
                s.shadowSeparated = in.readBoolean();
            }
            s.sumW = in.readDouble();
            s.sumWV = in.readDouble();
            s.sumWV2 = in.readDouble();
            s.min = in.readDouble();
            s.max = in.readDouble();
            int nonZero = in.readInt();
            if (nonZero < 0 || nonZero > BINS) throw new IllegalArgumentException("bytes has a corrupt histogram");
            int k = -1;
            for (int i = 0; i < nonZero; i++) {
                k += readVarInt(in);
                if (k < 0 || k >= BINS) throw new IllegalArgumentException("bytes has a corrupt histogram");
                s.histogram()[k] = in.readDouble();
            }
            return s;
        } catch (IOException e) {
            throw new IllegalArgumentException("bytes is not an encoded zonal summary: " + e.getMessage(), e);
        }
    }

    private static void writeVarInt(DataOutputStream out, int v) throws IOException {
        while ((v & ~0x7F) != 0) {
            out.writeByte((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.writeByte(v);
    }

    private static int readVarInt(DataInputStream in) throws IOException {
        int v = 0;
        for (int shift = 0; shift < 32; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) return v;
        }
        throw new IOException("varint too long");
    }

    /** True when {@code o} is a summary with bit-identical areas, moments, extremes and histogram. */
    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof ZonalSummary s)) return false;
        return Double.compare(siteAreaM2, s.siteAreaM2) == 0 && Arrays.equals(classAreaM2, s.classAreaM2)
                && shadowSeparated == s.shadowSeparated
                && Double.compare(sumW, s.sumW) == 0 && Double.compare(sumWV, s.sumWV) == 0
                && Double.compare(sumWV2, s.sumWV2) == 0 && Double.compare(min, s.min) == 0
                && Double.compare(max, s.max) == 0 && Arrays.equals(histogramForEquality(), s.histogramForEquality());
    }

    private double[] histogramForEquality() { return histogram == null ? new double[BINS] : histogram; }

    @Override
    public int hashCode() {
        return Arrays.hashCode(classAreaM2) * 31 + Double.hashCode(sumW);
    }

    @Override
    public String toString() {
        return "ZonalSummary[siteAreaM2=" + siteAreaM2 + ", classAreasM2=" + Arrays.toString(classAreaM2)
                + ", sumW=" + sumW + ", mean=" + (sumWV / sumW) + ", min=" + min() + ", max=" + max() + "]";
    }
}
