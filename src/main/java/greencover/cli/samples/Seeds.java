package greencover.cli.samples;

/** Derives independent, reproducible seeds from the user's seed (SplitMix64 finaliser). */
final class Seeds {

    private Seeds() {
    }

    /** Scrambles {@code z} into a well-mixed 64-bit value (the SplitMix64 finaliser). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A seed for one purpose, derived from the base seed and a list of integers naming the purpose. */
    static long derive(long seed, long... path) {
        long h = mix(seed + 0x9E3779B97F4A7C15L);
        for (long p : path) {
            h = mix(h ^ mix(p + 0x9E3779B97F4A7C15L));
        }
        return h;
    }
}
