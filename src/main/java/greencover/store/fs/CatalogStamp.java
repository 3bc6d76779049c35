package greencover.store.fs;

import greencover.domain.StoreException;
import greencover.domain.StartupRefusedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The identity of the catalog that owns a data directory, in {@code dataDir/catalog-id}. Start-up clean-up
 * deletes scene folders its catalog does not know; against another catalog that would delete the other catalog's
 * scenes, so a store refuses to open a data directory stamped with another catalog's id.
 */
public final class CatalogStamp {
    /** The stamp file's name inside the data directory. */
    public static final String FILE = "catalog-id";

    private CatalogStamp() {}

    /**
     * Refuses {@code dataDir} when it is stamped for another catalog than the one whose id is {@code catalogId}
     * (empty: a catalog without an id yet, new or older than its identity step, which cannot own a stamped
     * directory). Reads only, so it runs before the catalog is migrated: another catalog is refused untouched.
     *
     * @throws StartupRefusedException when the directory is stamped with another id
     * @throws StoreException when the stamp cannot be read
     */
    public static void check(Path dataDir, java.util.Optional<String> catalogId) {
        check(dataDir, catalogId, DATA_DIRECTORY);
    }

    /** What a stamped folder is, and what to do instead, in a refusal. */
    private record Kind(String noun, String remedy) {}

    private static final Kind DATA_DIRECTORY = new Kind("the data directory", "or use another --data directory");
    private static final Kind SCENE_STORE = new Kind("the scene store", "or give each catalog a --scene-store folder of its own");

    /**
     * As {@link #check}, for a scene store folder outside the data directory ({@code --scene-store DIR}), whose
     * scenes another catalog's recovery would delete as well.
     */
    public static void checkSceneStore(Path dir, java.util.Optional<String> catalogId) { check(dir, catalogId, SCENE_STORE); }

    /** As {@link #claim}, for a scene store folder outside the data directory. */
    public static void claimSceneStore(Path dir, String catalogId) { claim(dir, catalogId, SCENE_STORE); }

    private static void check(Path dataDir, java.util.Optional<String> catalogId, Kind kind) {
        Path stamp = dataDir.resolve(FILE);
        if (!Files.exists(stamp)) return;
        String owner;
        try {
            owner = Files.readString(stamp, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new StoreException("cannot read " + stamp + ": " + e.getMessage(), e);
        }
        if (catalogId.isPresent() && owner.equals(catalogId.get())) return;
        throw refusal(dataDir, owner, catalogId.orElse("a catalog without an id: new, or of a release before 0.2"), kind);
    }

    private static StartupRefusedException refusal(Path dataDir, String owner, String given, Kind kind) {
        return new StartupRefusedException(kind.noun() + " " + dataDir.toAbsolutePath() + " belongs to catalog " + owner
                + ", not to the catalog given (" + given + "): start with the --jdbc-url of its own catalog, " + kind.remedy());
    }

    /**
     * Makes sure {@code dataDir} belongs to the catalog {@code catalogId}: stamps an unstamped (or missing, then
     * created) directory (written to a temporary file, forced, renamed), accepts its own stamp.
     *
     * @throws StartupRefusedException when the directory is stamped with another catalog's id
     * @throws StoreException when the stamp cannot be read or written
     */
    public static void claim(Path dataDir, String catalogId) { claim(dataDir, catalogId, DATA_DIRECTORY); }

    private static void claim(Path dataDir, String catalogId, Kind kind) {
        Path stamp = dataDir.resolve(FILE);
        try {
            if (Files.exists(stamp)) {
                String owner = Files.readString(stamp, StandardCharsets.US_ASCII).trim();
                if (owner.equals(catalogId)) return;
                throw refusal(dataDir, owner, catalogId, kind);
            }
            Files.createDirectories(dataDir);
            Path tmp = dataDir.resolve(FILE + ".tmp");
            Files.writeString(tmp, catalogId + "\n", StandardCharsets.US_ASCII);
            Fsync.file(tmp);
            Files.move(tmp, stamp, StandardCopyOption.ATOMIC_MOVE);
            Fsync.directory(dataDir);
        } catch (IOException e) {
            throw new StoreException("cannot read or write " + stamp + ": " + e.getMessage(), e);
        }
    }
}
