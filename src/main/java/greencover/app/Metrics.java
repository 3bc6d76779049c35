package greencover.app;

import greencover.service.IngestEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The process's meters, in one Prometheus registry made per {@link Services}: JVM memory, GC, threads, class loading
 * and JVM info; process CPU, uptime and open files; the catalog's size; and every ingest's outcome, duration and
 * uploaded bytes, as the services report them through their {@link IngestEvents} port (the services know no metrics
 * library). The HTTP server adds its request and map-cache meters to {@link #registry()} and serves
 * {@link #scrape()} at {@code /metrics}. Every meter has a description, which becomes its {@code # HELP} line.
 */
public final class Metrics implements IngestEvents, AutoCloseable {
    /** Ingest-duration histogram buckets: a small crop takes well under a second, a full Sentinel-2 tile minutes. */
    private static final Duration[] INGEST_BUCKETS = {Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Map<Outcome, Counter> ingests = new EnumMap<>(Outcome.class);
    private final Map<Outcome, Counter> ingestBytes = new EnumMap<>(Outcome.class);
    private final Map<Outcome, Timer> ingestTimes = new EnumMap<>(Outcome.class);

    /** A registry with the JVM, process and ingest meters (every outcome present from the start, at 0). */
    public Metrics() {
        // promtool's lint: no abbreviated unit (process_cpu_time_ns_total, replaced by process_cpu_seconds_total
        // below) and no _count suffix on a gauge (system_cpu_count becomes system_cpus)
        registry.config().meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time"));
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
            }
        });
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            FunctionCounter.builder("process.cpu", os, o -> o.getProcessCpuTime() / 1e9).baseUnit("seconds")
                    .description("CPU time used by the server's process (all its threads)").register(registry);
        }
        for (Outcome o : Outcome.values()) {
            ingests.put(o, Counter.builder("greencover.ingests")
                    .description("Scene ingests (uploads and the ingest command) by outcome: created, duplicate (the same"
                            + " files were stored already), refused (a stated 4xx/5xx reason, nothing stored) or failed")
                    .tag("outcome", o.key()).register(registry));
            ingestBytes.put(o, Counter.builder("greencover.ingest.uploaded").baseUnit("bytes")
                    .description("Bytes of the files named by scene ingests, by outcome (each distinct file once per ingest)")
                    .tag("outcome", o.key()).register(registry));
            ingestTimes.put(o, Timer.builder("greencover.ingest.duration")
                    .description("Wall time of scene ingests, from the call to the answer (after the upload is spooled), by outcome")
                    .tag("outcome", o.key()).serviceLevelObjectives(INGEST_BUCKETS).register(registry));
        }
    }

    /**
     * Adds the catalog-size gauges: {@code sites} and {@code scenes} are read at each scrape, so they must be cheap
     * (the map view's per-version snapshot is).
     */
    public void catalog(Supplier<Number> sites, Supplier<Number> scenes) {
        Gauge.builder("greencover.catalog.sites", sites).description("Sites in the catalog").register(registry);
        Gauge.builder("greencover.catalog.scenes", scenes)
                .description("Scenes in the catalog that maps and statistics read (damaged ones excluded)").register(registry);
    }

    @Override
    public void ingested(Outcome outcome, long uploadedBytes, long nanos) {
        ingests.get(outcome).increment();
        ingestBytes.get(outcome).increment(Math.max(0, uploadedBytes));
        ingestTimes.get(outcome).record(Math.max(0, nanos), java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** The registry, for the server's own meters. */
    public MeterRegistry registry() { return registry; }

    /** Every meter in the Prometheus text format 0.0.4, with {@code # HELP} and {@code # TYPE} lines. */
    public String scrape() { return registry.scrape(); }

    /** The content type of {@link #scrape()}. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
