package greencover.core.raster;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Per-pixel surface reflectance (0–1 units, NaN where the pixel is not valid) of {@link #n()} pixels, one
 * {@code float[]} per {@link BandRole}, so that a {@link SensorProfile} fills and a spectral index reads bands by
 * role instead of by position. The arrays are shared, not copied: a strip buffer is allocated once and refilled
 * strip after strip. Fetch each array once with {@link #get} and loop over it; never look a role up per pixel.
 *
 * <p>Every array is at least {@code n} long. Immutable apart from the contents of the arrays.
 */
public final class Bands {
    private static final BandRole[] ROLES = BandRole.values();
    private final float[][] byRole;
    private final int n;

    private Bands(float[][] byRole, int n) {
        this.byRole = byRole;
        this.n = n;
    }

    /**
     * Bands of {@code n} pixels over the given arrays.
     *
     * @throws IllegalArgumentException when {@code n} is negative, or naming the role whose array is null or
     *         shorter than {@code n}
     */
    public static Bands of(int n, Map<BandRole, float[]> arrays) {
        if (n < 0) throw new IllegalArgumentException("n must be non-negative but was " + n);
        float[][] a = new float[ROLES.length][];
        arrays.forEach((role, array) -> {
            Objects.requireNonNull(role, "role");
            if (array == null) throw new IllegalArgumentException(role.key() + " must not be null");
            if (array.length < n) {
                throw new IllegalArgumentException(role.key() + " has " + array.length + " elements but n is " + n);
            }
            a[role.ordinal()] = array;
        });
        return new Bands(a, n);
    }

    /** New zero-filled arrays of length {@code n} for each of {@code roles}. */
    public static Bands allocate(Set<BandRole> roles, int n) {
        Map<BandRole, float[]> m = new EnumMap<>(BandRole.class);
        for (BandRole r : roles) m.put(r, new float[n]);
        return of(n, m);
    }

    /** One pixel with the given reflectances, e.g. for a scalar evaluation of an index. */
    public static Bands pixel(Map<BandRole, Double> reflectance) {
        Map<BandRole, float[]> m = new EnumMap<>(BandRole.class);
        reflectance.forEach((role, v) -> m.put(role, new float[] {v.floatValue()}));
        return of(1, m);
    }

    /** The same arrays seen as the first {@code n} pixels (e.g. the shorter last strip of a raster). */
    public Bands withLength(int n) {
        if (n < 0 || n > this.n) throw new IllegalArgumentException("n must be in [0, " + this.n + "] but was " + n);
        return n == this.n ? this : new Bands(byRole, n);
    }

    /** Number of pixels. */
    public int n() { return n; }

    /** Whether the band {@code role} is present. */
    public boolean has(BandRole role) { return byRole[role.ordinal()] != null; }

    /** The array of {@code role}, or null when that band is absent. */
    public float[] get(BandRole role) { return byRole[role.ordinal()]; }

    /**
     * The array of {@code role}.
     *
     * @throws IllegalArgumentException naming {@code role} and {@code user} when the band is absent
     */
    public float[] require(BandRole role, String user) {
        float[] a = byRole[role.ordinal()];
        if (a == null) throw new IllegalArgumentException(role.key() + " is required by " + user + " but is absent");
        return a;
    }

    /** The roles present, in {@link BandRole} order. */
    public Set<BandRole> roles() {
        Set<BandRole> s = EnumSet.noneOf(BandRole.class);
        for (BandRole r : ROLES) if (byRole[r.ordinal()] != null) s.add(r);
        return Collections.unmodifiableSet(s);
    }

    @Override
    public String toString() { return "Bands" + roles() + " x " + n; }
}
