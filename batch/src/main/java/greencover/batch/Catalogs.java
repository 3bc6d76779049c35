package greencover.batch;

import greencover.app.AppConfig;
import greencover.app.Services;
import greencover.service.source.SourcePolicy;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One {@link Services} per JVM and catalog: the driver's and every task of an executor share it (so that local mode,
 * where driver and executor are one JVM, opens an embedded catalog once). Closed when the JVM ends, or by
 * {@link #closeAll}.
 */
final class Catalogs {
    private static final Map<String, Services> OPEN = new HashMap<>();
    private static boolean hooked;

    private Catalogs() {}

    /**
     * The services over the catalog and scene store of {@code s}, opened on first use: the server's own composition
     * ({@link Services#open}), which runs the schema migrations and recovery as a server start does.
     */
    static synchronized Services of(JobSettings s) {
        String key = s.jdbcUrl() + "|" + s.dataDir();
        Services svc = OPEN.get(key);
        if (svc != null) return svc;
        AppConfig.Builder b = AppConfig.builder().port(0).dataDir(Path.of(s.dataDir())).samplesDir(null);
        if (s.jdbcUrl() != null) b.jdbc(s.jdbcUrl(), s.jdbcUser(), s.jdbcPassword());
        SourcePolicy policy = SourcePolicy.DEFAULTS;
        if (s.allowPrivateAddresses()) policy = policy.allowingPrivateAddresses();
        if (s.sourceRetries() >= 0) policy = policy.withRetries(s.sourceRetries(), java.time.Duration.ofMillis(s.retryBackoffMillis()));
        b.sources(policy);
        svc = Services.open(b.build(), greencover.app.Background.NONE); // a job resumes no server's imports and polls no watch
        OPEN.put(key, svc);
        if (!hooked) {
            hooked = true;
            Runtime.getRuntime().addShutdownHook(new Thread(Catalogs::closeAll, "greencover-catalogs-close"));
        }
        return svc;
    }

    static synchronized void closeAll() {
        for (Services s : OPEN.values()) {
            try {
                s.close();
            } catch (RuntimeException e) {
                // closing at exit: nothing left to tell
            }
        }
        OPEN.clear();
    }
}
