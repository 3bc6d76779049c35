package greencover.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Consumer;

/** The bearer token kept in a file: read when present, else generated once (48 hex digits) and stored. */
final class TokenFile {
    private TokenFile() {}

    /**
     * The trimmed content of {@code file} when it exists and is not blank; otherwise a new random token written to
     * {@code file} (parent folders created, permissions {@code rw-------} where the file system is POSIX) and
     * passed to {@code announce} once, with the file's path, so that an operator can copy it.
     */
    static String readOrCreate(Path file, Consumer<String> announce) throws IOException {
        if (Files.exists(file)) {
            String t = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (!t.isEmpty()) return t;
        }
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        String t = HexFormat.of().formatHex(b);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.writeString(file, t + "\n", StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
        announce.accept("Generated a write token (stored in " + file + "; shown only now):\n  " + t);
        return t;
    }
}
