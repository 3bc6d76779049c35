package greencover.batch;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Spark standalone cluster from the Maven jars in {@code sparkHome/jars} (README "Batch job on Spark"): one
 * Master and {@code workers} Workers of one core each, every JVM on free loopback ports, started as processes and
 * stopped (with the executors and drivers they started) by {@link #close}. Their logs are in {@code dir}.
 */
final class SparkCluster implements AutoCloseable {
    final Path sparkHome;
    final Path dir;
    final List<String> flags;
    final int masterPort;
    private final List<Process> processes = new ArrayList<>();

    SparkCluster(Path sparkHome, String flags, Path dir, int workers, String workerMemory) throws Exception {
        this.sparkHome = sparkHome;
        this.dir = Files.createDirectories(dir);
        this.flags = List.of(flags.trim().split("\\s+"));
        // the launcher that builds driver and executor commands takes $SPARK_HOME/jars only with a RELEASE file there
        if (!Files.exists(sparkHome.resolve("RELEASE"))) Files.writeString(sparkHome.resolve("RELEASE"), "Spark jars from Maven Central\n");
        masterPort = freePort();
        Path masterLog = dir.resolve("master.log");
        start(masterLog, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", String.valueOf(masterPort),
                "--webui-port", String.valueOf(freePort()));
        await(masterLog, "I have been elected leader", 1, Duration.ofSeconds(90), processes.get(0));
        for (int i = 1; i <= workers; i++) {
            Path work = Files.createDirectories(dir.resolve("worker" + i));
            start(dir.resolve("worker" + i + ".log"), "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                    "--port", String.valueOf(freePort()), "--cores", "1", "--memory", workerMemory,
                    "--webui-port", String.valueOf(freePort()), "--work-dir", work.toString(), masterUrl());
        }
        await(masterLog, "Registering worker", workers, Duration.ofSeconds(120), processes.get(0));
    }

    String masterUrl() { return "spark://127.0.0.1:" + masterPort; }

    /** A JVM with Spark's module flags and {@code sparkHome/jars/*} on its class path, its output into {@code log}. */
    ProcessBuilder java(Path log, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(flags);
        cmd.add("-Xmx512m");
        cmd.add("-cp");
        cmd.add(sparkHome.resolve("jars") + "/*");
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_HOSTNAME", "127.0.0.1");
        return pb;
    }

    private void start(Path log, String mainClass, String... args) throws IOException {
        processes.add(java(log, mainClass, args).start());
    }

    /** Waits until {@code text} occurs {@code times} times in {@code log}. */
    static void await(Path log, String text, int times, Duration timeout, Process p) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end && p.isAlive()) {
            if (Files.exists(log)) {
                String s = Files.readString(log);
                int n = 0;
                for (int i = s.indexOf(text); i >= 0; i = s.indexOf(text, i + 1)) n++;
                if (n >= times) return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("'" + text + "' did not appear " + times + " times in " + log + " within " + timeout + (p.isAlive() ? "" : " (the process ended)")
                + ":\n" + (Files.exists(log) ? Files.readString(log) : "(no log)"));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Stops the Workers (and the executor and driver JVMs they started), then the Master. */
    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            try {
                if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The Master and Worker processes (the executors and drivers are their children), for measuring CPU time. */
    List<Process> processes() { return List.copyOf(processes); }

    /** Whether every process started is gone. */
    boolean stopped() { return processes.stream().noneMatch(Process::isAlive); }
}
