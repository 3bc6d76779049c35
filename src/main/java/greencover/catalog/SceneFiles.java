package greencover.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The scene files under the data directory: {@code scenes/{id}/source/{role}.tif} (the uploaded
 * GeoTIFFs) and {@code scenes/{id}/{index}.tif} (derived index rasters). A scene is assembled in a
 * temporary sibling folder ({@code scenes/.tmp-*}) and renamed into place before its catalog row is
 * committed, so a crash leaves either nothing or an orphan folder, which {@link #removeOrphans} deletes
 * at start-up.
 */
public final class SceneFiles {
    private final Path root;

    public SceneFiles(Path dataDir) {
        this.root = dataDir.resolve("scenes");
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + root, e);
        }
    }

    public Path dir(String sceneId) { return root.resolve(sceneId); }

    public Path index(String sceneId, String index) { return dir(sceneId).resolve(index + ".tif"); }

    /** A fresh temporary folder beside the scene folders. */
    public Path newTemp() {
        try {
            return Files.createTempDirectory(root, ".tmp-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder in " + root, e);
        }
    }

    /** Renames a fully written temporary folder to the scene's folder. */
    public void publish(Path temp, String sceneId) {
        try {
            try {
                Files.move(temp, dir(sceneId), StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, dir(sceneId));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish scene " + sceneId, e);
        }
    }

    public void delete(String sceneId) { deleteTree(dir(sceneId)); }

    /** Deletes temporary folders and scene folders whose id is not in {@code known}; returns how many. */
    public int removeOrphans(Set<String> known) {
        int n = 0;
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(".tmp-") || !known.contains(name)) {
                    deleteTree(p);
                    n++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        return n;
    }

    public static void deleteTree(Path p) {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(q);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + p, e);
        }
    }
}
