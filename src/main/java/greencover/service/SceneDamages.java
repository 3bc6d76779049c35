package greencover.service;

import greencover.core.raster.IndexRaster;
import greencover.domain.Scene;
import greencover.domain.SceneDamage;
import greencover.store.SceneFileStore;
import greencover.store.SceneRepository;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that finds and records damaged scenes: a stored scene whose files are missing, truncated or
 * unreadable is {@link SceneRepository#markDamaged marked damaged} in the catalog (durably, with the reason and the
 * instant; the catalog version changes, so maps and caches rebuild without it) and the read that met it carries on
 * without it. Damage is found at start-up ({@link #checkAll} thorough), when readiness is asked ({@link #checkAll}
 * quick: a {@code stat} per raster) and by any read of a scene's rasters through {@link #raster} or
 * {@link #guarded}: a missing file, an {@link UncheckedIOException} and the {@link InternalError} the JVM raises when
 * a memory-mapped file was truncated under it.
 *
 * <p>Bit rot inside the pixel data of an index raster is not detected: the files carry no checksums.
 */
public final class SceneDamages {
    private static final Logger LOG = LoggerFactory.getLogger(SceneDamages.class);
    private final SceneRepository scenes;
    private final SceneFileStore files;
    /** {@code id/createdAt} of the scenes this process marked, so a failing render writes the catalog once. */
    private final Set<String> marked = ConcurrentHashMap.newKeySet();

    public SceneDamages(SceneRepository scenes, SceneFileStore files) {
        this.scenes = scenes;
        this.files = files;
    }

    /** A read of a scene's files failed because the files are damaged: the caller leaves the scene out. */
    public static final class DamagedSceneException extends RuntimeException {
        DamagedSceneException(String sceneId, String reason, Throwable cause) {
            super("scene " + sceneId + " is damaged: " + reason, cause);
        }
    }

    /** Whether {@code e} says a scene's files are missing or unreadable (not a defect of the code). */
    public static boolean isFileFailure(Throwable e) {
        return e instanceof UncheckedIOException || e instanceof NoSuchElementException || e instanceof InternalError
                || e instanceof DamagedSceneException;
    }

    /**
     * The stored raster {@code index} of {@code scene}.
     *
     * @throws DamagedSceneException when it cannot be opened (the scene is marked damaged first)
     */
    public IndexRaster raster(Scene scene, String index) {
        try {
            IndexRaster r = files.indexRaster(scene, index);
            if (!r.intact()) throw new UncheckedIOException(new java.io.IOException("the file is shorter than its header says"));
            return r;
        } catch (NoSuchElementException e) { // missing: unless the whole data directory looks wrong (not mounted)
            String reason = index + ".tif is missing";
            boolean alone = files.damagedAmong(scenes.all(), false).keySet().stream().anyMatch(s -> s.id().equals(scene.id()));
            if (alone) mark(scene, reason);
            else LOG.error("scene {} has no {}, as no scene of the catalog has: is the data directory mounted? Not marked damaged", scene.id(), index);
            throw new DamagedSceneException(scene.id(), reason, e);
        } catch (UncheckedIOException | InternalError e) {
            String reason = index + ".tif cannot be read: " + e.getMessage();
            mark(scene, reason);
            throw new DamagedSceneException(scene.id(), reason, e);
        }
    }

    /**
     * The stored raster {@code index} of {@code scene}, guarded: a later read that fails because its file was
     * truncated or removed under the mapping marks the scene damaged and reads as no data instead of failing.
     *
     * @throws DamagedSceneException when it cannot be opened (the scene is marked damaged first)
     */
    public IndexRaster guarded(Scene scene, String index) {
        return new GuardedIndexRaster(raster(scene, index), e -> mark(scene, index + ".tif failed while read: " + e));
    }

    /**
     * Runs {@code work}, a read of {@code scene}'s rasters; when it fails because the files are damaged, marks the
     * scene and returns empty, so the caller leaves the scene out. Other failures pass.
     */
    public <T> Optional<T> read(Scene scene, java.util.function.Supplier<T> work) {
        try {
            return Optional.of(work.get());
        } catch (RuntimeException | InternalError e) {
            if (!isFileFailure(e)) throw e;
            if (!(e instanceof DamagedSceneException)) mark(scene, "its rasters failed while read: " + e);
            return Optional.empty();
        }
    }

    /**
     * Marks {@code scene} (of its generation) damaged for {@code reason}, once per process; false when it was not
     * active any more (deleted meanwhile, already marked, or ingested again).
     */
    public boolean mark(Scene scene, String reason) {
        String key = scene.id() + "/" + scene.createdAt();
        if (!marked.add(key)) return false;
        boolean done;
        try {
            done = scenes.markDamaged(scene.id(), scene.createdAt(), new SceneDamage(reason, Instant.now()));
        } catch (RuntimeException e) {
            marked.remove(key); // the catalog could not be written: a later read tries again
            LOG.warn("scene {} looks damaged ({}) but cannot be marked: {}", scene.id(), reason, e.getMessage());
            return false;
        }
        files.forget(scene.id());
        if (done) LOG.warn("scene {} is damaged and left out of maps and series until deleted or ingested again: {}", scene.id(), reason);
        return done;
    }

    /**
     * Checks the files of every active scene and marks the damaged ones; returns how many it marked.
     *
     * @param thorough also read every header and copied source (start-up), not only sizes (readiness)
     */
    public int checkAll(boolean thorough) {
        int n = 0;
        for (var e : files.damagedAmong(scenes.all(), thorough).entrySet()) { // none when the whole directory looks wrong
            if (mark(e.getKey(), e.getValue())) n++;
        }
        return n;
    }

    /** The damaged scenes, with their damage, in catalog order. */
    public List<Scene> damaged() { return scenes.damaged(); }
}
