package greencover.batch;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What one run of {@link BatchJob} does, from its command line (README "Batch job on Spark"). Sent to the executors,
 * so it holds only strings and numbers.
 *
 * @param jdbcUrl the catalog (PostgreSQL for a cluster; an embedded H2 file under {@code dataDir} when null, one JVM only)
 * @param dataDir the scene store (the index rasters the server serves maps from): a directory every executor and the
 *        servers see at the same path (a shared volume)
 * @param items STAC item URLs ({@code https:}, {@code http:} or {@code file:}) or item JSON, or empty for a search
 *        ({@code stacApi}) or bare COG scenes only
 * @param sitesGeoJson a GeoJSON FeatureCollection of sites added to the catalog before the run (ids already there are
 *        kept as they are), or null for the catalog's sites
 * @param sourceRetries the retries of one range read within an attempt (the server's policy when negative)
 * @param retries further attempts of an item after a failure that may pass (a source or catalog error), with backoff
 * @param parquetDir where the time series of the run's scenes are written as Parquet after the items (one row per
 *        site, date and index, {@link ParquetSeries}), overwritten by a re-run; null for none. With neither
 *        {@code jdbcUrl} nor {@code dataDir} the catalog and scene store are temporary and the Parquet is the output
 * @param cogScenes scenes given as bare COG files, one {@link CogScene} line each ({@code sensor=... acquired=...
 *        red=... nir=...}), ingested beside {@code items}
 * @param pageSize the page size a STAC search asks for ({@code limit})
 * @param sceneStore where the index rasters go, as the server's {@code --scene-store} (a bucket, or a folder), or null
 *        for {@code dataDir}
 */
