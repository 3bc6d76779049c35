package greencover.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A throw-away PostgreSQL server for tests, as a JUnit 5 extension: {@code @ExtendWith(PostgresServer.class)} and a
 * test constructor or method parameter of type {@link Database} gets a fresh, empty database. The server is started
 * once per test run: {@code initdb} into a temporary folder, {@code pg_ctl start} on a free loopback port with its
 * Unix socket in that folder, trust authentication for user {@code greencover}; it is stopped and the folder deleted
 * when the run ends.
 *
 * <p>{@code initdb} refuses to run as root, so as root the tools run as the {@code postgres} user
 * ({@code runuser -u postgres --}), or else as {@code nobody} through {@code setpriv}. Binaries are looked up in
 * {@code /usr/lib/postgresql/15/bin}, then {@code pg_config --bindir}, then the {@code PATH}. Where none of that works
 * the tests are skipped (a JUnit assumption) with the reason; nowhere else.
 */
public final class PostgresServer implements BeforeAllCallback, ParameterResolver, ExtensionContext.Store.CloseableResource {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(PostgresServer.class);
    private static final String USER = "greencover";
    private final AtomicInteger databases = new AtomicInteger();
    private Path dir;
    private List<String> asUser;
    private Path bin;
    private int port;
    private String failure;

    /** A database on the running server. */
    public record Database(String url, String user, String password) {}

    /** Starts the run's server if needed; skips the whole test class when it cannot be started. */
    @Override
    public void beforeAll(ExtensionContext c) {
        PostgresServer server = server(c);
        Assumptions.assumeTrue(server.failure == null, () -> "PostgreSQL cannot be started here, skipping: " + server.failure);
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == Database.class || p.getParameter().getType() == PostgresServer.class;
    }

    /** A fresh database, or (for a parameter of type {@code PostgresServer}) the run's server, to stop and start it. */
    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == PostgresServer.class ? server(c) : server(c).newDatabase();
    }

    /**
     * Stops the server (fast shutdown: sessions are ended, as when the database restarts); {@link #startAgain}
     * brings it back on the same port with the same data. The test that calls it must start it again.
     */
    public void stopServer() throws Exception {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop"));
    }

    /** Starts the server stopped by {@link #stopServer} again, on the same port. */
    public void startAgain() throws Exception { run(startCommand()); }

    private List<String> startCommand() {
        return List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l", dir.resolve("log").toString(), "-w",
                "-t", "60", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off "
                        + "-c synchronous_commit=off -c full_page_writes=off", "start");
    }

    /**
     * A server started outside JUnit (the benchmarks, e.g. {@code bench/spark}), stopped and deleted by {@link #close};
     * {@link #database} gives it fresh databases.
     *
     * @throws IllegalStateException when PostgreSQL cannot be started here, with the reason
     */
    public static PostgresServer startStandalone() {
        PostgresServer s = new PostgresServer();
        s.start();
        if (s.failure != null) throw new IllegalStateException("PostgreSQL cannot be started here: " + s.failure);
        return s;
    }

    /** A fresh, empty database on this server. */
    public Database database() { return newDatabase(); }

    /** The postmaster's process id (the backends are its children), for measuring the server's CPU time. */
    public long pid() throws IOException {
        return Long.parseLong(Files.readAllLines(dir.resolve("data").resolve("postmaster.pid")).get(0).trim());
    }

    private static PostgresServer server(ExtensionContext c) {
        return c.getRoot().getStore(NS).getOrComputeIfAbsent(PostgresServer.class, k -> {
            PostgresServer s = new PostgresServer();
            s.start();
            return s;
        }, PostgresServer.class);
    }

    private void start() {
        try {
            bin = findBin();
            if (bin == null) throw new IllegalStateException("no initdb in /usr/lib/postgresql/15/bin, pg_config --bindir or PATH");
            asUser = runAs();
            dir = Files.createTempDirectory("greencover-pg-");
            chown(dir);
            port = freePort();
            Path data = dir.resolve("data");
            run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--auth=trust", "-E", "UTF8",
                    "--no-sync", "--no-instructions"));
            run(startCommand());
        } catch (Exception e) {
            failure = e.getMessage();
            if (dir != null) deleteTree(dir);
            dir = null;
        }
    }

    private Database newDatabase() {
        String name = "test_" + databases.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres"), USER, ""); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
        return new Database(url(name), USER, "");
    }

    private String url(String db) { return "jdbc:postgresql://127.0.0.1:" + port + "/" + db; }

    /** Stops the server (immediately: the data is thrown away) and deletes its folder. */
    @Override
    public void close() {
        if (dir == null) return;
        try {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop"));
        } catch (Exception e) {
            System.err.println("PostgresServer: stop failed: " + e.getMessage());
        }
        deleteTree(dir);
    }

    private static Path findBin() throws Exception {
        Path debian = Path.of("/usr/lib/postgresql/15/bin");
        if (Files.isExecutable(debian.resolve("initdb"))) return debian;
        try {
            Process p = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() == 0 && Files.isExecutable(Path.of(out, "initdb"))) return Path.of(out);
        } catch (IOException noPgConfig) {
            // fall through to PATH
        }
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, "initdb")) && Files.isExecutable(Path.of(d, "pg_ctl"))) return Path.of(d);
        }
        return null;
    }

    /** The command prefix that runs a tool as a non-root user (empty when not root). */
    private static List<String> runAs() throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) return List.of();
        if (exitCode("id", "-u", "postgres") == 0 && Files.isExecutable(Path.of("/usr/sbin/runuser"))) {
            return List.of("/usr/sbin/runuser", "-u", "postgres", "--");
        }
        if (exitCode("id", "-u", "nobody") == 0) {
            return List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--");
        }
        throw new IllegalStateException("running as root with neither a postgres nor a nobody user to run initdb as");
    }

    private void chown(Path p) throws Exception {
        if (asUser.isEmpty()) return;
        String user = asUser.contains("postgres") ? "postgres" : "nobody";
        if (exitCode("chown", user, p.toString()) != 0) throw new IllegalStateException("cannot chown " + p + " to " + user);
    }

    private void run(List<String> command) throws Exception {
        List<String> full = new ArrayList<>(asUser);
        full.addAll(command);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(command.get(0) + " timed out");
        }
        if (p.exitValue() != 0) {
            String log = dir != null && Files.exists(dir.resolve("log")) ? Files.readString(dir.resolve("log")) : "";
            throw new IllegalStateException(Path.of(command.get(0)).getFileName() + " failed (" + p.exitValue() + "): " + out.trim() + " " + log.trim());
        }
    }

    private static int exitCode(String... command) throws Exception {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor();
        } catch (IOException e) {
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path p) {
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(q -> q.toFile().delete());
        } catch (IOException e) {
            System.err.println("PostgresServer: cannot delete " + p + ": " + e.getMessage());
        }
    }
}
