package greencover.domain;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** One stored file of a scene, for export: its size and a way to read it, without saying where it is kept. */
public interface SceneFile {

    /** The file's length in bytes. */
    long sizeBytes();

    /** A fresh stream over the file's bytes from the start; the caller closes it. */
    InputStream open() throws IOException;

    /**
     * The local file {@code p}, its size read now.
     *
     * @param what how a failure names the file (e.g. "the cached")
     * @throws StoreException when its size cannot be read
     */
    static SceneFile of(Path p, String what) {
        long size;
        try {
            size = Files.size(p);
        } catch (IOException e) {
            throw new StoreException("cannot read " + what + p, e);
        }
        return new SceneFile() {
            @Override public long sizeBytes() { return size; }

            @Override public InputStream open() throws IOException { return Files.newInputStream(p); }
        };
    }
}
