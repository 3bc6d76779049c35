package greencover.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A site's watch on a STAC API: every {@code every} the collections are searched over the site for acquisitions from
 * {@code from} on (an RFC 3339 instant) below {@code maxCloud} (null: any), and what is new is ingested; stored scenes
 * come back as duplicates, so a poll is idempotent. {@code lastPollAt} and {@code lastImportId} say what the last poll
 * did (null before the first).
 */
public record SiteWatch(String siteId, String stacApi, List<String> collections, Double maxCloud, Duration every, String from,
                        String profile, Instant createdAt, Instant lastPollAt, String lastImportId) {
    public SiteWatch polled(Instant at, String importId) {
        return new SiteWatch(siteId, stacApi, collections, maxCloud, every, from, profile, createdAt, at, importId);
    }
}
