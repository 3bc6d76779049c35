package greencover.domain;

import java.nio.file.Path;

/**
 * The data directory is held by another running GreenCover process (its embedded database cannot be shared). The
 * command line may then hand the work to that process's API instead of refusing.
 */
public final class DataDirectoryInUseException extends StartupRefusedException {
    private final transient Path dataDir;

    public DataDirectoryInUseException(Path dataDir, String message) {
        super(message);
        this.dataDir = dataDir;
    }

    /** The directory that is in use. */
    public Path dataDir() { return dataDir; }
}