public record JobSettings(String jdbcUrl, String jdbcUser, String jdbcPassword, String dataDir, List<String> items,
                          String stacApi, List<String> collections, double[] bbox, String datetime, Double maxCloud,
                          String sitesGeoJson, String profile, int retries, long retryBackoffMillis, int partitions,
                          String failuresFile, boolean allowPrivateAddresses, int sourceRetries, String master,
                          String parquetDir, List<String> cogScenes, int pageSize, SceneStore sceneStore) implements Serializable {

    /** The page size of a search when none is given: the server's import's. */
    public static final int DEFAULT_PAGE_SIZE = greencover.service.imports.ImportService.DEFAULT_LIMIT;

    /**
     * The scene store of the server's {@link greencover.app.AppConfig.SceneStore}, in a form sent to the executors:
     * {@code --scene-store s3://bucket/prefix} (or {@code GREENCOVER_SCENE_STORE}) with {@code GREENCOVER_S3_ENDPOINT}
     * (or {@code --s3-endpoint}), {@code AWS_REGION}, {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and
     * {@code GREENCOVER_S3_CACHE_MB} of the driver's environment; or a folder every executor and server sees.
     */
    public record SceneStore(String location, String endpoint, String region, String accessKeyId, String secretAccessKey,
                             long cacheBytes) implements Serializable {
        /** The server's configuration of this store (validated there). */
        public greencover.app.AppConfig.SceneStore config() {
            return new greencover.app.AppConfig.SceneStore(location, endpoint, region, accessKeyId, secretAccessKey, cacheBytes);
        }

        static SceneStore of(greencover.app.AppConfig.SceneStore c) {
            return c.location() == null ? null
                    : new SceneStore(c.location(), c.endpoint(), c.region(), c.accessKeyId(), c.secretAccessKey(), c.cacheBytes());
        }

        @Override
        public String toString() {
            return "SceneStore[" + location + ", endpoint=" + endpoint + ", region=" + region + ", accessKeyId=" + accessKeyId
                    + ", secretAccessKey=" + (secretAccessKey == null ? "null" : "(set)") + ", cacheBytes=" + cacheBytes + "]";
        }
    }

    public JobSettings {
        items = List.copyOf(items);
        collections = List.copyOf(collections);
        cogScenes = List.copyOf(cogScenes);
        if (dataDir == null && (parquetDir == null || jdbcUrl != null)) {
            throw new IllegalArgumentException("--data is required (the scene store directory), unless --parquet is the only output (no --catalog)");
        }
        if (items.isEmpty() && stacApi == null && cogScenes.isEmpty()) throw new IllegalArgumentException("give --items, --cogs or --stac-api");
        if (retries < 0) throw new IllegalArgumentException("--retries must be 0 or more");
        for (int i = 0; i < cogScenes.size(); i++) {
            CogScene c = CogScene.parse(cogScenes.get(i), "--cogs scene " + (i + 1));
            if (c.local() && !allowPrivateAddresses) {
                throw new IllegalArgumentException("--cogs scene " + (i + 1) + " reads local files, which needs --allow-private-addresses "
                        + "(the server's rule: file: only where private addresses are allowed)");
            }
        }
    }

    /** Settings without Parquet output, bare COG scenes or a page size of their own. */
    public JobSettings(String jdbcUrl, String jdbcUser, String jdbcPassword, String dataDir, List<String> items,
                       String stacApi, List<String> collections, double[] bbox, String datetime, Double maxCloud,
                       String sitesGeoJson, String profile, int retries, long retryBackoffMillis, int partitions,
                       String failuresFile, boolean allowPrivateAddresses, int sourceRetries, String master) {
        this(jdbcUrl, jdbcUser, jdbcPassword, dataDir, items, stacApi, collections, bbox, datetime, maxCloud, sitesGeoJson, profile,
                retries, retryBackoffMillis, partitions, failuresFile, allowPrivateAddresses, sourceRetries, master, null, List.of(),
                DEFAULT_PAGE_SIZE, null);
    }

    /** Settings with the index rasters in {@code dataDir}. */
    public JobSettings(String jdbcUrl, String jdbcUser, String jdbcPassword, String dataDir, List<String> items,
                       String stacApi, List<String> collections, double[] bbox, String datetime, Double maxCloud,
                       String sitesGeoJson, String profile, int retries, long retryBackoffMillis, int partitions,
                       String failuresFile, boolean allowPrivateAddresses, int sourceRetries, String master,
                       String parquetDir, List<String> cogScenes, int pageSize) {
        this(jdbcUrl, jdbcUser, jdbcPassword, dataDir, items, stacApi, collections, bbox, datetime, maxCloud, sitesGeoJson, profile,
                retries, retryBackoffMillis, partitions, failuresFile, allowPrivateAddresses, sourceRetries, master, parquetDir, cogScenes,
                pageSize, null);
    }

    /** Settings without Parquet output, bare COG scenes or a page size of their own, with the index rasters in {@code sceneStore}. */
    public JobSettings(String jdbcUrl, String jdbcUser, String jdbcPassword, String dataDir, List<String> items,
                       String stacApi, List<String> collections, double[] bbox, String datetime, Double maxCloud,
                       String sitesGeoJson, String profile, int retries, long retryBackoffMillis, int partitions,
                       String failuresFile, boolean allowPrivateAddresses, int sourceRetries, String master, SceneStore sceneStore) {
        this(jdbcUrl, jdbcUser, jdbcPassword, dataDir, items, stacApi, collections, bbox, datetime, maxCloud, sitesGeoJson, profile,
                retries, retryBackoffMillis, partitions, failuresFile, allowPrivateAddresses, sourceRetries, master, null, List.of(),
                DEFAULT_PAGE_SIZE, sceneStore);
    }

    /** The usage line printed with an argument error. */
    public static final String USAGE = """
            usage: spark-submit --class greencover.batch.BatchJob greencover-batch.jar \\
                     (--data DIR [--catalog JDBC_URL [--catalog-user U] [--catalog-password P]] | --parquet DIR) \\
                     (--items URL[,URL...] | --items @FILE | --stac-api URL --collections C[,C] [--bbox W,S,E,N] [--datetime I] [--max-cloud PCT] [--page-size N]) \\
                     [--cogs @FILE | --cogs 'sensor=S acquired=DATE red=URL nir=URL [mask=URL] [name=N] [FIELD=V]'] \\
                     [--sites FILE.geojson] [--parquet DIR] [--profile NAME] [--retries N] [--source-retries N] [--partitions N] \\
                     [--failures FILE] [--allow-private-addresses] [--master URL] [--scene-store s3://BUCKET/PREFIX|DIR [--s3-endpoint URL]]
              The catalog also comes from GREENCOVER_JDBC_URL, GREENCOVER_JDBC_USER, GREENCOVER_JDBC_PASSWORD; the scene
              store from GREENCOVER_SCENE_STORE, GREENCOVER_S3_ENDPOINT, AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY.
              --parquet DIR: after the items, the time series of the run's scenes, one row per (site, date, index), overwriting
                DIR; with --parquet and neither --data nor --catalog, the catalog and scene store are temporary (local[...] only).
              --cogs: scenes as bare COG band files (local paths, file:, http(s) URLs), one line per scene with the band roles
                and sensor fields of the 'ingest' command (red, nir, mask, blue, green, swir1, nir08, qa_radsat; sensor,
                acquired, name; e.g. processing-baseline=05.09 or offset-applied=true); local files need --allow-private-addresses.""";

    /** The environment variables of the server's scene store that the job reads. */
    static final List<String> SCENE_STORE_VARIABLES = List.of("GREENCOVER_SCENE_STORE", "GREENCOVER_S3_ENDPOINT", "AWS_REGION",
            "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "GREENCOVER_S3_CACHE_MB");

    /** Parses the command line; {@code env} supplies the catalog's and the scene store's defaults (the server's variable names). */
    public static JobSettings parse(String[] args, java.util.Map<String, String> env) {
        String jdbc = env.get("GREENCOVER_JDBC_URL"), user = env.get("GREENCOVER_JDBC_USER"), pass = env.get("GREENCOVER_JDBC_PASSWORD");
        String data = null, stac = null, datetime = null, sites = null, profile = null, failures = null, master = null;
        List<String> items = new ArrayList<>(), collections = new ArrayList<>(), cogs = new ArrayList<>();
        String parquet = null;
        int pageSize = DEFAULT_PAGE_SIZE;
        String sceneStore = null, s3Endpoint = null;
        double[] bbox = null;
        Double maxCloud = null;
        int retries = 2, partitions = 0, sourceRetries = -1;
        long backoff = 500;
        boolean privateAddresses = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--allow-private-addresses")) { privateAddresses = true; continue; }
            if (i + 1 >= args.length) throw new IllegalArgumentException(a + " needs a value");
            String v = args[++i];
            switch (a) {
                case "--catalog" -> jdbc = v;
                case "--catalog-user" -> user = v;
                case "--catalog-password" -> pass = v;
                case "--data" -> data = v;
                case "--items" -> items.addAll(v.startsWith("@") ? readList(Path.of(v.substring(1))) : split(v));
                case "--stac-api" -> stac = v;
                case "--collections" -> collections.addAll(split(v));
                case "--bbox" -> {
                    List<String> p = split(v);
                    if (p.size() != 4) throw new IllegalArgumentException("--bbox is west,south,east,north");
                    bbox = p.stream().mapToDouble(Double::parseDouble).toArray();
                }
                case "--datetime" -> datetime = v;
                case "--max-cloud" -> maxCloud = Double.parseDouble(v);
                case "--sites" -> sites = v;
                case "--profile" -> profile = v;
                case "--retries" -> retries = Integer.parseInt(v);
                case "--retry-backoff-ms" -> backoff = Long.parseLong(v);
                case "--source-retries" -> sourceRetries = Integer.parseInt(v);
                case "--partitions" -> partitions = Integer.parseInt(v);
                case "--failures" -> failures = v;
                case "--master" -> master = v;
                case "--parquet" -> parquet = v;
                case "--cogs" -> cogs.addAll(v.startsWith("@") ? readList(Path.of(v.substring(1))) : List.of(v));
                case "--page-size" -> pageSize = Integer.parseInt(v);
                case "--scene-store" -> sceneStore = v;
                case "--s3-endpoint" -> s3Endpoint = v;
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        // the server's own reading of the scene store's flags and variables (and its validation), of those variables only
        java.util.Map<String, String> storeEnv = new java.util.HashMap<>();
        for (String k : SCENE_STORE_VARIABLES) if (env.get(k) != null) storeEnv.put(k, env.get(k));
        SceneStore store = SceneStore.of(greencover.app.AppConfig.builder().environment(storeEnv)
                .sceneStoreOverrides(sceneStore, s3Endpoint).build().sceneStore());
        return new JobSettings(jdbc, user, pass, data, items, stac, collections, bbox, datetime, maxCloud, sites, profile,
                retries, backoff, partitions, failures, privateAddresses, sourceRetries, master, parquet, cogs, pageSize, store);
    }

    private static List<String> split(String v) {
        List<String> out = new ArrayList<>();
        for (String s : v.split(",")) if (!s.isBlank()) out.add(s.trim());
        return out;
    }

    private static List<String> readList(Path file) {
        try {
            return java.nio.file.Files.readAllLines(file).stream().map(String::trim).filter(s -> !s.isEmpty() && !s.startsWith("#")).toList();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read the item list " + file + ": " + e.getMessage());
        }
    }

    /**
     * The failures file: as given, else {@code batch-failures.tsv} in the scene store directory; for a run with a
     * temporary one, {@code NAME-failures.tsv} beside a local Parquet directory {@code NAME}, else in the working
     * directory.
     */
    public Path failuresPath() {
        if (failuresFile != null) return Path.of(failuresFile);
        if (dataDir != null) return Path.of(dataDir).resolve("batch-failures.tsv");
        String local = parquetDir.startsWith("file:") ? Path.of(java.net.URI.create(parquetDir)).toString()
                : parquetDir.matches("[A-Za-z][A-Za-z0-9+.-]+:.*") ? null : parquetDir; // hdfs:, s3a: ...
        if (local == null) return Path.of("batch-failures.tsv");
        Path p = Path.of(local).toAbsolutePath().normalize();
        return p.resolveSibling(p.getFileName() + "-failures.tsv");
    }
}
