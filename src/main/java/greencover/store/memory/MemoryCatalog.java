package greencover.store.memory;

import greencover.domain.Scene;
import greencover.domain.Site;
import greencover.domain.SummaryRow;
import greencover.store.CatalogVersion;
import greencover.store.Transactions;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The catalog state in memory and its units of work, with the same contract as the JDBC store: the committed state is an immutable value
 * swapped in one step, a unit of work changes a private copy (visible only to its own thread) that becomes the
 * committed state when the work returns and is dropped when it throws, and every committed write bumps the
 * version. Readers never wait; units of work commit one at a time. Meant for service tests and a {@code --memory}
 * development mode: nothing survives the process.
 */
final class MemoryCatalog implements Transactions, CatalogVersion {
    private final ReentrantLock commitLock = new ReentrantLock();
    private final ThreadLocal<State> open = new ThreadLocal<>();
    private volatile State committed;

    /** One version of the whole catalog; mutated only while it is a thread's private working copy. */
    static final class State {
        final TreeMap<String, Site> sites;
        final Map<String, Scene> scenes;
        final Map<String, SummaryRow> summaries; // key: site \0 scene \0 index
        final Map<String, Scene> deleting = new HashMap<>(); // scenes marked deleting, not in scenes
        final Map<String, Scene> damaged = new HashMap<>(); // scenes marked damaged (with their damage), not in scenes
        final Map<String, java.util.List<greencover.domain.OutlineVersion>> outlines = new HashMap<>(); // by site, oldest first
        final Map<String, greencover.domain.AlertSettings> alertSettings = new HashMap<>();
        final Map<String, greencover.domain.Alert> alerts = new java.util.LinkedHashMap<>();
        final java.util.List<greencover.domain.WebhookDelivery> deliveries = new java.util.ArrayList<>();
        long version;
        boolean wrote;

        State(TreeMap<String, Site> sites, Map<String, Scene> scenes, Map<String, SummaryRow> summaries, long version) {
            this.sites = sites;
            this.scenes = scenes;
            this.summaries = summaries;
            this.version = version;
        }

        State copy() {
            State c = new State(new TreeMap<>(sites), new HashMap<>(scenes), new HashMap<>(summaries), version);
            c.deleting.putAll(deleting);
            c.damaged.putAll(damaged);
            outlines.forEach((k, v) -> c.outlines.put(k, new java.util.ArrayList<>(v)));
            c.alertSettings.putAll(alertSettings);
            c.alerts.putAll(alerts);
            c.deliveries.addAll(deliveries);
            return c;
        }
    }

    /** An empty catalog whose version starts from the clock, as a new database's does. */
    MemoryCatalog() {
        this.committed = new State(new TreeMap<>(), new HashMap<>(), new HashMap<>(), System.currentTimeMillis() << 8);
    }

    // ---- transactions and version ------------------------------------------------------------------

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        if (open.get() != null) return work.get();
        commitLock.lock();
        try {
            State mine = committed.copy();
            open.set(mine);
            T t = work.get();
            if (mine.wrote) {
                mine.version++;
                mine.wrote = false;
                committed = mine;
            }
            return t;
        } finally {
            open.remove();
            commitLock.unlock();
        }
    }

    @Override
    public long current() { return read().version; }

    /** The state the current thread sees: its unit of work's copy, else the committed state. */
    State read() {
        State s = open.get();
        return s != null ? s : committed;
    }

    /** Applies {@code change} to the current unit of work's copy (opening one if needed) and marks it written. */
    <T> T write(Function<State, T> change) {
        return inTransaction(() -> {
            State s = open.get();
            s.wrote = true;
            return change.apply(s);
        });
    }
}
