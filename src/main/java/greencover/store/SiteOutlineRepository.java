package greencover.store;

import greencover.domain.OutlineVersion;
import java.util.List;
import java.util.Map;

/**
 * The stored outline versions of sites ({@link OutlineVersion}); they go away with their site
 * ({@link SiteRepository#delete}). Same transaction and version rules as {@link SiteRepository}.
 */
public interface SiteOutlineRepository {

    /**
     * Stores a new version.
     *
     * @throws greencover.domain.DuplicateKeyException when the site already has a version from that date
     */
    void insert(OutlineVersion version);

    /** The versions of {@code siteId}, oldest {@code validFrom} first; empty when it has none. */
    List<OutlineVersion> of(String siteId);

    /** The versions of every site that has some, by site id, each list oldest first. */
    Map<String, List<OutlineVersion>> all();
}
