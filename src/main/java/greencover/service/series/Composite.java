package greencover.service.series;

import java.util.Optional;

/**
 * How a time series is reduced before its trend is fitted: not at all, or to one point per calendar year through
 * {@link greencover.core.series.Composites} (see {@link AnnualComposites} for what each point holds).
 */
public enum Composite {
    /** Every observation is a point. */
    NONE("none"),
    /** The observation with the largest trend metric of each year, on its own date; the earliest on ties. */
    ANNUAL_MAX("annual-max"),
    /** Each statistic's median over the year's observations (mean of the two middle ones), dated July 1. */
    ANNUAL_MEDIAN("annual-median"),
    /** Per pixel, the greenest (largest) clear value of the year's scenes; see {@link PixelComposites}. */
    PIXEL_MAX("pixel-max"),
    /** Per pixel, the median of the year's clear values; see {@link PixelComposites}. */
    PIXEL_MEDIAN("pixel-median");

    private final String key;

    Composite(String key) { this.key = key; }

    /** The published name: {@code none}, {@code annual-max}, {@code annual-median}, {@code pixel-max} or {@code pixel-median}. */
    public String key() { return key; }

    /** Whether the composite is made pixel by pixel from the index rasters (pixel-max, pixel-median). */
    public boolean isPerPixel() { return this == PIXEL_MAX || this == PIXEL_MEDIAN; }

    /** The composite published as {@code key}, if any. */
    public static Optional<Composite> find(String key) {
        for (Composite c : values()) if (c.key.equals(key)) return Optional.of(c);
        return Optional.empty();
    }
}
