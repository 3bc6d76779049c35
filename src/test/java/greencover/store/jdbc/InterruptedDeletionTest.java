package greencover.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import greencover.core.raster.RasterGrid;
import greencover.domain.Scene;
import greencover.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.io.WKTReader;

/**
 * A deletion interrupted between its committed tombstone and the removal of its files (the process stops right
 * after {@code markDeleting}: nothing else runs, the store is not used again) is finished when the store opens:
 * the scene is never listed in between, and after the restart its row and its folder are gone while another
 * scene keeps both.
 */
class InterruptedDeletionTest {
    @TempDir Path dir;

    private static Scene scene(String id, String hash) throws Exception {
        return new Scene(id, id, "sentinel2-l2a", Instant.parse("2024-05-01T03:00:00Z"), LocalDate.parse("2024-05-01"), 32650,
                new RasterGrid(4, 3, 500000, 2800000, 10, 10),
                new WKTReader().read("POLYGON ((118 24, 118.001 24, 118.001 24.001, 118 24.001, 118 24))"), hash, Map.of(),
                List.of("red", "nir"), List.of("ndvi"), 1.0, 0.0, Instant.parse("2024-05-02T00:00:00Z"));
    }

    private static void publishFiles(Store store, String id) throws Exception {
        Path a = store.files().newAssembly();
        try (greencover.core.raster.IndexTiffWriter w = greencover.core.raster.IndexTiffWriter.create(a.resolve("ndvi.tif"),
                new RasterGrid(4, 3, 500000, 2800000, 10, 10), 32650)) {
            w.writeRows(0, 3, new short[12]);
            w.finish();
        }
        store.files().publish(a, id);
    }

    @Test
    void aTombstoneLeftByACrashIsFinishedAtTheNextStart() throws Exception {
        Store first = JdbcStore.open(null, null, null, dir);
        publishFiles(first, "gone");
        publishFiles(first, "kept");
        first.scenes().insert(scene("gone", "h1"));
        first.scenes().insert(scene("kept", "h2"));
        assertThat(first.scenes().markDeleting("gone")).isTrue(); // committed; the crash comes before the files go
        assertThat(first.scenes().all()).extracting(Scene::id).containsExactly("kept");
        assertThat(dir.resolve("scenes/gone/ndvi.tif")).exists();
        first.close();

        try (Store second = JdbcStore.open(null, null, null, dir)) {
            assertThat(second.scenes().deleting()).isEmpty();
            assertThat(second.scenes().all()).extracting(Scene::id).containsExactly("kept");
            assertThat(dir.resolve("scenes/gone")).doesNotExist();
            assertThat(dir.resolve("scenes/kept/ndvi.tif")).exists();
        }
    }

    @Test
    void aSceneWhoseFilesAreMissingKeepsItsRowMarkedDamagedAndDoesNotStopTheStart() throws Exception {
        try (Store first = JdbcStore.open(null, null, null, dir)) {
            first.scenes().insert(scene("bare", "h1")); // a row whose folder was removed by hand
        }
        try (Store second = JdbcStore.open(null, null, null, dir)) {
            assertThat(second.scenes().all()).isEmpty();
            assertThat(second.scenes().damaged()).singleElement().satisfies(d -> {
                assertThat(d.id()).isEqualTo("bare");
                assertThat(d.damage().reason()).startsWith("its folder ").endsWith(" is missing");
            });
        }
    }

    /**
     * A data directory that holds none of its catalog's scenes (not mounted, or the wrong {@code --data} for a
     * shared catalog) marks none of them damaged: that would hide sound scenes from every server. With one scene's
     * files present, the scene missing its files is marked.
     */
    @Test
    void aDataDirectoryWithoutAnyOfTheScenesMarksNoneDamaged() throws Exception {
        try (Store first = JdbcStore.open(null, null, null, dir)) {
            first.scenes().insert(scene("x", "h1"));
            first.scenes().insert(scene("y", "h2"));
        }
        try (Store second = JdbcStore.open(null, null, null, dir)) {
            assertThat(second.scenes().damaged()).isEmpty();
            assertThat(second.scenes().all()).extracting(Scene::id).containsExactly("x", "y");
            publishFiles(second, "x");
        }
        try (Store third = JdbcStore.open(null, null, null, dir)) {
            assertThat(third.scenes().all()).extracting(Scene::id).containsExactly("x");
            assertThat(third.scenes().damaged()).extracting(Scene::id).containsExactly("y");
        }
    }
}
