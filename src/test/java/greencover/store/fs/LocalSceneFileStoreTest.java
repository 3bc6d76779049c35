package greencover.store.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import greencover.core.raster.IndexCodes;
import greencover.core.raster.IndexRaster;
import greencover.core.raster.IndexTiffWriter;
import greencover.core.raster.RasterGrid;
import greencover.domain.SceneFile;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.NoSuchElementException;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LocalSceneFileStore}: an assembly is invisible until published, a published raster opens (once) with the
 * values written, exports give the file's bytes, delete and orphan removal take the folders away.
 */
class LocalSceneFileStoreTest {
    private static final RasterGrid GRID = new RasterGrid(2, 2, 500000, 2800000, 10, 10);
    @TempDir Path dir;

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
            IndexRaster r = files.indexRaster("s1", "ndvi");
            assertThat(files.indexRaster("s1", "ndvi")).isSameAs(r);
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
            files.indexRaster("gone", "ndvi");
            files.delete("gone");
            assertThat(files.hasIndexRaster("gone", "ndvi")).isFalse();
            Path leftover = files.newAssembly(); // an ingest that crashed before publishing
            assertThat(files.removeOrphans(Set.of("keep"))).isEqualTo(2); // "orphan" and the leftover assembly
            assertThat(Files.exists(leftover)).isFalse();
            assertThat(files.hasIndexRaster("keep", "ndvi")).isTrue();
            assertThat(files.hasIndexRaster("orphan", "ndvi")).isFalse();
            assertThat(IndexCodes.decode(files.indexRaster("keep", "ndvi").sample(0, 1, 1))).isEqualTo(0.4);
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
}
