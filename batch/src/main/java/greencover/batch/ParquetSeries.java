package greencover.batch;

import greencover.app.Services;
import greencover.core.index.CoverClasses;
import greencover.core.zonal.PixelRule;
import greencover.core.zonal.SpatialAutocorrelation;
import greencover.core.zonal.Statistic;
import greencover.domain.Scene;
import greencover.domain.Site;
import greencover.service.SceneService;
import greencover.service.series.AnalysedSeries;
import greencover.service.series.Composite;
import greencover.service.series.DateRange;
import greencover.service.series.Endmembers;
import greencover.service.series.SeriesPoint;
import greencover.service.series.SeriesQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job's Parquet output ({@code --parquet DIR}): the time series of the run's scenes, one row per (site, date,
 * index), with the fields and values of the server's {@code GET /api/v1/sites/{id}/timeseries} under its defaults
 * (exact pixel rule, no composite, the site's threshold, minValid 0.6, harmonisation auto, the uncertainty of each
 * mean, the site's endmembers), computed by the server's own {@link greencover.service.series.SeriesAnalysis} over the
 * catalog the job wrote. A row is a point of the series of a site and an index whose scenes include at least one scene
 * of this run (stored by it, or found stored); the other dates of the catalog are not written.
 *
 * <p>Columns, in order ({@link #schema}; a NaN of the server, null in its JSON and an empty CSV cell, is null here):
 * {@code site}, {@code date} (DATE), {@code index}, {@code sceneIds} (array), {@code sensor}, one DOUBLE column per
 * {@link Statistic} by its published key ({@code mean}, {@code std}, ..., {@code threshold}), one per cover class
 * ({@code bareAreaM2}, ...), {@code quality}, {@code harmonization}, {@code notes} and {@code qualityReasons} (arrays),
 * {@code damagedScene} (the JSON's {@code damaged-scene} flag), the uncertainty as in the CSV ({@code meanStandardError},
 * {@code meanLower95}, {@code meanUpper95}, {@code moranI}, {@code effectiveN}), the reference comparison
 * ({@code referenceMean}, {@code relativeIndex}, {@code indexGap}; null without a reference site), and the provenance
 * of each scene of {@code sceneIds}, position for position: {@code provenanceKinds} ({@code stac}, {@code cog} or
 * {@code upload}), {@code collections} and {@code itemIds} (null for a scene that is not a STAC item's).
 *
 * <p>The rows are computed on the executors (one task per site and index pair), sorted by site, index and date, and
 * written with Spark's Parquet writer in overwrite mode: a re-run replaces the dataset with the same rows, never adds
 * to it. So that overwrite deletes nothing else, a local target that holds files other than a Parquet dataset's is
 * refused before the job starts ({@link #checkTarget}).
 */
final class ParquetSeries {
    private static final Logger LOG = LoggerFactory.getLogger(ParquetSeries.class);
    /** The uncertainty columns (as the CSV's). */
    static final List<String> UNCERTAINTY = List.of("meanStandardError", "meanLower95", "meanUpper95", "moranI", "effectiveN");
    /** The reference comparison columns (as the CSV's). */
    static final List<String> REFERENCE = List.of("referenceMean", "relativeIndex", "indexGap");

    private ParquetSeries() {}

    /** The dataset's schema (see the class comment). */
    static StructType schema() {
        List<StructField> f = new ArrayList<>();
        f.add(DataTypes.createStructField("site", DataTypes.StringType, false));
        f.add(DataTypes.createStructField("date", DataTypes.DateType, false));
        f.add(DataTypes.createStructField("index", DataTypes.StringType, false));
        f.add(DataTypes.createStructField("sceneIds", DataTypes.createArrayType(DataTypes.StringType, false), false));
        f.add(DataTypes.createStructField("sensor", DataTypes.StringType, true));
        for (Statistic s : Statistic.all()) f.add(DataTypes.createStructField(s.key(), DataTypes.DoubleType, true));
        for (String c : CoverClasses.NAMES) f.add(DataTypes.createStructField(Statistic.classAreaColumn(c), DataTypes.DoubleType, true));
        f.add(DataTypes.createStructField("quality", DataTypes.StringType, false));
        f.add(DataTypes.createStructField("harmonization", DataTypes.StringType, true));
        f.add(DataTypes.createStructField("notes", DataTypes.createArrayType(DataTypes.StringType, false), false));
        f.add(DataTypes.createStructField("qualityReasons", DataTypes.createArrayType(DataTypes.StringType, false), false));
        f.add(DataTypes.createStructField("damagedScene", DataTypes.BooleanType, false));
        for (String c : UNCERTAINTY) f.add(DataTypes.createStructField(c, DataTypes.DoubleType, true));
        for (String c : REFERENCE) f.add(DataTypes.createStructField(c, DataTypes.DoubleType, true));
        f.add(DataTypes.createStructField("provenanceKinds", DataTypes.createArrayType(DataTypes.StringType, false), false));
        f.add(DataTypes.createStructField("collections", DataTypes.createArrayType(DataTypes.StringType, true), false));
        f.add(DataTypes.createStructField("itemIds", DataTypes.createArrayType(DataTypes.StringType, true), false));
        return DataTypes.createStructType(f);
    }

    /**
     * Refuses a local target directory that holds anything but a Parquet dataset's files (part files, their checksums,
     * {@code _SUCCESS}), since the overwrite would delete it; a missing or empty directory, or another file system's
     * URL ({@code hdfs:}, {@code s3a:}), passes.
     *
     * @throws JobFailedException naming the first foreign entry
     */
    static void checkTarget(String dir) {
        if (dir.matches("[A-Za-z][A-Za-z0-9+.-]+:.*") && !dir.startsWith("file:")) return;
        Path p = dir.startsWith("file:") ? Path.of(java.net.URI.create(dir)) : Path.of(dir);
        if (Files.isRegularFile(p)) throw new JobFailedException("--parquet " + dir + " is a file; give a directory (it is overwritten)");
        if (!Files.isDirectory(p)) return;
        try (Stream<Path> entries = Files.list(p)) {
            for (Path e : (Iterable<Path>) entries::iterator) {
                String n = e.getFileName().toString();
                boolean ours = Files.isRegularFile(e) && (n.equals("_SUCCESS") || n.equals("._SUCCESS.crc")
                        || (n.startsWith("part-") || n.startsWith(".part-")) && (n.endsWith(".parquet") || n.endsWith(".parquet.crc")));
                if (!ours) {
                    throw new JobFailedException("--parquet " + dir + " holds " + n + ", which is not part of a Parquet dataset; the output "
                            + "overwrites the directory, so give an empty or new one (or the one an earlier run wrote)");
                }
            }
        } catch (IOException e) {
            throw new JobFailedException("cannot read the --parquet directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The series query of the server's time-series API with its defaults, for {@code index} over {@code dates}. */
    static SeriesQuery query(String index, DateRange dates) {
        return new SeriesQuery(index, dates, null, SeriesQuery.DEFAULT_MIN_VALID, PixelRule.EXACT, Composite.NONE, Statistic.MEAN);
    }

    /**
     * Writes the rows of the run's scenes {@code sceneIds} over the sites {@code sites} to {@code s.parquetDir()};
     * returns the number of rows.
     */
    static long write(JavaSparkContext jsc, JobSettings s, List<Site> sites, Set<String> sceneIds) {
        Services svc = Catalogs.of(s);
        LocalDate from = null, to = null;
        Set<String> indices = new LinkedHashSet<>();
        Set<String> known = new HashSet<>(svc.indices().keys());
        for (Scene sc : svc.scenes().list(null, null, null)) {
            if (!sceneIds.contains(sc.id())) continue;
            if (from == null || sc.date().isBefore(from)) from = sc.date();
            if (to == null || sc.date().isAfter(to)) to = sc.date();
            for (String ix : sc.indices()) if (known.contains(ix) && !ix.endsWith(SceneService.HLS_SUFFIX)) indices.add(ix);
        }
        List<String[]> pairs = new ArrayList<>();
        for (String ix : svc.indices().keys()) {
            if (!indices.contains(ix)) continue;
            for (Site site : sites) pairs.add(new String[] {site.id(), ix});
        }
        SparkSession spark = SparkSession.builder().sparkContext(jsc.sc()).getOrCreate();
        List<Row> none = List.of();
        JavaRDD<Row> rows;
        if (pairs.isEmpty()) {
            rows = jsc.parallelize(none, 1);
        } else {
            Broadcast<Set<String>> ids = jsc.broadcast(new HashSet<>(sceneIds));
            String dates = from + "/" + to;
            int partitions = Math.max(1, Math.min(pairs.size(), jsc.defaultParallelism() * 4));
            rows = jsc.parallelize(pairs, partitions).mapPartitions((Iterator<String[]> it) -> {
                Services here = Catalogs.of(s);
                String[] d = dates.split("/");
                DateRange range = new DateRange(LocalDate.parse(d[0]), LocalDate.parse(d[1]));
                List<Row> out = new ArrayList<>();
                while (it.hasNext()) {
                    String[] p = it.next();
                    out.addAll(rows(here, p[0], p[1], range, ids.value()));
                }
                return out.iterator();
            });
        }
        long n;
        try {
            spark.createDataFrame(rows, schema()).orderBy("site", "index", "date").write().mode(SaveMode.Overwrite).parquet(s.parquetDir());
            n = spark.read().parquet(s.parquetDir()).count();
        } catch (RuntimeException e) {
            throw new JobFailedException("cannot write the Parquet to " + s.parquetDir() + ": " + e.getMessage() + "; run the job again "
                    + "(the items a kept catalog already holds are not ingested again)", e);
        }
        LOG.info("parquet: {} rows (site, date, index) of {} scenes over {} sites and indices {} written to {}", n, sceneIds.size(),
                sites.size(), indices, s.parquetDir());
        return n;
    }

    /** The rows of site {@code siteId}'s series of {@code index} whose points hold one of {@code sceneIds}. */
    static List<Row> rows(Services svc, String siteId, String index, DateRange dates, Set<String> sceneIds) {
        AnalysedSeries a = svc.seriesAnalysis().analyse(siteId, query(index, dates), true, Endmembers.SITE);
        Map<LocalDate, AnalysedSeries.Pair> pairs = new HashMap<>();
        if (a.reference() != null) for (AnalysedSeries.Pair p : a.reference().pairs()) pairs.put(p.date(), p);
        Map<String, Map<String, String>> sources = null;
        List<Row> out = new ArrayList<>();
        List<SeriesPoint> points = a.series().points();
        for (int i = 0; i < points.size(); i++) {
            SeriesPoint p = points.get(i);
            if (p.sceneIds().stream().noneMatch(sceneIds::contains)) continue;
            if (sources == null) {
                sources = new HashMap<>();
                for (Scene sc : svc.scenes().list(siteId, dates.from(), dates.to())) sources.put(sc.id(), sc.source());
            }
            out.add(row(siteId, a, i, pairs.get(p.date()), sources));
        }
        return out;
    }

    private static Row row(String siteId, AnalysedSeries a, int i, AnalysedSeries.Pair pair, Map<String, Map<String, String>> sources) {
        SeriesPoint p = a.series().points().get(i);
        List<Object> v = new ArrayList<>();
        v.add(siteId);
        v.add(java.sql.Date.valueOf(p.date()));
        v.add(a.series().index());
        v.add(seq(p.sceneIds()));
        v.add(p.sensor());
        for (Statistic s : Statistic.all()) v.add(num(s.of(p.statistics())));
        for (String c : CoverClasses.NAMES) v.add(num(p.statistics().classAreasM2().getOrDefault(c, Double.NaN)));
        v.add(p.quality().key());
        v.add(p.harmonization());
        v.add(seq(p.notes()));
        v.add(seq(p.qualityReasons()));
        v.add(a.series().touchesDamage(p));
        SpatialAutocorrelation.Estimate e = a.uncertainty().get(i);
        for (double d : e == null ? new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN}
                : new double[] {e.standardError(), e.lower95(), e.upper95(), e.moranI(), e.effectiveN()}) v.add(num(d));
        for (double d : pair == null ? new double[] {Double.NaN, Double.NaN, Double.NaN}
                : new double[] {pair.referenceMean(), pair.relativeIndex(), pair.indexGap()}) v.add(num(d));
        List<String> kinds = new ArrayList<>(), collections = new ArrayList<>(), items = new ArrayList<>();
        for (String id : p.sceneIds()) {
            Map<String, String> src = sources.getOrDefault(id, Map.of());
            String kind = src.getOrDefault("kind", "upload");
            kinds.add(kind);
            collections.add("stac".equals(kind) ? src.get("collection") : null);
            items.add("stac".equals(kind) ? src.get("itemId") : null);
        }
        v.add(seq(kinds));
        v.add(seq(collections));
        v.add(seq(items));
        return RowFactory.create(v.toArray());
    }

    private static Double num(double d) { return Double.isFinite(d) ? d : null; }

    private static String[] seq(List<String> l) { return l.toArray(String[]::new); }
}
