package greencover.domain;

/**
 * What a site's series is compared with: a reference site (an undisturbed slope nearby) and a target to reach.
 *
 * @param referenceSite the id of the reference site, or null
 * @param targetMetric  {@code greenFraction} (from {@code targetGreenFraction}) or {@code mean} (from
 *                      {@code targetMeanIndex}), or null for no target
 * @param targetValue   the target value, or null exactly when {@code targetMetric} is null
 */
public record SiteGoals(String referenceSite, String targetMetric, Double targetValue) {
    /** No reference and no target. */
    public static final SiteGoals NONE = new SiteGoals(null, null, null);
    /** The metric of {@code targetGreenFraction}. */
    public static final String GREEN_FRACTION = "greenFraction";
    /** The metric of {@code targetMeanIndex}. */
    public static final String MEAN = "mean";

    public SiteGoals {
        if ((targetMetric == null) != (targetValue == null)) {
            throw new IllegalArgumentException("targetMetric and targetValue go together but were " + targetMetric + ", " + targetValue);
        }
    }

    public boolean hasTarget() { return targetMetric != null; }
}
