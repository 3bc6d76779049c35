package greencover.cli;

import greencover.domain.StartupRefusedException;
import java.util.Arrays;

/**
 * The command line: {@code serve}, {@code ingest}, {@code samples} and {@code import}, each with {@code --help}.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            System.out.println(usage());
            return;
        }
        if (args[0].equals("--version") || args[0].equals("-V") || args[0].equals("version")) {
            System.out.println("greencover " + version());
            return;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        int code;
        try {
            code = switch (args[0]) {
                case "serve" -> ServeCommand.run(rest);
                case "ingest" -> IngestCommand.run(rest);
                case "samples" -> SamplesCommand.run(rest);
                case "import" -> ImportCommand.run(rest);
                default -> {
                    System.err.println("unknown command '" + args[0] + "'\n\n" + usage());
                    yield 2;
                }
            };
        } catch (Options.UsageException e) {
            System.err.println(e.getMessage());
            code = 2;
        } catch (StartupRefusedException e) { // the operator's to fix: one line, no stack trace
            System.err.println(e.getMessage());
            code = 1;
        } catch (greencover.domain.StoreException e) { // e.g. a catalog URL that cannot be reached: also the operator's
            System.err.println("error: " + e.getMessage());
            code = 1;
        }
        if (code != 0) System.exit(code);
    }

    /** The release, from the build ({@code greencover/version.properties}); "unknown" when run from unbuilt classes. */
    static String version() {
        try (java.io.InputStream in = Main.class.getResourceAsStream("/greencover/version.properties")) {
            if (in == null) return "unknown";
            java.util.Properties p = new java.util.Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    static String usage() {
        return """
                GreenCover: vegetation-cover statistics and maps for mine restoration sites.

                Usage: java -jar greencover.jar <command> [options]
                       java -jar greencover.jar --version

                Commands:
                  serve     start the HTTP server (REST API, WMS/WMTS/XYZ, viewer)
                  ingest    ingest GeoTIFF scenes from disk into the data directory
                  samples   regenerate the synthetic sample tiles
                  import    import the items of a STAC API over sites (through a running server, or here)

                Run 'java -jar greencover.jar <command> --help' for the options of a command.""";
    }
}
