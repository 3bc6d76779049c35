package greencover.batch;

import java.io.Serializable;

/**
 * What became of one work item (a STAC item and the sites it meets): {@code STORED} (a new scene and its summaries
 * committed), {@code DUPLICATE} (already in the catalog: nothing written, the re-run no-op), {@code NO_SITE} (the item
 * meets no site), or {@code FAILED} after {@code attempts} tries with {@code error}.
 */
public record ItemOutcome(String item, Status status, String sceneId, int sites, int attempts, long millis, String error)
        implements Serializable {
    public enum Status { STORED, DUPLICATE, NO_SITE, FAILED }
}
