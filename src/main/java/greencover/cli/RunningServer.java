package greencover.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;

/**
 * Where a running {@code serve} can be reached, kept in {@code <data>/server.url} while it holds the data directory,
 * so that {@code ingest} on the same directory can upload through its API instead of opening the embedded database.
 * The file is written after the server listens and deleted at shutdown; a file left by a killed server is ignored,
 * because the address must also answer {@code /health}.
 */
final class RunningServer {
    static final String FILE = "server.url";

    private RunningServer() {}

    /** Records {@code baseUrl} for {@code dataDir} (written whole, then renamed into place). */
    static void announce(Path dataDir, String baseUrl) throws IOException {
        Path tmp = dataDir.resolve(FILE + ".tmp");
        Files.writeString(tmp, baseUrl + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, dataDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Removes the record (at shutdown); a missing file is fine. */
    static void withdraw(Path dataDir) {
        try {
            Files.deleteIfExists(dataDir.resolve(FILE));
        } catch (IOException ignored) {
            // the next reader checks /health anyway
        }
    }

    /** The base URL of the server holding {@code dataDir}, when it is recorded and answers {@code /health} with 200. */
    static Optional<URI> find(Path dataDir) {
        Path f = dataDir.resolve(FILE);
        if (!Files.isRegularFile(f)) return Optional.empty();
        try {
            URI base = URI.create(Files.readString(f, StandardCharsets.UTF_8).trim());
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(base.resolve("/health")).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200 ? Optional.of(base) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
