package greencover.app;

import greencover.service.alert.AlertService;
import greencover.service.imports.ImportService;
import greencover.service.imports.WatchService;
import greencover.store.ImportRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code serve} runs on its own ({@link Background}), started by {@link Services#open(AppConfig, Background)}:
 * <ul>
 *   <li>the unfinished imports resumed: alone on the catalog, all of them at once; sharing it, every half
 *       {@link Background#importLease} those whose server's lease expired (it died or stopped);</li>
 *   <li>the stored watches timed, and on a shared catalog followed every half lease (those set or deleted by the
 *       others); each timed poll runs under the watch's lease, so once per interval whatever the number of servers;</li>
 *   <li>every site's alert rules evaluated every {@link Background#alertEvery} (the first soon after the start: after
 *       the interval, at most 5 minutes), under the lease {@code alerts:every-site} taken until just before the next
 *       evaluation is due, so once per interval across servers and restarts.</li>
 * </ul>
 */
final class BackgroundTasks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundTasks.class);
    private static final String ALERT_LEASE = "alerts:every-site";
    private static final Duration FIRST_ALERTS_AT_MOST = Duration.ofMinutes(5);
    private final ScheduledExecutorService timer;

    private BackgroundTasks(ScheduledExecutorService timer) { this.timer = timer; }

    static BackgroundTasks start(ImportService imports, WatchService watches, AlertService alerts, ImportRepository leases,
                                 boolean shared, Background bg) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "greencover-background");
            t.setDaemon(true);
            return t;
        });
        imports.catalogShared(shared);
        if (!shared) imports.resumeUnfinished();
        int watched = watches.scheduleStored();
        if (watched > 0) LOG.info("watches: {} site(s) watch STAC APIs", watched);
        if (shared) {
            long every = Math.max(100, bg.importLease().toMillis() / 2);
            timer.scheduleWithFixedDelay(() -> quietly("imports and watches of other servers", () -> {
                imports.resumeUnfinished();
                watches.refresh();
            }), 0, every, TimeUnit.MILLISECONDS);
        }
        Duration every = bg.alertEvery();
        Duration first = every.compareTo(FIRST_ALERTS_AT_MOST) < 0 ? every : FIRST_ALERTS_AT_MOST;
        timer.scheduleAtFixedRate(() -> quietly("the periodic alert evaluation", () -> {
            Instant now = bg.clock().instant();
            Duration slack = every.dividedBy(10).compareTo(FIRST_ALERTS_AT_MOST) > 0 ? FIRST_ALERTS_AT_MOST : every.dividedBy(10);
            // owned by this run (a lease's owner may take it again): no server, this one included, evaluates again before it ends
            if (!leases.takeLease(ALERT_LEASE, imports.owner() + "#" + now.toEpochMilli(), now, now.plus(every).minus(slack))) return;
            int changed = alerts.evaluateAll().size();
            if (changed > 0) LOG.info("alerts: the periodic evaluation opened or cleared {} alert(s)", changed);
        }), first.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return new BackgroundTasks(timer);
    }

    private static void quietly(String what, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("{}: {}", what, e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
