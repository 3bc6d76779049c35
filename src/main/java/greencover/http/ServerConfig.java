package greencover.http;

import java.nio.file.Path;

/**
 * The server's configuration, built once at start-up from flags and environment: port, data directory,
 * sample folder to load into an empty catalog (null for none), bearer token for writes, JDBC URL (null
 * for the embedded H2 file), and the request bounds.
 */
public record ServerConfig(int port, Path dataDir, Path samplesDir, String token, String jdbcUrl, String jdbcUser,
                           String jdbcPassword, long maxUploadBytes, long tileCacheBytes) {
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 2L << 30;      // 2 GiB: a full S2 tile's bands
    public static final long DEFAULT_TILE_CACHE_BYTES = 256L << 20;

    public static ServerConfig forTests(Path dataDir, String token) {
        return new ServerConfig(0, dataDir, null, token, null, null, null, 64L << 20, 32L << 20);
    }
}
