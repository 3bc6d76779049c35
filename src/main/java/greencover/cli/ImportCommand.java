package greencover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import greencover.app.AppConfig;
import greencover.app.Services;
import greencover.domain.DataDirectoryInUseException;
import greencover.domain.StacImport;
import greencover.domain.StartupRefusedException;
import greencover.service.error.GreenCoverException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * {@code import}: imports the items of a STAC API over sites, through a running server's
 * {@code POST /api/v1/imports} when one holds the data directory ({@link RunningServer}), else in this process;
 * either way it follows the import to its end with a progress line on stderr.
 */
final class ImportCommand {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(500);
    static final String USAGE = """
            Usage: java -jar greencover.jar import --stac-api URL --collection C[,C2] --site ID[,ID2]
                       [--from DATE] [--to DATE] [--max-cloud 0-100] [--collection-profile P] [--limit N]
                       [--data ./data] [--jdbc-url URL --jdbc-user U --jdbc-password P]

              --stac-api   the STAC API (its landing page, e.g. https://earth-search.aws.element84.com/v1)
              --collection collection ids, comma-separated
              --site       site ids, comma-separated (the search covers their outlines)
              --from, --to first and last acquisition date or date-time (either may be left out)
              --max-cloud  largest eo:cloud_cover in percent
            Beside a running 'serve' on the same data directory, the import runs in that server (with GREENCOVER_TOKEN or the
            server's token file); otherwise here, and an import stopped with Ctrl-C is resumed by the next start of the catalog.
            Loopback and private catalog addresses need GREENCOVER_SOURCE_ALLOW_PRIVATE=true.
            """;

    private ImportCommand() {}

    static int run(String[] args) throws Exception {
        if (args.length == 0) {
            System.out.println(USAGE);
            return 2;
        }
        Options o = new Options(args, Set.of("data", "jdbc-url", "jdbc-user", "jdbc-password", "stac-api", "collection", "site", "from",
                "to", "max-cloud", "collection-profile", "limit"), Set.of(), USAGE);
        if (o.help()) {
            System.out.println(USAGE);
            return 0;
        }
        if (!o.positional().isEmpty()) throw new Options.UsageException("unexpected argument '" + o.positional().get(0) + "'\n\n" + USAGE);
        for (String required : List.of("stac-api", "collection", "site")) {
            if (o.get(required) == null) throw new Options.UsageException("--" + required + " is required\n\n" + USAGE);
        }
        Double maxCloud = null;
        if (o.get("max-cloud") != null) {
            try {
                maxCloud = Double.parseDouble(o.get("max-cloud"));
            } catch (NumberFormatException e) {
                throw new Options.UsageException("--max-cloud must be a number in 0..100 but was '" + o.get("max-cloud") + "'");
            }
        }
        String datetime = o.get("from") == null && o.get("to") == null ? null
                : (o.get("from") == null ? ".." : o.get("from")) + "/" + (o.get("to") == null ? ".." : o.get("to"));
        StacImport.Spec spec = new StacImport.Spec(o.get("stac-api"), list(o.get("collection")), list(o.get("site")), null, datetime, maxCloud,
                o.get("collection-profile"), o.intValue("limit", 0));
        AppConfig cfg = ServeCommand.config(o, USAGE);
        Services opened;
        try {
            opened = Services.open(cfg, greencover.app.Background.NONE); // runs its own import only
        } catch (DataDirectoryInUseException inUse) {
            URI base = RunningServer.find(cfg.dataDir()).orElseThrow(() -> inUse);
            String token = ApiUpload.token(cfg.token(), cfg.tokenFile());
            if (token == null) {
                throw new StartupRefusedException("the data directory " + cfg.dataDir().toAbsolutePath() + " is in use by the server at "
                        + base + ", and no write token was found to import through its API: set GREENCOVER_TOKEN");
            }
            System.out.println("the data directory is in use by the server at " + base + ": importing through its API");
            return throughServer(base, token, spec);
        }
        try (Services services = opened) {
            StacImport i = services.imports().start(spec);
            System.out.println("import " + i.id() + " started");
            ImportProgress bar = ImportProgress.forStderr();
            try {
                while (!i.finished()) {
                    bar.update(done(i.items()), i.items().found(), i.bytesRead(), i.status());
                    Thread.sleep(POLL.toMillis());
                    i = services.imports().get(i.id());
                }
                bar.update(done(i.items()), i.items().found(), i.bytesRead(), i.status());
            } finally {
                bar.end();
            }
            List<String[]> errors = new ArrayList<>();
            for (StacImport.ItemError e : i.errors()) errors.add(new String[] {e.item(), e.error()});
            StacImport.Counts c = i.items();
            return report(i.id(), i.status(), c.found(), c.ingested(), c.duplicate(), c.skipped(), c.failed(), i.bytesRead(), errors);
        } catch (GreenCoverException e) {
            System.err.println("error (" + e.code() + (e.field() == null ? "" : ", " + e.field()) + "): " + e.getMessage());
            return 1;
        }
    }

