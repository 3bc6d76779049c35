package greencover.cli.samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Generates the bundled sample data set: synthetic Sentinel-2 L2A-like scenes over the mission's
 * approximate sites, plus {@code sites.geojson}, {@code manifest.json} and {@code README.md}.
 * The output is a function of the seed and the configuration only (same seed, same bytes).
 *
 * <p>Layout under the output folder: {@code scenes/<productName>/B04.tif}, {@code B08.tif} (uint16, 10 m)
 * and {@code SCL.tif} (uint8, 20 m, same extent). Earlier {@code scenes/S2*} folders are replaced.
 */
public final class SampleGenerator {

    /** Default output folder of {@link #main}. */
    public static final String DEFAULT_OUT = "sample-tiles";
    /** Default seed of {@link #main}; the bundled data was made with it. */
    public static final long DEFAULT_SEED = 42;

    private SampleGenerator() {
    }

    /** Generates the standard sample set ({@link SampleConfig#standard()}) into {@code outDir}. */
    public static void generate(Path outDir, long seed, Consumer<String> log) {
        generate(outDir, seed, SampleConfig.standard(), log);
    }

    /**
     * Generates the sample set described by {@code config} into {@code outDir}, reporting one line per
     * written scene to {@code log}.
     *
     * @throws UncheckedIOException when a file cannot be written
     */
    public static void generate(Path outDir, long seed, SampleConfig config, Consumer<String> log) {
        Objects.requireNonNull(outDir, "outDir");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(log, "log");
        try {
            Files.createDirectories(outDir);
            removeOldScenes(outDir.resolve("scenes"));
            SiteCatalog catalog = SiteCatalog.bundled();
            List<GeneratedScene> written = new ArrayList<>();
            Map<String, String> extents = new LinkedHashMap<>();
            for (SampleConfig.Region region : config.regions()) {
                RegionLayout layout = new RegionLayout(region, catalog, seed);
                extents.put(region.key(), String.format(Locale.ROOT,
                        "EPSG:%d, x %.0f..%.0f, y %.0f..%.0f (%d x %d px at 10 m, %d x %d at 20 m)", region.epsg(),
                        layout.grid10.minX(), layout.grid10.maxX(), layout.grid10.minY(), layout.grid10.maxY(),
                        layout.grid10.width(), layout.grid10.height(), layout.grid20.width(), layout.grid20.height()));
                log.accept("region " + region.key() + ": " + extents.get(region.key()));
                List<SampleConfig.Scene> scenes = region.scenes().stream()
                        .sorted(Comparator.comparing(SampleConfig.Scene::acquired)).toList();
                for (SampleConfig.Scene scene : scenes) {
                    written.add(writeScene(outDir, layout, scene, seed, log));
                }
            }
            written.sort(Comparator.comparing(GeneratedScene::acquired).thenComparing(GeneratedScene::name));
            SampleDocuments.writeSites(outDir.resolve("sites.geojson"), catalog);
            SampleDocuments.writeManifest(outDir.resolve("manifest.json"), seed, written);
            Files.writeString(outDir.resolve("README.md"), SampleReadme.text(seed, written, extents), StandardCharsets.UTF_8);
            log.accept("wrote " + written.size() + " scenes, manifest.json, sites.geojson and README.md to " + outDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sample data to " + outDir, e);
        }
    }

    private static GeneratedScene writeScene(Path outDir, RegionLayout layout, SampleConfig.Scene scene, long seed,
                                             Consumer<String> log) throws IOException {
        SampleConfig.Region region = layout.region;
        long dateKey = scene.acquired().toEpochDay();
        String baseline = ProductNaming.baseline(scene.acquired());
        String name = ProductNaming.productName(scene.acquired(), region.sensingTime(), region.relativeOrbit(), region.tile(),
                new SplittableRandom(Seeds.derive(seed, region.epsg(), dateKey, 1)));
        SceneSynthesizer.SceneRasters rasters = SceneSynthesizer.synthesize(layout, scene, ProductNaming.hasOffset(baseline),
                Seeds.derive(seed, region.epsg(), dateKey, 2));
        Path dir = outDir.resolve("scenes").resolve(name);
        GeoTiffOutput.writeUInt16(dir.resolve("B04.tif"), "B04", layout.grid10, layout.projector.crs(), rasters.red());
        GeoTiffOutput.writeUInt16(dir.resolve("B08.tif"), "B08", layout.grid10, layout.projector.crs(), rasters.nir());
        GeoTiffOutput.writeUInt8(dir.resolve("SCL.tif"), "SCL", layout.grid20, layout.projector.crs(), rasters.scl());
        StringBuilder line = new StringBuilder(name);
        rasters.skyBySite().forEach((id, sky) -> line.append(String.format(Locale.ROOT, " %s cloud %.0f%% masked %.0f%%",
                id, 100 * sky.cloudFraction(), 100 * sky.invalidFraction())));
        log.accept(line.toString());
        return new GeneratedScene(name, region.key(), scene.acquired(), baseline, region.epsg(), rasters.skyBySite());
    }

    /** Deletes earlier generated product folders ({@code scenes/S2*}) so stale scenes do not linger. */
    private static void removeOldScenes(Path scenes) throws IOException {
        if (!Files.isDirectory(scenes)) return;
        try (Stream<Path> products = Files.list(scenes)) {
            for (Path product : products.filter(p -> p.getFileName().toString().startsWith("S2")).toList()) {
                try (Stream<Path> files = Files.walk(product)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }
    }

    /** Runs the generator: {@code --out <dir>} (default sample-tiles), {@code --seed <long>} (default 42). */
    public static void main(String[] args) {
        Path out = Path.of(DEFAULT_OUT);
        long seed = DEFAULT_SEED;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(value(args, ++i, "--out"));
                case "--seed" -> {
                    String v = value(args, ++i, "--seed");
                    try {
                        seed = Long.parseLong(v);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--seed must be an integer but was " + v, e);
                    }
                }
                case "--help", "-h" -> {
                    System.out.println("usage: samples [--out DIR] [--seed N]\n"
                            + "  writes synthetic Sentinel-2 L2A sample scenes, manifest.json, sites.geojson and README.md");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (try --help)");
            }
        }
        generate(out, seed, System.out::println);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }
}
