package greencover.service.map;

/**
 * How a map combines the observations of a period per pixel: the latest clear observation (scenes latest first,
 * the first valid value wins) or the maximum valid value.
 */
public enum Composite {
    LATEST, MAX;

    /** The lower-case name used in requests and cache keys ({@code latest}, {@code max}). */
    public String key() { return this == LATEST ? "latest" : "max"; }
}
