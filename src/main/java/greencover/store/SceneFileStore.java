package greencover.store;

import greencover.core.raster.IndexRaster;
import greencover.domain.Scene;
import greencover.domain.SceneFile;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * The files of the stored scenes: their derived index rasters ({@code {index}.tif}) and uploaded sources.
 * A scene is written into a private {@link #newAssembly() assembly} folder, then {@link #publish published}
 * under its id in one atomic step <em>before</em> its catalog row is committed; so a crash leaves at worst files
 * without a row, which {@link #removeOrphans} deletes at start-up, never a row without files.
 *
 * <p>Opened index rasters are kept open and shared (they are thread-safe for reads) until the scene is
 * {@link #delete deleted} or the store {@link #close closed}. Implementations are thread-safe.
 */
public interface SceneFileStore extends AutoCloseable {

    /** A fresh, empty folder in which the caller writes one scene's files; publish or discard it. */
    Path newAssembly();

    /**
     * Copies the file {@code source} to {@code target} (a path inside an assembly; missing folders are created) and
     * forces the copy to disk before returning, so that a published scene's copied sources survive a power loss.
     */
    void copyInto(Path source, Path target);

    /**
     * Makes a fully written assembly the files of {@code sceneId}, atomically where the file system allows;
     * the assembly folder is gone afterwards. When it returns, the new names are on disk (directory entries
     * forced); the files' contents must have been forced by whoever wrote them. Files that an earlier publish left
     * under {@code sceneId} (kept when its commit failed with the catalog unreachable) are replaced: the caller
     * publishes only ids of which the catalog holds no row.
     */
    void publish(Path assembly, String sceneId);

    /** Deletes an assembly that will not be published; nothing happens if it is already gone. */
    void discard(Path assembly);

    /** Whether {@code sceneId} has a stored raster for {@code index}. */
    boolean hasIndexRaster(String sceneId, String index);

    /**
     * The stored index raster {@code index} of {@code scene}, opened on first use and kept open. Opened rasters are
     * keyed by the scene's id and generation ({@link Scene#createdAt()}), so a scene deleted and ingested again under
     * the same id is always read from its new files, never through a mapping of the old ones that a read racing the
     * deletion may have opened.
     *
     * @throws java.util.NoSuchElementException when the scene has no such file
     * @throws java.io.UncheckedIOException when the file cannot be read or is not an index raster
     */
    IndexRaster indexRaster(Scene scene, String index);

    /**
     * What is wrong with the stored files of {@code scene}, or empty when nothing is: an index raster missing, or
     * shorter than its header says; with {@code thorough}, also an index raster whose header cannot be read, and a
     * copied source that cannot be read or is not a TIFF (a scene without a {@code source} folder, as early data
     * directories have, is not damaged for that). The quick check costs one {@code stat} per index raster once its
     * header is known; the thorough one reads every header.
     */
    Optional<String> damageOf(Scene scene, boolean thorough);

    /**
     * The damage ({@link #damageOf}) of each of {@code scenes} that has some, in their order; none at all when two
     * or more scenes were checked and not one of them has a single index raster: then the data directory itself is
     * the wrong one (not mounted, or another server's) rather than every scene damaged, and marking them all would
     * hide sound scenes from every server of a shared catalog.
     */
    default java.util.LinkedHashMap<Scene, String> damagedAmong(java.util.List<Scene> scenes, boolean thorough) {
        java.util.LinkedHashMap<Scene, String> out = new java.util.LinkedHashMap<>();
        boolean anyFiles = false;
        for (Scene s : scenes) {
            for (String ix : s.indices()) anyFiles |= hasIndexRaster(s.id(), ix);
            damageOf(s, thorough).ifPresent(d -> out.put(s, d));
        }
        if (scenes.size() >= 2 && !anyFiles) out.clear();
        return out;
    }

    /** Closes the opened rasters of {@code sceneId} (its files stay); the next read opens them again. */
    void forget(String sceneId);

    /**
     * The stored index raster file, for export as it is stored (a tiled GeoTIFF with overviews).
     *
     * @throws java.util.NoSuchElementException when the scene has no such file
     */
    SceneFile indexFile(String sceneId, String index);

    /** Closes the scene's opened rasters and deletes its files; nothing happens for an unknown id. */
    void delete(String sceneId);

    /** Deletes leftover assemblies and the files of scenes whose id is not in {@code known}; returns how many. */
    default int removeOrphans(Set<String> known) { return removeOrphans(known, java.time.Duration.ZERO); }

    /**
     * {@link #removeOrphans(Set) Removes orphans} none of whose files was modified in the last {@code minAge}
     * (younger ones may be another server's ingest in progress); returns how many.
     */
    int removeOrphans(Set<String> known, java.time.Duration minAge);

    /**
     * Refuses this store when it belongs to another catalog than {@code catalogId} (empty: a catalog without an id
     * yet); reads only, so it runs before the catalog is migrated and before recovery deletes what the catalog does not
     * know. The default checks nothing: a store inside the data directory is covered by the data directory's stamp.
     *
     * @throws greencover.domain.StartupRefusedException with one line when another catalog owns the store
     */
    default void checkOwner(Optional<String> catalogId) { }

    /**
     * Records that this store belongs to the catalog {@code catalogId} (accepting its own record: every server of one
     * catalog shares the store); the default records nothing.
     *
     * @throws greencover.domain.StartupRefusedException with one line when another catalog owns the store
     */
    default void claimOwner(String catalogId) { }

    /** Closes every opened raster. */
    @Override
    void close();
}
