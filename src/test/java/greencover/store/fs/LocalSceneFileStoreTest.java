package greencover.store.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import greencover.core.raster.IndexCodes;
import greencover.core.raster.IndexRaster;
import greencover.core.raster.IndexTiffWriter;
import greencover.core.raster.RasterGrid;
import greencover.domain.Scene;
import greencover.domain.SceneFile;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LocalSceneFileStore}: an assembly is invisible until published, a published raster opens (once) with the
 * values written, exports give the file's bytes, delete and orphan removal take the folders away.
 */
class LocalSceneFileStoreTest {
    private static final RasterGrid GRID = new RasterGrid(2, 2, 500000, 2800000, 10, 10);
    @TempDir Path dir;

    /** A scene row of {@code id} stored at {@code created} (its generation) with one index, NDVI. */
    private static Scene scene(String id, String created) {
        return new Scene(id, id, "sentinel2-l2a", Instant.parse("2024-05-01T03:00:00Z"), LocalDate.parse("2024-05-01"), 32650, GRID,
                new GeometryFactory().toGeometry(new Envelope(118, 118.001, 24, 24.001)), "h-" + id, Map.of(), List.of("red", "nir"),
                List.of("ndvi"), 1, 0, Instant.parse(created));
    }

    private static Scene scene(String id) { return scene(id, "2024-05-02T00:00:00Z"); }

    /** Publishes an NDVI raster of four cells under {@code id}. */
    private static void publish(LocalSceneFileStore files, String id, short... cells) {
        Path a = files.newAssembly();
        try (IndexTiffWriter w = IndexTiffWriter.create(a.resolve("ndvi.tif"), GRID, 32650)) {
            w.writeRows(0, 2, cells);
            w.finish();
        }
        files.publish(a, id);
    }

    /**
     * A read that raced a deletion may have opened (and cached) the old files after the deletion forgot them; the
     * scene ingested again under the same id is stored at another instant, and is read from its new files.
     */
    @Test
    void aSceneIngestedAgainUnderTheSameIdIsReadFromItsNewFilesNotAnOldMapping() throws Exception {
        try (LocalSceneFileStore files = new LocalSceneFileStore(dir)) {
            publish(files, "s1", (short) 1000, (short) 2000, (short) 3000, (short) 4000);
            Scene first = scene("s1", "2024-05-02T00:00:00Z");
            IndexRaster old = files.indexRaster(first, "ndvi"); // opened by the racing read, still cached
            try (var s = Files.walk(dir.resolve("scenes/s1"))) { // the deletion's removal of the files
                for (Path p : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) Files.delete(p);
            }
            publish(files, "s1", (short) 5000, (short) 6000, (short) 7000, (short) 8000); // the same id, ingested again
            Scene second = scene("s1", "2024-05-03T00:00:00Z");
            short[] out = new short[4];
            files.indexRaster(second, "ndvi").read(0, 0, 0, 2, 2, out);
            assertThat(out).containsExactly(5000, 6000, 7000, 8000);
            assertThat(files.indexRaster(second, "ndvi")).isNotSameAs(old).isSameAs(files.indexRaster(second, "ndvi"));
        }
    }

    /**
     * An ingest whose commit failed with the catalog unreachable keeps its published files (the row may have been
     * committed); when the catalog then has no row, the next ingest of the same scene publishes over them.
     */
    @Test
    void aPublishOverTheLeftoverFilesOfTheSameIdReplacesThem() throws Exception {
        try (LocalSceneFileStore files = new LocalSceneFileStore(dir)) {
            publish(files, "s1", (short) 1000, (short) 2000, (short) 3000, (short) 4000);
            Files.writeString(dir.resolve("scenes/s1/extra.txt"), "from the interrupted ingest");
            publish(files, "s1", (short) 5000, (short) 6000, (short) 7000, (short) 8000);
            short[] out = new short[4];
            files.indexRaster(scene("s1"), "ndvi").read(0, 0, 0, 2, 2, out);
            assertThat(out).containsExactly(5000, 6000, 7000, 8000);
            assertThat(dir.resolve("scenes/s1/extra.txt")).doesNotExist();
            try (var s = Files.list(dir.resolve("scenes"))) {
                assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("s1");
            }
        }
    }

