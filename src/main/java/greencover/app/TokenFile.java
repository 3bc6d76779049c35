package greencover.app;

import greencover.domain.StartupRefusedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Consumer;

/** The bearer token kept in a file: read when present, else generated once (48 hex digits) and stored. */
final class TokenFile {
    private TokenFile() {}

    /**
     * The trimmed content of {@code file} when it exists; otherwise a new random token written to {@code file}
     * (parent folders created, permissions {@code rw-------} where the file system is POSIX; written to a temporary
     * file in the same folder and renamed, so a crash never leaves a blank token file) and passed to
     * {@code announce} once, with the file's path, so that an operator can copy it.
     *
     * @throws StartupRefusedException when the file exists but is blank or cannot be read: a server whose token
     *         nobody knows must not start, and silently replacing an operator's file would lock out its clients
     */
    static String readOrCreate(Path file, Consumer<String> announce) throws IOException {
        if (Files.exists(file)) {
            String t;
            try {
                t = Files.readString(file, StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw new StartupRefusedException("the token file " + file + " cannot be read (" + e.getClass().getSimpleName()
                        + "): make it readable, or delete it to have a new token generated");
            }
            if (t.isEmpty()) {
                throw new StartupRefusedException("the token file " + file
                        + " is empty: write the token into it, or delete it to have a new one generated");
            }
            return t;
        }
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        String t = HexFormat.of().formatHex(b);
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, ".token-", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            Files.writeString(tmp, t + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        announce.accept("Generated a write token (stored in " + file + "; shown only now):\n  " + t);
        return t;
    }
}
