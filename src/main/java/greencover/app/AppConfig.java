package greencover.app;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The application's whole configuration, resolved once at start-up from defaults, then the environment, then
 * command-line flags (each later source wins), and passed down explicitly. This is the only class of the main
 * code that reads the process environment ({@link #fromEnvironment()}); everything else receives an
 * {@code AppConfig} or the values it needs.
 *
 * <p>Components (sizes in bytes):
 * <ul>
 *   <li>{@code port}: HTTP port, 0 for an ephemeral one (tests); default 8080, {@code GREENCOVER_PORT}.</li>
 *   <li>{@code dataDir}: H2 database, scene files, token; default {@code ./data}, {@code GREENCOVER_DATA}.</li>
 *   <li>{@code samplesDir}: sample folder loaded into an empty catalog by {@code serve}, null for none; default
 *       {@code ./sample-tiles}.</li>
 *   <li>{@code token}: bearer token for writes, {@code GREENCOVER_TOKEN}; null means "read {@link #tokenFile()},
 *       or generate one there" ({@link #withResolvedToken}; never generated for a PostgreSQL catalog).</li>
 *   <li>{@code tokenFile}: where the generated token lives; null means {@code <dataDir>/token};
 *       {@code GREENCOVER_TOKEN_FILE} (e.g. a container secret).</li>
 *   <li>{@code jdbcUrl}, {@code jdbcUser}, {@code jdbcPassword}: the catalog database, null URL for the embedded
 *       H2 file in {@code dataDir}; {@code GREENCOVER_JDBC_URL}, {@code GREENCOVER_JDBC_USER},
 *       {@code GREENCOVER_JDBC_PASSWORD}.</li>
 *   <li>{@code maxUploadBytes}: largest multipart scene upload, &gt; 0; default 2 GiB, {@code GREENCOVER_MAX_UPLOAD_MB}.</li>
 *   <li>{@code maxBodyBytes}: largest non-multipart request body (JSON), &gt; 0; default 16 MiB.</li>
 *   <li>{@code tileCacheBytes}: memory for encoded maps and tiles, 0 turns the cache off; default 256 MiB,
 *       {@code GREENCOVER_TILE_CACHE_MB}.</li>
 *   <li>{@code basemapUrl}: optional XYZ URL template of the viewer's base map, null for none;
 *       {@code GREENCOVER_BASEMAP}.</li>
 *   <li>{@code minFreeBytes}: free space that writes (ingests, sites, deletes' catalog records) must leave on the
 *       data directory's disk, else they are refused with 507 before anything is written; default 256 MiB,
 *       {@code GREENCOVER_MIN_FREE_MB}; 0 refuses only what does not fit at all.</li>
 *   <li>{@code admission}: the bounds on memory-heavy and slow requests ({@link Admission}).</li>
 *   <li>{@code corsOrigins}: the browser origins ({@code https://maps.example.org}) allowed to read (GET, HEAD and
 *       the read-only statistics POST), {@code *} for any; default {@code *}; {@code GREENCOVER_CORS_ORIGINS},
 *       comma-separated.</li>
 *   <li>{@code corsWriteOrigins}: the origins allowed to send writes (with the token) from a browser; default
 *       none; {@code GREENCOVER_CORS_WRITE_ORIGINS}, comma-separated, {@code *} for any.</li>
 *   <li>{@code host}: the address the server binds to; default {@code 0.0.0.0} (every interface),
 *       {@code 127.0.0.1} for this machine only; {@code GREENCOVER_HOST}.</li>
 *   <li>{@code sharing}: how several servers on one PostgreSQL catalog follow each other ({@link Sharing}).</li>
 *   <li>{@code sceneStore}: where the scene files are kept ({@link SceneStore}): the data directory by default, another
 *       folder, or an S3-compatible bucket.</li>
 *   <li>{@code watchMinEvery}: the shortest interval a site's watch may poll its STAC API at; default
 *       {@link #DEFAULT_WATCH_MIN_EVERY} (PT1M), {@code GREENCOVER_WATCH_MIN_EVERY} (an ISO-8601 duration such as
 *       PT10S; tests set it lower).</li>
 * </ul>
 * Blank environment variables count as unset. {@link #toString()} does not show the token or the password.
 */
public record AppConfig(int port, Path dataDir, Path samplesDir, String token, Path tokenFile,
                        String jdbcUrl, String jdbcUser, String jdbcPassword,
                        long maxUploadBytes, long maxBodyBytes, long tileCacheBytes, String basemapUrl,
                        long minFreeBytes, Admission admission,
                        java.util.List<String> corsOrigins, java.util.List<String> corsWriteOrigins, String host,
                        greencover.service.source.SourcePolicy sources, Sharing sharing, SceneStore sceneStore,
                        java.time.Duration watchMinEvery) {
    public static final int DEFAULT_PORT = 8080;
    /** The shortest watch interval by default: a catalog is not asked more than once a minute per site. */
    public static final java.time.Duration DEFAULT_WATCH_MIN_EVERY = java.time.Duration.ofMinutes(1);
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 2L << 30;      // 2 GiB: a full S2 tile's bands
    public static final long DEFAULT_MAX_BODY_BYTES = 16L << 20;
    public static final long DEFAULT_TILE_CACHE_BYTES = 256L << 20;
    public static final long DEFAULT_MIN_FREE_BYTES = 256L << 20;

    /** Validates the components; see the class comment for their meaning. */
    public AppConfig {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be in 0..65535 but was " + port);
        Objects.requireNonNull(dataDir, "dataDir");
        if (maxUploadBytes <= 0) throw new IllegalArgumentException("maxUploadBytes must be positive but was " + maxUploadBytes);
        if (maxBodyBytes <= 0) throw new IllegalArgumentException("maxBodyBytes must be positive but was " + maxBodyBytes);
        if (tileCacheBytes < 0) throw new IllegalArgumentException("tileCacheBytes must be 0 or more but was " + tileCacheBytes);
        if (minFreeBytes < 0) throw new IllegalArgumentException("minFreeBytes must be 0 or more but was " + minFreeBytes);
        Objects.requireNonNull(admission, "admission");
        Objects.requireNonNull(sharing, "sharing");
        if (sceneStore == null) sceneStore = SceneStore.DEFAULTS;
        if (watchMinEvery == null) watchMinEvery = DEFAULT_WATCH_MIN_EVERY;
        if (watchMinEvery.isNegative() || watchMinEvery.isZero()) throw new IllegalArgumentException("watchMinEvery must be positive but was " + watchMinEvery);
        token = blankToNull(token);
        jdbcUrl = blankToNull(jdbcUrl);
        basemapUrl = blankToNull(basemapUrl);
        corsOrigins = origins("corsOrigins", corsOrigins);
        corsWriteOrigins = origins("corsWriteOrigins", corsWriteOrigins);
        if (sources == null) sources = greencover.service.source.SourcePolicy.DEFAULTS;
        host = blankToNull(host) == null ? DEFAULT_HOST : host.strip();
        if (!host.matches("[A-Za-z0-9.:\\-\\[\\]]{1,255}")) throw new IllegalArgumentException("host must be an address or name such as 127.0.0.1 but was '" + host + "'");
    }

    /** Every interface. */
    public static final String DEFAULT_HOST = "0.0.0.0";
    /** The sample folder {@code serve} loads into an empty catalog unless told otherwise; relative to the working directory. */
    public static final Path DEFAULT_SAMPLES_DIR = Path.of("sample-tiles");

    private static java.util.List<String> origins(String name, java.util.List<String> list) {
        Objects.requireNonNull(list, name);
        for (String o : list) {
            if (!o.equals("*") && !o.matches("https?://[A-Za-z0-9.\\-]+(:[0-9]{1,5})?")) {
                throw new IllegalArgumentException(name + " holds '" + o + "', which is neither * nor an origin such as https://maps.example.org");
            }
        }
        return java.util.List.copyOf(list);
    }

    /**
     * The bounds that keep a burst of requests from exhausting memory or threads (README "Admission and bounds").
     *
     * @param memoryBudgetBytes    heap bytes that uncached map renders, ingests and ad-hoc statistics may reserve
     *                             together; 0 (the default) means half of the heap left beside the tile cache, at
     *                             least 64 MiB ({@link #effectiveMemoryBudgetBytes}); {@code GREENCOVER_MEMORY_BUDGET_MB}
     * @param admissionWaitMillis  how long a map or statistics request waits for room in the budget before a 503,
     *                             0 or more; default 2000 ms; {@code GREENCOVER_ADMISSION_WAIT_MS}
     * @param ingestsRunning       ingests that work at once, 1 or more; default 1; {@code GREENCOVER_INGESTS}
     * @param ingestsWaiting       further ingests admitted to wait for a turn, 0 or more; default 4 (then 429);
     *                             {@code GREENCOVER_INGEST_QUEUE}
     * @param bodyTimeoutMillis    longest pause while a request body arrives (the connection's idle timeout), and
     *                             longest time an anonymous body may take in all, positive; default 30000 ms (then
     *                             408, or the connection is closed); {@code GREENCOVER_BODY_TIMEOUT_S}
     * @param maxAnonymousBodyBytes largest body of a request without a token ({@code POST /api/v1/statistics}),
     *                             positive; default 1 MiB (then 413); {@code GREENCOVER_MAX_ANONYMOUS_BODY_KB}
     */
    public record Admission(long memoryBudgetBytes, long admissionWaitMillis, int ingestsRunning, int ingestsWaiting,
                            long bodyTimeoutMillis, long maxAnonymousBodyBytes) {
        /** The least budget the automatic default chooses: 64 MiB. */
        public static final long MIN_AUTO_BUDGET_BYTES = 64L << 20;
        /** The defaults of the record comment. */
        public static final Admission DEFAULTS = new Admission(0, 2000, 1, 4, 30_000, 1L << 20);

        /** Validates the components; see the record comment for their meaning. */
        public Admission {
            if (memoryBudgetBytes != 0 && memoryBudgetBytes < (1L << 20)) {
                throw new IllegalArgumentException("memoryBudgetBytes must be 0 (automatic) or at least 1 MiB but was " + memoryBudgetBytes);
            }
            if (admissionWaitMillis < 0) throw new IllegalArgumentException("admissionWaitMillis must be 0 or more but was " + admissionWaitMillis);
            if (ingestsRunning < 1) throw new IllegalArgumentException("ingestsRunning must be 1 or more but was " + ingestsRunning);
            if (ingestsWaiting < 0) throw new IllegalArgumentException("ingestsWaiting must be 0 or more but was " + ingestsWaiting);
            if (bodyTimeoutMillis <= 0) throw new IllegalArgumentException("bodyTimeoutMillis must be positive but was " + bodyTimeoutMillis);
            if (maxAnonymousBodyBytes <= 0) {
                throw new IllegalArgumentException("maxAnonymousBodyBytes must be positive but was " + maxAnonymousBodyBytes);
            }
        }

        /**
         * The budget in bytes: {@code memoryBudgetBytes} when set, else half of what a heap of {@code maxHeapBytes}
         * leaves beside {@code tileCacheBytes}, at least {@link #MIN_AUTO_BUDGET_BYTES}.
         */
        public long effectiveMemoryBudgetBytes(long maxHeapBytes, long tileCacheBytes) {
            if (memoryBudgetBytes > 0) return memoryBudgetBytes;
            return Math.max(MIN_AUTO_BUDGET_BYTES, (maxHeapBytes - tileCacheBytes) / 2);
        }

        /** This with {@code memoryBudgetBytes} = {@code v}. */
        public Admission withMemoryBudgetBytes(long v) {
            return new Admission(v, admissionWaitMillis, ingestsRunning, ingestsWaiting, bodyTimeoutMillis, maxAnonymousBodyBytes);
        }

        /** This with {@code admissionWaitMillis} = {@code v}. */
        public Admission withAdmissionWaitMillis(long v) {
            return new Admission(memoryBudgetBytes, v, ingestsRunning, ingestsWaiting, bodyTimeoutMillis, maxAnonymousBodyBytes);
        }

        /** This with {@code running} ingests at once and {@code waiting} more admitted. */
        public Admission withIngests(int running, int waiting) {
            return new Admission(memoryBudgetBytes, admissionWaitMillis, running, waiting, bodyTimeoutMillis, maxAnonymousBodyBytes);
        }

        /** This with {@code bodyTimeoutMillis} = {@code v}. */
        public Admission withBodyTimeoutMillis(long v) {
            return new Admission(memoryBudgetBytes, admissionWaitMillis, ingestsRunning, ingestsWaiting, v, maxAnonymousBodyBytes);
        }

        /** This with {@code maxAnonymousBodyBytes} = {@code v}. */
        public Admission withMaxAnonymousBodyBytes(long v) {
            return new Admission(memoryBudgetBytes, admissionWaitMillis, ingestsRunning, ingestsWaiting, bodyTimeoutMillis, v);
        }
    }

    /** A configuration with the default shortest watch interval ({@link #DEFAULT_WATCH_MIN_EVERY}). */
    public AppConfig(int port, Path dataDir, Path samplesDir, String token, Path tokenFile,
                     String jdbcUrl, String jdbcUser, String jdbcPassword,
                     long maxUploadBytes, long maxBodyBytes, long tileCacheBytes, String basemapUrl,
                     long minFreeBytes, Admission admission,
                     java.util.List<String> corsOrigins, java.util.List<String> corsWriteOrigins, String host,
                     greencover.service.source.SourcePolicy sources, Sharing sharing, SceneStore sceneStore) {
        this(port, dataDir, samplesDir, token, tokenFile, jdbcUrl, jdbcUser, jdbcPassword, maxUploadBytes, maxBodyBytes,
                tileCacheBytes, basemapUrl, minFreeBytes, admission, corsOrigins, corsWriteOrigins, host, sources, sharing, sceneStore, null);
    }

    /** A configuration with the default {@link greencover.service.source.SourcePolicy} for remote reads. */
    public AppConfig(int port, Path dataDir, Path samplesDir, String token, Path tokenFile,
                     String jdbcUrl, String jdbcUser, String jdbcPassword,
                     long maxUploadBytes, long maxBodyBytes, long tileCacheBytes, String basemapUrl,
                     long minFreeBytes, Admission admission,
                     java.util.List<String> corsOrigins, java.util.List<String> corsWriteOrigins, String host) {
        this(port, dataDir, samplesDir, token, tokenFile, jdbcUrl, jdbcUser, jdbcPassword, maxUploadBytes, maxBodyBytes,
                tileCacheBytes, basemapUrl, minFreeBytes, admission, corsOrigins, corsWriteOrigins, host, null, Sharing.DEFAULTS, null);
    }

    /** A configuration with the scene files in the data directory ({@link SceneStore#DEFAULTS}). */
    public AppConfig(int port, Path dataDir, Path samplesDir, String token, Path tokenFile,
                     String jdbcUrl, String jdbcUser, String jdbcPassword,
                     long maxUploadBytes, long maxBodyBytes, long tileCacheBytes, String basemapUrl,
                     long minFreeBytes, Admission admission,
                     java.util.List<String> corsOrigins, java.util.List<String> corsWriteOrigins, String host,
                     greencover.service.source.SourcePolicy sources, Sharing sharing) {
        this(port, dataDir, samplesDir, token, tokenFile, jdbcUrl, jdbcUser, jdbcPassword, maxUploadBytes, maxBodyBytes,
                tileCacheBytes, basemapUrl, minFreeBytes, admission, corsOrigins, corsWriteOrigins, host, sources, sharing, null);
    }

    /**
     * Where the scene files (index rasters, copied sources) are kept (README "Several servers on one PostgreSQL").
     *
     * @param location        null for {@code <dataDir>/scenes}; a folder (its {@code scenes/} holds them: a shared
     *                        volume for several servers); or {@code s3://bucket/prefix}; {@code --scene-store},
     *                        {@code GREENCOVER_SCENE_STORE}
     * @param endpoint        the S3-compatible service's URL (MinIO, Ceph, …), null for AWS; path-style requests;
     *                        {@code --s3-endpoint}, {@code GREENCOVER_S3_ENDPOINT}
     * @param region          signing region, {@code AWS_REGION} (or {@code AWS_DEFAULT_REGION}); default us-east-1
     * @param accessKeyId     {@code AWS_ACCESS_KEY_ID}; null for the SDK's default chain (profile, instance role)
     * @param secretAccessKey {@code AWS_SECRET_ACCESS_KEY}; never shown by {@link #toString()}
     * @param cacheBytes      most bytes of index rasters each server keeps in its local cache
     *                        ({@code <dataDir>/s3-cache}), positive; default 2 GiB, {@code GREENCOVER_S3_CACHE_MB}
     */
    public record SceneStore(String location, String endpoint, String region, String accessKeyId, String secretAccessKey,
                             long cacheBytes) {
        public static final long DEFAULT_CACHE_BYTES = 2L << 30;
        public static final SceneStore DEFAULTS = new SceneStore(null, null, null, null, null, DEFAULT_CACHE_BYTES);

        /** Validates; an {@code s3://} location must name a bucket, the endpoint must be an http(s) URL. */
        public SceneStore {
            location = location == null || location.isBlank() ? null : location.strip();
            endpoint = endpoint == null || endpoint.isBlank() ? null : endpoint.strip();
            if (greencover.store.s3.S3Settings.isS3(location)) settings(location, endpoint, region, accessKeyId, secretAccessKey, cacheBytes);
            else if (endpoint != null) {
                throw new IllegalArgumentException("an S3 endpoint (" + endpoint + ") is given but the scene store is not s3://bucket/prefix");
            }
        }

        /** Whether the files are in a bucket. */
        public boolean isS3() { return greencover.store.s3.S3Settings.isS3(location); }

        /** The bucket settings ({@link #isS3()} only); {@code dataDir} is unused and kept for symmetry with folders. */
        public greencover.store.s3.S3Settings s3(Path dataDir) {
            return settings(location, endpoint, region, accessKeyId, secretAccessKey, cacheBytes);
        }

        private static greencover.store.s3.S3Settings settings(String location, String endpoint, String region, String accessKeyId,
                                                               String secretAccessKey, long cacheBytes) {
            java.net.URI uri;
            try {
                uri = endpoint == null ? null : new java.net.URI(endpoint);
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException("the S3 endpoint '" + endpoint + "' is not a URL: " + e.getMessage());
            }
            return greencover.store.s3.S3Settings.of(location, uri, region, accessKeyId, secretAccessKey, cacheBytes);
        }

        @Override
        public String toString() {
            return "SceneStore[" + (location == null ? "data directory" : location) + ", endpoint=" + endpoint + ", region=" + region
                    + ", accessKeyId=" + accessKeyId + ", secretAccessKey=" + (secretAccessKey == null ? "null" : "(set)")
                    + ", cacheBytes=" + cacheBytes + "]";
        }
    }

    /**
     * How servers sharing one PostgreSQL catalog (README "Several servers on one PostgreSQL") follow each other;
     * ignored for the embedded catalog.
     *
     * @param versionPollMillis  how often the catalog version is read when no change notification arrived, positive;
     *                           default 10000; {@code GREENCOVER_VERSION_POLL_MS}
     * @param leftoverAgeSeconds how old (newest file) a leftover assembly, unknown scene folder or upload must be
     *                           before start-up deletes it, positive: longer than any ingest takes; default 3600;
     *                           {@code GREENCOVER_LEFTOVER_AGE_S}
     *
     * <p>The store's {@link greencover.store.jdbc.JdbcStore.Sharing} in the configuration's units: its defaults, and
     * its checks ({@link #store()}).
     */
    public record Sharing(long versionPollMillis, long leftoverAgeSeconds) {
        public static final Sharing DEFAULTS = new Sharing(greencover.store.jdbc.JdbcStore.Sharing.DEFAULTS.pollInterval().toMillis(),
                greencover.store.jdbc.JdbcStore.Sharing.DEFAULTS.leftoverAge().toSeconds());

        public Sharing {
            store(versionPollMillis, leftoverAgeSeconds); // validates
        }

        /** These settings as the catalog store takes them. */
        public greencover.store.jdbc.JdbcStore.Sharing store() { return store(versionPollMillis, leftoverAgeSeconds); }

        private static greencover.store.jdbc.JdbcStore.Sharing store(long pollMillis, long leftoverSeconds) {
            return new greencover.store.jdbc.JdbcStore.Sharing(java.time.Duration.ofMillis(pollMillis), java.time.Duration.ofSeconds(leftoverSeconds));
        }
    }

    /** The memory budget of this configuration in this JVM ({@link Admission#effectiveMemoryBudgetBytes}). */
    public long effectiveMemoryBudgetBytes() {
        return admission.effectiveMemoryBudgetBytes(Runtime.getRuntime().maxMemory(), tileCacheBytes);
    }

    /** The defaults overridden by the process environment; flags are then set on the returned builder. */
    public static Builder fromEnvironment() { return builder().environment(System.getenv()); }

    /**
     * {@code serve}'s background work ({@link Background#SERVE}) with {@code GREENCOVER_IMPORT_LEASE_S} and
     * {@code GREENCOVER_ALERT_EVERY} of the environment.
     *
     * @throws IllegalArgumentException for a value that does not parse
     */
    public static Background serveBackground() { return Background.SERVE.environment(System.getenv()); }

    /** The defaults of the class comment, without looking at the environment. */
    public static Builder builder() { return new Builder(); }

    /** A configuration for a test server: ephemeral port, no samples, embedded H2, 64 MiB uploads, 32 MiB cache. */
    public static AppConfig forTests(Path dataDir, String token) {
        return builder().port(0).dataDir(dataDir).samplesDir(null).token(token)
                .maxUploadBytes(64L << 20).tileCacheBytes(32L << 20).build();
    }

    /** The token file: {@code tokenFile} when set, else {@code <dataDir>/token}. */
    @Override
    public Path tokenFile() { return tokenFile != null ? tokenFile : dataDir.resolve("token"); }

    /**
     * This configuration with a non-null {@link #token()}: itself when the token is set, else the token read from
     * {@link #tokenFile()}, else a new random token written there (owner-readable only) and passed once to
     * {@code announce} with a line saying where it is stored. With a PostgreSQL catalog, which several servers may
     * share, no token is generated: each server would make up its own, and a client's token would work on some
     * servers behind the load balancer and not on others.
     *
     * @throws greencover.domain.StartupRefusedException with a PostgreSQL catalog, when neither the token nor an
     *         existing token file is given
     */
    public AppConfig withResolvedToken(java.util.function.Consumer<String> announce) throws java.io.IOException {
        if (token != null) return this;
        if (greencover.store.jdbc.JdbcStore.isShared(jdbcUrl) && !java.nio.file.Files.exists(tokenFile())) {
            throw new greencover.domain.StartupRefusedException("a PostgreSQL catalog may be shared by several servers, which must all "
                    + "accept the same write token: set GREENCOVER_TOKEN, or point --token-file (GREENCOVER_TOKEN_FILE) at a file "
                    + "holding it that every server reads (" + tokenFile() + " does not exist)");
        }
        return toBuilder().token(TokenFile.readOrCreate(tokenFile(), announce)).build();
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.port = port;
        b.dataDir = dataDir;
        b.samplesDir = samplesDir;
        b.token = token;
        b.tokenFile = tokenFile;
        b.jdbcUrl = jdbcUrl;
        b.jdbcUser = jdbcUser;
        b.jdbcPassword = jdbcPassword;
        b.maxUploadBytes = maxUploadBytes;
        b.maxBodyBytes = maxBodyBytes;
        b.tileCacheBytes = tileCacheBytes;
        b.basemapUrl = basemapUrl;
        b.minFreeBytes = minFreeBytes;
        b.admission = admission;
        b.corsOrigins = corsOrigins;
        b.corsWriteOrigins = corsWriteOrigins;
        b.host = host;
        b.sources = sources;
        b.sharing = sharing;
        b.sceneStore = sceneStore;
        b.watchMinEvery = watchMinEvery;
        return b;
    }

    @Override
    public String toString() {
        return "AppConfig[port=" + port + ", dataDir=" + dataDir + ", samplesDir=" + samplesDir
                + ", token=" + (token == null ? "(from " + tokenFile() + ")" : "(set)") + ", jdbcUrl=" + jdbcUrl
                + ", jdbcUser=" + jdbcUser + ", jdbcPassword=" + (jdbcPassword == null ? "null" : "(set)")
                + ", maxUploadBytes=" + maxUploadBytes + ", maxBodyBytes=" + maxBodyBytes
                + ", tileCacheBytes=" + tileCacheBytes + ", basemapUrl=" + basemapUrl + ", minFreeBytes=" + minFreeBytes + ", admission=" + admission + ", corsOrigins=" + corsOrigins
                + ", corsWriteOrigins=" + corsWriteOrigins + ", host=" + host + ", sources=" + sources + ", sharing=" + sharing + ", sceneStore=" + sceneStore + ", watchMinEvery=" + watchMinEvery + "]";
    }

    private static String blankToNull(String s) { return s == null || s.isBlank() ? null : s.strip(); }

    /**
     * Collects the settings; starts from the defaults. Setters taking a raw string from the environment or a flag
     * throw {@link IllegalArgumentException} naming the source when the value does not parse.
     */
    public static final class Builder {
        private int port = DEFAULT_PORT;
        private Path dataDir = Path.of("data");
        private Path samplesDir = DEFAULT_SAMPLES_DIR;
        private String token;
        private Path tokenFile;
        private String jdbcUrl, jdbcUser, jdbcPassword;
        private long maxUploadBytes = DEFAULT_MAX_UPLOAD_BYTES;
        private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private long tileCacheBytes = DEFAULT_TILE_CACHE_BYTES;
        private String basemapUrl;
        private long minFreeBytes = DEFAULT_MIN_FREE_BYTES;
        private Admission admission = Admission.DEFAULTS;
        private java.util.List<String> corsOrigins = java.util.List.of("*");
        private java.util.List<String> corsWriteOrigins = java.util.List.of();
        private String host = DEFAULT_HOST;
        private greencover.service.source.SourcePolicy sources = greencover.service.source.SourcePolicy.DEFAULTS;
        private Sharing sharing = Sharing.DEFAULTS;
        private SceneStore sceneStore = SceneStore.DEFAULTS;
        private java.time.Duration watchMinEvery = DEFAULT_WATCH_MIN_EVERY;
        /** Scene-store parts from the environment and flags (location, endpoint, region, key, secret, cache bytes). */
        private String[] pendingSceneStore;

        private Builder() {}

        /** Applies the {@code GREENCOVER_*} variables of {@code env} that are set and not blank. */
        public Builder environment(Map<String, String> env) {
            String v;
            if ((v = get(env, "GREENCOVER_PORT")) != null) port(whole("GREENCOVER_PORT", v));
            if ((v = get(env, "GREENCOVER_DATA")) != null) dataDir(Path.of(v));
            if ((v = get(env, "GREENCOVER_TOKEN")) != null) token(v);
            if ((v = get(env, "GREENCOVER_TOKEN_FILE")) != null) tokenFile(Path.of(v));
            if ((v = get(env, "GREENCOVER_JDBC_URL")) != null) jdbcUrl = v;
            if ((v = get(env, "GREENCOVER_JDBC_USER")) != null) jdbcUser = v;
            if ((v = get(env, "GREENCOVER_JDBC_PASSWORD")) != null) jdbcPassword = v;
            if ((v = get(env, "GREENCOVER_MAX_UPLOAD_MB")) != null) maxUploadBytes(mebibytes("GREENCOVER_MAX_UPLOAD_MB", v));
            if ((v = get(env, "GREENCOVER_TILE_CACHE_MB")) != null) tileCacheBytes(mebibytes("GREENCOVER_TILE_CACHE_MB", v));
            if ((v = get(env, "GREENCOVER_BASEMAP")) != null) basemapUrl(v);
            if ((v = get(env, "GREENCOVER_MIN_FREE_MB")) != null) minFreeBytes(mebibytes("GREENCOVER_MIN_FREE_MB", v));
            if ((v = get(env, "GREENCOVER_MEMORY_BUDGET_MB")) != null) {
                admission = admission.withMemoryBudgetBytes(mebibytes("GREENCOVER_MEMORY_BUDGET_MB", v));
            }
            if ((v = get(env, "GREENCOVER_ADMISSION_WAIT_MS")) != null) {
                admission = admission.withAdmissionWaitMillis(nonNegative("GREENCOVER_ADMISSION_WAIT_MS", v));
            }
            if ((v = get(env, "GREENCOVER_INGESTS")) != null) {
                admission = admission.withIngests(nonNegative("GREENCOVER_INGESTS", v), admission.ingestsWaiting());
            }
            if ((v = get(env, "GREENCOVER_INGEST_QUEUE")) != null) {
                admission = admission.withIngests(admission.ingestsRunning(), nonNegative("GREENCOVER_INGEST_QUEUE", v));
            }
            if ((v = get(env, "GREENCOVER_BODY_TIMEOUT_S")) != null) {
                admission = admission.withBodyTimeoutMillis(nonNegative("GREENCOVER_BODY_TIMEOUT_S", v) * 1000L);
            }
            if ((v = get(env, "GREENCOVER_MAX_ANONYMOUS_BODY_KB")) != null) {
                admission = admission.withMaxAnonymousBodyBytes(nonNegative("GREENCOVER_MAX_ANONYMOUS_BODY_KB", v) * 1024L);
            }
            if ((v = get(env, "GREENCOVER_CORS_ORIGINS")) != null) corsOrigins = list(v);
            if ((v = get(env, "GREENCOVER_CORS_WRITE_ORIGINS")) != null) corsWriteOrigins = list(v);
            if ((v = get(env, "GREENCOVER_HOST")) != null) host = v;
            if ((v = get(env, "GREENCOVER_SOURCE_HOSTS")) != null) {
                var p = sources;
                sources = new greencover.service.source.SourcePolicy(list(v), p.allowPrivateAddresses(), p.timeout(), p.retries(),
                        p.backoff(), p.parallelFetches(), p.headerBytes(), p.windowMarginM(), p.sasEndpoint(), p.privateHosts());
            }
            if ((v = get(env, "GREENCOVER_SOURCE_PRIVATE_HOSTS")) != null) sources = sources.withPrivateHosts(list(v));
            if ((v = get(env, "GREENCOVER_SOURCE_ALLOW_PRIVATE")) != null) {
                if (v.equalsIgnoreCase("true")) sources = sources.allowingPrivateAddresses();
                else if (!v.equalsIgnoreCase("false")) throw new IllegalArgumentException("GREENCOVER_SOURCE_ALLOW_PRIVATE must be true or false but was '" + v + "'");
            }
            if ((v = get(env, "GREENCOVER_WINDOW_MARGIN_M")) != null) sources = sources.withWindowMargin(nonNegative("GREENCOVER_WINDOW_MARGIN_M", v));
            if ((v = get(env, "GREENCOVER_WATCH_MIN_EVERY")) != null) {
                try {
                    watchMinEvery = java.time.Duration.parse(v);
                } catch (java.time.format.DateTimeParseException e) {
                    throw new IllegalArgumentException("GREENCOVER_WATCH_MIN_EVERY must be an ISO-8601 duration such as PT1M but was '" + v + "'");
                }
            }
            if ((v = get(env, "GREENCOVER_VERSION_POLL_MS")) != null) {
                sharing = new Sharing(positive("GREENCOVER_VERSION_POLL_MS", v), sharing.leftoverAgeSeconds());
            }
            if ((v = get(env, "GREENCOVER_LEFTOVER_AGE_S")) != null) {
                sharing = new Sharing(sharing.versionPollMillis(), positive("GREENCOVER_LEFTOVER_AGE_S", v));
            }
            String region = get(env, "AWS_REGION") != null ? get(env, "AWS_REGION") : get(env, "AWS_DEFAULT_REGION");
            long cache = sceneStore.cacheBytes();
            if ((v = get(env, "GREENCOVER_S3_CACHE_MB")) != null) {
                cache = mebibytes("GREENCOVER_S3_CACHE_MB", v);
                if (cache == 0) throw new IllegalArgumentException("GREENCOVER_S3_CACHE_MB must be 1 or more but was 0");
            }
            String location = get(env, "GREENCOVER_SCENE_STORE") != null ? get(env, "GREENCOVER_SCENE_STORE") : sceneStore.location();
            pendingSceneStore = new String[] {location, get(env, "GREENCOVER_S3_ENDPOINT"), region, get(env, "AWS_ACCESS_KEY_ID"),
                    get(env, "AWS_SECRET_ACCESS_KEY"), Long.toString(cache)};
            return this;
        }

        public Builder port(int port) { this.port = port; return this; }

        public Builder dataDir(Path dataDir) { this.dataDir = Objects.requireNonNull(dataDir, "dataDir"); return this; }

        /** The sample folder for an empty catalog; null for none. */
        public Builder samplesDir(Path samplesDir) { this.samplesDir = samplesDir; return this; }

        public Builder token(String token) { this.token = token; return this; }

        public Builder tokenFile(Path tokenFile) { this.tokenFile = tokenFile; return this; }

        /** The catalog database; a null {@code url} selects the embedded H2 file and ignores user and password. */
        public Builder jdbc(String url, String user, String password) {
            this.jdbcUrl = url;
            this.jdbcUser = user;
            this.jdbcPassword = password;
            return this;
        }

        /** Sets the JDBC URL, user and password that are non-null, keeping the others (flags over environment). */
        public Builder jdbcOverrides(String url, String user, String password) {
            if (url != null) jdbcUrl = url;
            if (user != null) jdbcUser = user;
            if (password != null) jdbcPassword = password;
            return this;
        }

        public Builder maxUploadBytes(long bytes) { this.maxUploadBytes = bytes; return this; }

        public Builder maxBodyBytes(long bytes) { this.maxBodyBytes = bytes; return this; }

        public Builder tileCacheBytes(long bytes) { this.tileCacheBytes = bytes; return this; }

        public Builder basemapUrl(String url) { this.basemapUrl = url; return this; }

        /** The free space writes must leave on the data directory's disk, in bytes (0 or more). */
        public Builder minFreeBytes(long bytes) { this.minFreeBytes = bytes; return this; }
        /** The admission bounds ({@link Admission#DEFAULTS} unless set). */
        public Builder admission(Admission admission) { this.admission = Objects.requireNonNull(admission, "admission"); return this; }

        /** The admission bounds set so far (to change one component with its {@code with...} method). */
        public Admission admission() { return admission; }
        /** The origins allowed to read from a browser; {@code *} for any. */
        public Builder corsOrigins(java.util.List<String> origins) { this.corsOrigins = origins; return this; }

        /** How servers on one PostgreSQL catalog follow each other ({@link Sharing#DEFAULTS} unless set). */
        public Builder sharing(Sharing sharing) { this.sharing = Objects.requireNonNull(sharing, "sharing"); return this; }

        /** Where the scene files are kept ({@link SceneStore#DEFAULTS}: the data directory, unless set). */
        public Builder sceneStore(SceneStore sceneStore) {
            this.sceneStore = Objects.requireNonNull(sceneStore, "sceneStore");
            this.pendingSceneStore = null;
            return this;
        }

        /**
         * Sets the scene store's location ({@code --scene-store}) and S3 endpoint ({@code --s3-endpoint}) that are
         * non-null, keeping the environment's region and credentials (flags over environment).
         */
        public Builder sceneStoreOverrides(String location, String endpoint) {
            String[] p = pendingSceneStore != null ? pendingSceneStore : new String[] {sceneStore.location(), sceneStore.endpoint(),
                    sceneStore.region(), sceneStore.accessKeyId(), sceneStore.secretAccessKey(), Long.toString(sceneStore.cacheBytes())};
            if (location != null) p[0] = location;
            if (endpoint != null) p[1] = endpoint;
            pendingSceneStore = p;
            return this;
        }

        /** The address to bind: {@code 0.0.0.0} for every interface, {@code 127.0.0.1} for this machine only. */
        public Builder host(String host) { this.host = host; return this; }

        /** The origins allowed to write from a browser; empty for none. */
        public Builder corsWriteOrigins(java.util.List<String> origins) { this.corsWriteOrigins = origins; return this; }

        /** A comma-separated origin list ({@code GREENCOVER_CORS_ORIGINS}, {@code --cors-origins}) as a list. */
        public static java.util.List<String> list(String commaSeparated) {
            java.util.List<String> out = new java.util.ArrayList<>();
            for (String o : commaSeparated.split(",")) if (!o.isBlank()) out.add(o.strip());
            return out;
        }

        /** The configuration; throws {@link IllegalArgumentException} for out-of-range values. */
        /** How scenes are read where they live: allowed hosts, private addresses, retries, the window margin. */
        public Builder sources(greencover.service.source.SourcePolicy sources) { this.sources = Objects.requireNonNull(sources, "sources"); return this; }

        /** The shortest interval a watch may poll at ({@link #DEFAULT_WATCH_MIN_EVERY} unless set). */
        public Builder watchMinEvery(java.time.Duration every) { this.watchMinEvery = Objects.requireNonNull(every, "every"); return this; }

        public AppConfig build() {
            SceneStore files = sceneStore;
            if (pendingSceneStore != null) { // validated here, once flags and environment are both known
                String[] p = pendingSceneStore;
                files = new SceneStore(p[0], p[1], p[2], p[3], p[4], Long.parseLong(p[5]));
            }
            return new AppConfig(port, dataDir, samplesDir, token, tokenFile, jdbcUrl, jdbcUser, jdbcPassword,
                    maxUploadBytes, maxBodyBytes, tileCacheBytes, basemapUrl, minFreeBytes, admission, corsOrigins, corsWriteOrigins, host,
                    sources, sharing, files, watchMinEvery);
        }

        private static String get(Map<String, String> env, String name) {
            String v = env.get(name);
            return v == null || v.isBlank() ? null : v.strip();
        }

        private static int whole(String name, String v) {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a whole number but was '" + v + "'");
            }
        }

        private static int nonNegative(String name, String v) {
            int n = whole(name, v);
            if (n < 0) throw new IllegalArgumentException(name + " must be 0 or more but was " + n);
            return n;
        }

        private static int positive(String name, String v) {
            int n = whole(name, v);
            if (n <= 0) throw new IllegalArgumentException(name + " must be 1 or more but was " + n);
            return n;
        }

        private static long mebibytes(String name, String v) {
            int mb = whole(name, v);
            if (mb < 0) throw new IllegalArgumentException(name + " must be 0 or more but was " + mb);
            return (long) mb << 20;
        }
    }
}