    private static int done(StacImport.Counts c) { return c.ingested() + c.duplicate() + c.skipped() + c.failed(); }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static int throughServer(URI base, String token, StacImport.Spec spec) throws InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("stacApi", spec.stacApi());
        ArrayNode cs = body.putArray("collections");
        spec.collections().forEach(cs::add);
        ArrayNode ss = body.putArray("sites");
        spec.sites().forEach(ss::add);
        if (spec.datetime() != null) body.put("datetime", spec.datetime());
        if (spec.maxCloud() != null) body.put("maxCloud", spec.maxCloud());
        if (spec.profile() != null) body.put("collectionProfile", spec.profile());
        if (spec.limit() != 0) body.put("limit", spec.limit());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/imports")).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode a = parse(r.body());
            if (r.statusCode() != 202) {
                System.err.println("error (" + a.path("error").asText("http " + r.statusCode()) + (a.hasNonNull("field") ? ", "
                        + a.path("field").asText() : "") + "): " + a.path("detail").asText("the server answered " + r.statusCode()));
                return 1;
            }
            String id = a.path("id").asText();
            System.out.println("import " + id + " started in the server at " + base);
            ImportProgress bar = ImportProgress.forStderr();
            JsonNode s;
            try {
                while (true) {
                    HttpResponse<String> g = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/imports/" + id)).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
                    s = parse(g.body());
                    if (g.statusCode() != 200) {
                        System.err.println("error: the server answered " + g.statusCode() + " for import " + id);
                        return 1;
                    }
                    JsonNode k = s.path("items");
                    int done = k.path("ingested").asInt() + k.path("duplicate").asInt() + k.path("skipped").asInt() + k.path("failed").asInt();
                    bar.update(done, k.path("found").asInt(), s.path("bytesRead").asLong(), s.path("status").asText());
                    if (List.of(StacImport.DONE, StacImport.FAILED, StacImport.CANCELLED).contains(s.path("status").asText())) break;
                    Thread.sleep(POLL.toMillis());
                }
            } finally {
                bar.end();
            }
            List<String[]> errors = new ArrayList<>();
            for (JsonNode e : s.path("errors")) errors.add(new String[] {e.path("item").asText(null), e.path("error").asText()});
            JsonNode k = s.path("items");
            return report(id, s.path("status").asText(), k.path("found").asInt(), k.path("ingested").asInt(), k.path("duplicate").asInt(),
                    k.path("skipped").asInt(), k.path("failed").asInt(), s.path("bytesRead").asLong(), errors);
        } catch (IOException e) {
            System.err.println("error: the server at " + base + " cannot be reached (" + e.getMessage() + ")");
            return 1;
        }
    }

    private static JsonNode parse(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    /** The closing lines; 0 when the import is done (items may have failed: they are listed), 1 when failed or cancelled. */
    private static int report(String id, String status, int found, int ingested, int duplicate, int skipped, int failed, long bytes,
                              List<String[]> errors) {
        System.out.printf(java.util.Locale.ROOT, "import %s %s: %d found, %d ingested, %d already stored, %d skipped, %d failed; %.1f MiB read%n",
                id, status, found, ingested, duplicate, skipped, failed, bytes / 1048576.0);
        for (String[] e : errors) System.out.println("  " + (e[0] == null ? "search" : e[0]) + ": " + e[1]);
        return status.equals(StacImport.DONE) ? 0 : 1;
    }
}
