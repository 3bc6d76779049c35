package greencover.store;

import greencover.domain.SummaryRow;
import java.util.Collection;
import java.util.List;

/**
 * The stored zonal summaries, one per (site, scene, index). Rows go away with their site or scene
 * ({@link SiteRepository#delete}, {@link SceneRepository#delete}). Same transaction and version rules as
 * {@link SiteRepository}. Implementations are thread-safe.
 */
public interface SummaryRepository {

    /** Stores {@code row}, replacing the row of the same (site, scene, index) if there is one. */
    void put(SummaryRow row);

    /** {@link #put Puts} each row, as one write; the rows must have distinct (site, scene, index) keys. */
    default void putAll(Collection<SummaryRow> rows) { rows.forEach(this::put); }

    /** Deletes the rows of {@code siteId} over each scene of {@code sceneIds}, every index (an outline that no longer meets them). */
    void deleteOf(String siteId, Collection<String> sceneIds);

    /** The rows of {@code siteId} for {@code index}, in no particular order; empty when there are none. */
    List<SummaryRow> of(String siteId, String index);

    /** The rows of {@code sceneId} for {@code index} over every site, in no particular order. */
    List<SummaryRow> ofScene(String sceneId, String index);

    /**
     * The dates of several scenes whose rows an earlier release stored under the footprint rule, oldest first, to be
     * recomputed with the same-date merge (catalog schema step 8); empty for a catalog that never had such rows.
     */
    default List<java.time.LocalDate> datesToRemerge() { return List.of(); }

    /** Takes {@code date} off {@link #datesToRemerge} (as one write, with the date's new rows). */
    default void remerged(java.time.LocalDate date) { }
}
