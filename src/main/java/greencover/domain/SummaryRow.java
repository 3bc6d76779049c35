package greencover.domain;

/**
 * The stored zonal summary of one site over one scene for one index: {@code summary} is the serialised
 * {@code greencover.core.zonal.ZonalSummary} of the part of the site this scene accounts for on its date.
 */
public record SummaryRow(String siteId, String sceneId, String index, byte[] summary) {}
