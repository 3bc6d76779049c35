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
        String key = s.jdbcUrl() + "|" + s.dataDir() + "|" + (s.sceneStore() == null ? "" : s.sceneStore().location());
        Services svc = OPEN.get(key);
        if (svc != null) return svc;
        AppConfig.Builder b = AppConfig.builder().port(0).dataDir(Path.of(s.dataDir())).samplesDir(null);
        if (s.jdbcUrl() != null) b.jdbc(s.jdbcUrl(), s.jdbcUser(), s.jdbcPassword());
        if (s.sceneStore() != null) b.sceneStore(s.sceneStore().config()); // a bucket: checked by Services.open before the catalog
        b.sources(sources(s));
        svc = Services.open(b.build(), greencover.app.Background.NONE); // a job resumes no server's imports and polls no watch
        // the job evaluates each site's alerts once, on the driver after the last item (BatchJob.run), not after each item
        svc.alertsAfterEachIngest(false);
        OPEN.put(key, svc);
        if (!hooked) {
            hooked = true;
            Runtime.getRuntime().addShutdownHook(new Thread(Catalogs::closeAll, "greencover-catalogs-close"));
        }
        return svc;
    }

    /**
     * The source policy of {@code s}: the server's defaults (its address rule: http and https to public addresses),
     * private addresses and {@code file:} allowed with {@code --allow-private-addresses}, and the range reads' retries.
     */
    static SourcePolicy sources(JobSettings s) {
        SourcePolicy policy = SourcePolicy.DEFAULTS;
        if (s.allowPrivateAddresses()) policy = policy.allowingPrivateAddresses();
        if (s.sourceRetries() >= 0) policy = policy.withRetries(s.sourceRetries(), java.time.Duration.ofMillis(s.retryBackoffMillis()));
        return policy;
    }

    /** Closes the services over the catalog of {@code s}, if open (a temporary catalog, before its directory goes). */
    static synchronized void close(JobSettings s) {
        Services svc = OPEN.remove(s.jdbcUrl() + "|" + s.dataDir());
        if (svc != null) svc.close();
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
