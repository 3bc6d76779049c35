package greencover.domain;

import java.io.IOException;
import java.io.InputStream;

/** One stored file of a scene, for export: its size and a way to read it, without saying where it is kept. */
public interface SceneFile {

    /** The file's length in bytes. */
    long sizeBytes();

    /** A fresh stream over the file's bytes from the start; the caller closes it. */
    InputStream open() throws IOException;
}
