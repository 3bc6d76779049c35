package greencover.service;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs independent tasks of one request on a few short-lived daemon threads, rethrowing their exceptions unchanged. */
final class Parallel {
    private Parallel() {}

    /** Threads worth using for CPU-bound work: the available processors, at least 1. */
    static int cpus() { return Math.max(1, Runtime.getRuntime().availableProcessors()); }

    /** A pool of {@code threads} daemon threads named {@code name-1, name-2, ...}. */
    static ExecutorService pool(String name, int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1 but was " + threads);
        AtomicInteger seq = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name + "-" + seq.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The result of {@code f}, rethrowing the task's unchecked exception or error as it was thrown. */
    static <T> T join(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) throw re;
            if (c instanceof Error err) throw err;
            throw new IllegalStateException(c);
        }
    }

    /**
     * Runs {@code tasks} on up to {@link #cpus()} threads (in the caller's thread when there is one task or
     * one processor) and returns their results in order. Every task has finished when this returns or
     * throws; the first failure in task order is rethrown.
     */
    static <T> List<T> all(String name, List<? extends Callable<T>> tasks) {
        int threads = Math.min(tasks.size(), cpus());
        List<T> out = new ArrayList<>(tasks.size());
        if (threads <= 1) {
            for (Callable<T> t : tasks) {
                try {
                    out.add(t.call());
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            return out;
        }
        ExecutorService pool = pool(name, threads);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> t : tasks) futures.add(pool.submit(t));
            RuntimeException firstRuntime = null;
            Error firstError = null;
            for (Future<T> f : futures) {
                try {
                    out.add(join(f));
                } catch (RuntimeException e) {
                    if (firstRuntime == null && firstError == null) firstRuntime = e;
                } catch (Error e) {
                    if (firstRuntime == null && firstError == null) firstError = e;
                }
            }
            if (firstError != null) throw firstError;
            if (firstRuntime != null) throw firstRuntime;
            return out;
        } finally {
            pool.shutdown();
        }
    }
}
