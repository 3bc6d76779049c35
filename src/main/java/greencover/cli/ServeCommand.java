package greencover.cli;

import greencover.http.GreenCoverServer;
import greencover.http.ServerConfig;
import greencover.http.Services;
import io.javalin.Javalin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/** {@code serve}: opens the data directory, loads the samples into an empty catalog, starts the server. */
final class ServeCommand {
    static final String USAGE = """
            Usage: java -jar greencover.jar serve [--port 8080] [--data ./data] [--samples ./sample-tiles | --no-samples]
                                                  [--jdbc-url URL --jdbc-user U --jdbc-password P] [--max-upload-mb 2048]
                                                  [--tile-cache-mb 256]

              --port           HTTP port (default 8080, env GREENCOVER_PORT)
              --data           data directory: H2 database, scene files, token (default ./data, env GREENCOVER_DATA)
              --samples        sample folder loaded when the catalog is empty (default ./sample-tiles)
              --no-samples     start with an empty catalog
              --jdbc-url       use this database instead of the embedded H2 file (e.g. jdbc:postgresql://host/db)
              --max-upload-mb  largest scene upload accepted (default 2048)
              --tile-cache-mb  memory for encoded maps and tiles (default 256, env GREENCOVER_TILE_CACHE_MB; 0 = off)

            Writes need 'Authorization: Bearer <token>'. The token is GREENCOVER_TOKEN, or one generated at first
            start, stored in <data>/token and printed once.""";

    private ServeCommand() {}

    static int run(String[] args) throws Exception {
        Options o = new Options(args, Set.of("port", "data", "samples", "jdbc-url", "jdbc-user", "jdbc-password", "max-upload-mb",
                "tile-cache-mb"),
                Set.of("no-samples"), USAGE);
        if (o.help()) {
            System.out.println(USAGE);
            return 0;
        }
        int port = o.intValue("port", Integer.parseInt(env("GREENCOVER_PORT", "8080")));
        Path data = Path.of(o.get("data", env("GREENCOVER_DATA", "data")));
        Path samples = o.flag("no-samples") ? null : Path.of(o.get("samples", "sample-tiles"));
        Files.createDirectories(data);
        String token = token(data);
        int cacheMb = o.intValue("tile-cache-mb", Integer.parseInt(env("GREENCOVER_TILE_CACHE_MB",
                String.valueOf(ServerConfig.DEFAULT_TILE_CACHE_BYTES >> 20))));
        if (cacheMb < 0) throw new Options.UsageException("--tile-cache-mb must be 0 or more but was " + cacheMb);
        ServerConfig cfg = new ServerConfig(port, data, samples, token, o.get("jdbc-url"), o.get("jdbc-user"), o.get("jdbc-password"),
                (long) o.intValue("max-upload-mb", 2048) << 20, (long) cacheMb << 20);
        Services services = Services.open(cfg);
        if (samples != null && services.store().catalog().scenes(null, null).isEmpty() && services.store().catalog().sites().isEmpty()) {
            if (Files.isDirectory(samples)) {
                SampleLoader.load(samples, services, System.out::println);
            } else {
                System.out.println("no sample folder at " + samples.toAbsolutePath() + "; starting with an empty catalog");
            }
        }
        Javalin app = GreenCoverServer.create(cfg, services);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.stop();
            services.close();
        }));
        app.start(port);
        System.out.println("GreenCover is serving on http://localhost:" + app.port() + "/  (data: " + data.toAbsolutePath() + ")");
        return 0;
    }

    static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }

    /** GREENCOVER_TOKEN, else the token stored in the data directory, else a new one (stored and printed once). */
    static String token(Path data) throws IOException {
        String env = System.getenv("GREENCOVER_TOKEN");
        if (env != null && !env.isBlank()) return env.trim();
        Path f = data.resolve("token");
        if (Files.exists(f)) return Files.readString(f, StandardCharsets.UTF_8).trim();
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        String t = HexFormat.of().formatHex(b);
        Files.writeString(f, t + "\n", StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
        System.out.println("Generated a write token (stored in " + f + "; shown only now):\n  " + t);
        return t;
    }
}
