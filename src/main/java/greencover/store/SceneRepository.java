package greencover.store;

import greencover.domain.Scene;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The catalog rows of ingested scenes (their files are in the {@link SceneFileStore}). Same transaction and
 * version rules as {@link SiteRepository}. Implementations are thread-safe.
 */
public interface SceneRepository {

    /**
     * Stores a new scene row.
     *
     * @throws greencover.domain.DuplicateKeyException when the id or the content hash is already stored
     */
    void insert(Scene scene);

    /**
     * Scenes whose date is within [{@code from}, {@code to}] (both inclusive; a null bound is open), ordered by
     * date, then creation instant, then id: the order in which "earlier scenes of the same date" is defined.
     */
    List<Scene> between(LocalDate from, LocalDate to);

    /** Every scene, in the order of {@link #between}. */
    default List<Scene> all() { return between(null, null); }

    Optional<Scene> byId(String id);

    Optional<Scene> byContentHash(String contentHash);

    /**
     * Scenes whose content hash starts with {@code prefix} (taken literally: no wildcard), e.g. the same files
     * stored with other settings.
     */
    List<Scene> byContentHashPrefix(String prefix);

    /** Deletes the scene row and its summaries; false when there was no such scene. */
    boolean delete(String id);
}
