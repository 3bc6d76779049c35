package greencover.core.raster;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The raw digital numbers (non-negative ints: unsigned 16-bit samples already widened) of {@link #n()} pixels,
 * one {@code int[]} per {@link BandRole}, including the sensor's quality layer as {@link BandRole#MASK}: the
 * input of {@link SensorProfile#convert}. As with {@link Bands}, the arrays are shared buffers, at least
 * {@code n} long; fetch each once with {@link #get}.
 */
public final class DnBands {
    private static final BandRole[] ROLES = BandRole.values();
    private final int[][] byRole;
    private final int n;

    private DnBands(int[][] byRole, int n) {
        this.byRole = byRole;
        this.n = n;
    }

    /**
     * DNs of {@code n} pixels over the given arrays.
     *
     * @throws IllegalArgumentException when {@code n} is negative, or naming the role whose array is null or
     *         shorter than {@code n}
     */
    public static DnBands of(int n, Map<BandRole, int[]> arrays) {
        if (n < 0) throw new IllegalArgumentException("n must be non-negative but was " + n);
        int[][] a = new int[ROLES.length][];
        arrays.forEach((role, array) -> {
            Objects.requireNonNull(role, "role");
            if (array == null) throw new IllegalArgumentException(role.key() + " must not be null");
            if (array.length < n) {
                throw new IllegalArgumentException(role.key() + " has " + array.length + " elements but n is " + n);
            }
            a[role.ordinal()] = array;
        });
        return new DnBands(a, n);
    }

    /** New zero-filled arrays of length {@code n} for each of {@code roles}. */
    public static DnBands allocate(Set<BandRole> roles, int n) {
        Map<BandRole, int[]> m = new EnumMap<>(BandRole.class);
        for (BandRole r : roles) m.put(r, new int[n]);
        return of(n, m);
    }

    /** The same arrays seen as the first {@code n} pixels. */
    public DnBands withLength(int n) {
        if (n < 0 || n > this.n) throw new IllegalArgumentException("n must be in [0, " + this.n + "] but was " + n);
        return n == this.n ? this : new DnBands(byRole, n);
    }

    /** Number of pixels. */
    public int n() { return n; }

    /** Whether the band {@code role} is present. */
    public boolean has(BandRole role) { return byRole[role.ordinal()] != null; }

    /** The array of {@code role}, or null when that band is absent. */
    public int[] get(BandRole role) { return byRole[role.ordinal()]; }

    /** The roles present, in {@link BandRole} order. */
    public Set<BandRole> roles() {
        Set<BandRole> s = EnumSet.noneOf(BandRole.class);
        for (BandRole r : ROLES) if (byRole[r.ordinal()] != null) s.add(r);
        return Collections.unmodifiableSet(s);
    }

    @Override
    public String toString() { return "DnBands" + roles() + " x " + n; }
}
