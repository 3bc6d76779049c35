package greencover.cli;

import java.nio.file.Path;
import java.util.Set;

/** {@code samples}: regenerates the synthetic sample tiles, deterministic from the seed. */
final class SamplesCommand {
    static final String USAGE = """
            Usage: java -jar greencover.jar samples [--out ./sample-tiles] [--seed 42]

            Regenerates the synthetic Sentinel-2 L2A sample scenes and the approximate site outlines.
            The same seed always gives the same files.""";

    private SamplesCommand() {}

    static int run(String[] args) throws Exception {
        Options o = new Options(args, Set.of("out", "seed"), Set.of(), USAGE);
        if (o.help()) {
            System.out.println(USAGE);
            return 0;
        }
        Path out = Path.of(o.get("out", "sample-tiles"));
        long seed = o.intValue("seed", 42);
        greencover.cli.samples.SampleGenerator.generate(out, seed, System.out::println);
        return 0;
    }
}
