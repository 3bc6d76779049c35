package greencover.store;

import greencover.domain.Site;
import java.util.List;
import java.util.Optional;

/**
 * The stored sites. Writes join the caller's {@link Transactions} unit of work when there is one, and run in
 * their own otherwise; every committed write bumps {@link CatalogVersion}. Reads see committed data (and the
 * caller's own uncommitted writes inside a unit of work). Implementations are thread-safe.
 */
public interface SiteRepository {

    /**
     * Stores a new site.
     *
     * @throws greencover.domain.DuplicateKeyException when a site with the same id exists
     */
    void insert(Site site);

    /** Every site, ordered by id. */
    List<Site> all();

    Optional<Site> byId(String id);

    /** Replaces the site's reference and target; false when there is no such site (nothing changes then). */
    boolean updateGoals(String id, greencover.domain.SiteGoals goals);

    /** Deletes the site and its summaries; false when there was no such site (nothing changes then). */
    boolean delete(String id);
}