    @Test
    void damageIsTheFirstProblemOfTheFilesAndNoneForASoundScene() throws Exception {
        try (LocalSceneFileStore files = new LocalSceneFileStore(dir)) {
            publish(files, "sound", (short) 1000, (short) 2000, (short) 3000, (short) 4000);
            assertThat(files.damageOf(scene("sound"), true)).isEmpty();
            assertThat(files.damageOf(scene("sound"), false)).isEmpty();
            assertThat(files.damageOf(scene("absent"), false)).hasValueSatisfying(r -> assertThat(r).contains("is missing"));

            publish(files, "cut", (short) 1000, (short) 2000, (short) 3000, (short) 4000);
            assertThat(files.damageOf(scene("cut"), false)).isEmpty(); // learns the size its header asks for
            Path cut = dir.resolve("scenes/cut/ndvi.tif");
            long need = Files.size(cut);
            try (var f = new java.io.RandomAccessFile(cut.toFile(), "rw")) {
                f.setLength(need - 1);
            }
            assertThat(files.damageOf(scene("cut"), false)).contains("ndvi.tif is truncated: " + (need - 1) + " of " + need + " bytes");

            publish(files, "garbled", (short) 1000, (short) 2000, (short) 3000, (short) 4000);
            Files.write(dir.resolve("scenes/garbled/ndvi.tif"), new byte[] {'M', 'Z', 0, 0}, java.nio.file.StandardOpenOption.WRITE);
            assertThat(files.damageOf(scene("garbled"), true)).hasValueSatisfying(r -> assertThat(r).startsWith("ndvi.tif cannot be read"));

            publish(files, "badsource", (short) 1000, (short) 2000, (short) 3000, (short) 4000);
            Files.createDirectories(dir.resolve("scenes/badsource/source"));
            Files.write(dir.resolve("scenes/badsource/source/red+nir.tif"), new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0});
            assertThat(files.damageOf(scene("badsource"), true)).isEmpty();
            Files.write(dir.resolve("scenes/badsource/source/red+nir.tif"), new byte[] {'<', 'h', 't', 'm', 'l'});
            assertThat(files.damageOf(scene("badsource"), true)).contains("source/red+nir.tif is not a TIFF (its first bytes are not a TIFF header)");
            assertThat(files.damageOf(scene("badsource"), false)).isEmpty(); // the quick check reads no sources
        }
    }

    /** Writes an NDVI raster whose four cells are 0.1, 0.2, 0.3 and 0.4. */
    private static void writeNdvi(Path folder) {
        try (IndexTiffWriter w = IndexTiffWriter.create(folder.resolve("ndvi.tif"), GRID, 32650)) {
            w.writeRows(0, 2, new short[] {1000, 2000, 3000, 4000});
            w.finish();
        }
    }

    @Test
    void aPublishedAssemblyIsOpenedOnceAndExportedAsWritten() throws Exception {
        try (LocalSceneFileStore files = new LocalSceneFileStore(dir)) {
            Path a = files.newAssembly();
            writeNdvi(a);
            assertThat(files.hasIndexRaster("s1", "ndvi")).isFalse();
            files.publish(a, "s1");
            assertThat(Files.exists(a)).isFalse();
            IndexRaster r = files.indexRaster(scene("s1"), "ndvi");
            assertThat(files.indexRaster(scene("s1"), "ndvi")).isSameAs(r);
            short[] out = new short[4];
            r.read(0, 0, 0, 2, 2, out);
            assertThat(out).containsExactly(1000, 2000, 3000, 4000);
            SceneFile f = files.indexFile("s1", "ndvi");
            byte[] bytes;
            try (InputStream in = f.open()) {
                bytes = in.readAllBytes();
            }
            assertThat(bytes).hasSize((int) f.sizeBytes());
            assertThat(Arrays.copyOf(bytes, 2)).containsExactly('I', 'I');
            assertThatThrownBy(() -> files.indexFile("s1", "savi")).isInstanceOf(NoSuchElementException.class);
        }
    }

    @Test
    void deleteAndOrphanRemovalTakeTheFoldersAway() {
        try (LocalSceneFileStore files = new LocalSceneFileStore(dir)) {
            for (String id : new String[] {"keep", "gone", "orphan"}) {
                Path a = files.newAssembly();
                writeNdvi(a);
                files.publish(a, id);
            }
            files.indexRaster(scene("gone"), "ndvi");
            files.delete("gone");
            assertThat(files.hasIndexRaster("gone", "ndvi")).isFalse();
            Path leftover = files.newAssembly(); // an ingest that crashed before publishing
            assertThat(files.removeOrphans(Set.of("keep"))).isEqualTo(2); // "orphan" and the leftover assembly
            assertThat(Files.exists(leftover)).isFalse();
            assertThat(files.hasIndexRaster("keep", "ndvi")).isTrue();
            assertThat(files.hasIndexRaster("orphan", "ndvi")).isFalse();
            assertThat(IndexCodes.decode(files.indexRaster(scene("keep"), "ndvi").sample(0, 1, 1))).isEqualTo(0.4);
        }
    }

    @Test
    void aSceneIdThatWouldLeaveTheScenesFolderIsRefused() {
        try (LocalSceneFileStore files = new LocalSceneFileStore(dir)) {
            assertThatThrownBy(() -> files.delete("../escape")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void copiedSourcesArePublishedWithTheirBytesAndNoAssemblyLeftBehind() throws Exception {
        Path upload = Files.write(dir.resolve("upload.tif"), new byte[] {1, 2, 3, 4, 5});
        try (LocalSceneFileStore files = new LocalSceneFileStore(dir)) {
            Path a = files.newAssembly();
            files.copyInto(upload, a.resolve("source").resolve("red+nir.tif")); // creates source/
            files.publish(a, "s1");
            assertThat(Files.readAllBytes(dir.resolve("scenes/s1/source/red+nir.tif"))).containsExactly(1, 2, 3, 4, 5);
            try (var names = Files.list(dir.resolve("scenes"))) {
                assertThat(names.map(p -> p.getFileName().toString())).containsExactly("s1");
            }
        }
    }

    @Test
    void forcingAMissingFileFailsAndForcingADirectoryDoesNot() throws Exception {
        assertThatThrownBy(() -> Fsync.file(dir.resolve("missing.tif"))).hasMessageContaining("missing.tif");
        Path f = Files.write(dir.resolve("present.tif"), new byte[] {7});
        Fsync.file(f);
        Fsync.directory(dir); // Linux: fsync of the directory; elsewhere a refused directory open is ignored
        assertThat(Files.readAllBytes(f)).containsExactly(7);
    }

    @Test
    void withAMinimumAgeOnlyOlderLeftoversAreRemoved() throws Exception {
        try (LocalSceneFileStore files = new LocalSceneFileStore(dir)) {
            Path fresh = Files.createDirectories(dir.resolve("scenes/fresh")); // another server may be publishing it now
            Path old = Files.createDirectories(dir.resolve("scenes/old"));
            Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(2 * 3600)));
            assertThat(files.removeOrphans(Set.of(), java.time.Duration.ofHours(1))).isEqualTo(1);
            assertThat(fresh).exists();
            assertThat(old).doesNotExist();
        }
    }
}
