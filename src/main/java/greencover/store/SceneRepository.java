package greencover.store;

import greencover.domain.Scene;
import greencover.domain.SceneDamage;
import greencover.domain.SceneState;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The catalog rows of ingested scenes (their files are in the {@link SceneFileStore}). Same transaction and
 * version rules as {@link SiteRepository}. Implementations are thread-safe.
 *
 * <p>A scene is deleted in three steps so that a crash never leaves a visible row without its files:
 * {@link #markDeleting} commits a tombstone (from then on no read returns the scene), the files are removed, then
 * {@link #delete} removes the row. A store finishes the scenes still {@link #deleting} when it opens.
 *
 * <p>A scene whose files turn out missing or unreadable is {@link #markDamaged marked damaged}: from then on the
 * reads of active scenes ({@link #between}, {@link #byId}, the hash look-ups) skip it, and {@link #damaged} lists
 * it with its {@link SceneDamage}, until it is deleted ({@link #markDeleting} takes damaged scenes too).
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
     * date, then creation instant, then id: the order of listings (the same-date merge itself does not depend on it).
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

    /**
     * Marks an active or damaged scene as being deleted and deletes its summaries: after the commit no read of this
     * repository ({@link #between}, {@link #byId}, the hash look-ups, {@link #damaged}) returns it, but its row stays,
     * listed by {@link #deleting}, until {@link #delete}. False when there is no active or damaged scene {@code id}.
     */
    boolean markDeleting(String id);

    /**
     * Marks the active scene {@code id} stored at {@code createdAt} (its generation: a scene ingested again under
     * the same id has another, so a late report about the old files cannot mark the new ones) damaged, with
     * {@code damage}, and bumps the catalog version. Its summaries are kept but no longer read. False when there is
     * no such active scene (already damaged, deleted, or of another generation).
     */
    boolean markDamaged(String id, Instant createdAt, SceneDamage damage);

    /**
     * Sets the footprint of the active scene {@code id} stored at {@code createdAt} to {@code footprintWgs84}: a scene
     * read in place whose source was read again for a later site covers that site too (its grid stays its stored
     * window). False when there is no such active scene.
     */
    boolean widenFootprint(String id, Instant createdAt, org.locationtech.jts.geom.Geometry footprintWgs84);

    /** The damaged scenes, each with its {@link Scene#damage()}, in the order of {@link #between}. */
    List<Scene> damaged();

    /** The state of the row {@code id} whatever it is (active, damaged, deleting); empty when there is no row. */
    Optional<SceneState> stateOf(String id);

    /** The ids of the scenes marked {@link #markDeleting deleting} whose rows are not deleted yet, in id order. */
    List<String> deleting();

    /** Deletes the scene row (active or deleting) and its summaries; false when there was no such row. */
    boolean delete(String id);
}
