package greencover.service;

import greencover.core.index.SpectralIndex;
import greencover.core.index.SpectralIndices;
import greencover.core.raster.BandRole;
import greencover.core.raster.DarkPixelCheck;
import greencover.core.raster.GeoKeyDirectory;
import greencover.core.raster.IndexExportWriter;
import greencover.core.raster.SensorProviders;
import greencover.core.raster.IndexCodes;
import greencover.core.raster.IndexTiffWriter;
import greencover.core.raster.PixelClass;
import greencover.core.raster.RasterFormatException;
import greencover.core.raster.RasterGrid;
import greencover.domain.DuplicateKeyException;
import greencover.domain.Scene;
import greencover.domain.SceneFile;
import greencover.domain.Site;
import greencover.domain.SummaryRow;
import greencover.service.error.ConflictException;
import greencover.service.error.InvalidInputException;
import greencover.service.error.NoSuchResourceException;
import greencover.service.error.RasterTooLargeException;
import greencover.store.DiskSpace;
import greencover.service.admission.MemoryBudget;
import greencover.store.SceneFileStore;
import greencover.store.SceneRepository;
import greencover.store.SiteRepository;
import greencover.store.SummaryRepository;
import greencover.store.Transactions;
import greencover.store.WriteLock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.geotools.api.referencing.crs.CoordinateReferenceSystem;
import org.locationtech.jts.geom.Geometry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests scenes: validates the upload, derives one index raster per available spectral index (with
 * overviews), stores the source files, and computes the zonal summaries of every site the scene touches,
 * then commits the scene and its summaries in one transaction. Also lists, exports and deletes scenes.
 */
public final class SceneService {
    private static final Logger LOG = LoggerFactory.getLogger(SceneService.class);
    private final SceneRepository scenes;
    private final SiteRepository sites;
    private final SummaryRepository stored;
    private final Transactions transactions;
    private final WriteLock writeLock;
    private final SceneFileStore files;
    private final SummaryService summaries;
    private final SpectralIndices indices;
    private final SensorProviders sensors;
    private final DiskFull disk;
    private final MemoryBudget memory;
    private final IngestEvents events;
    private final greencover.service.source.RemoteRasters remote;
    private final Consumer<Scene> completed;
    private volatile Consumer<Scene> afterDelete = scene -> { };
    /** How long an ingest, whose upload is already on disk, waits for room in the memory budget. */
    static final java.time.Duration MEMORY_WAIT = java.time.Duration.ofSeconds(60);

    /**
     * @param memory the budget each ingest reserves its working memory from (strip buffers, by the declared raster
     *               size, before anything is decoded; {@link #workingBytes})
     */
    public SceneService(SceneRepository scenes, SiteRepository sites, SummaryRepository stored, Transactions transactions,
                        WriteLock writeLock, SceneFileStore files, SummaryService summaries,
                        SpectralIndices indices, SensorProviders sensors, MemoryBudget memory, DiskSpace disk) {
        this(scenes, sites, stored, transactions, writeLock, files, summaries, indices, sensors, memory, disk, IngestEvents.NONE,
                new greencover.service.source.RemoteRasters(greencover.service.source.SourcePolicy.DEFAULTS));
    }

    /**
     * @param events told the outcome, uploaded bytes and duration of every ingest
     * @param remote reads scenes where they live ({@link #ingestRemote})
     */
    public SceneService(SceneRepository scenes, SiteRepository sites, SummaryRepository stored, Transactions transactions,
                        WriteLock writeLock, SceneFileStore files, SummaryService summaries,
                        SpectralIndices indices, SensorProviders sensors, MemoryBudget memory, DiskSpace disk,
                        IngestEvents events, greencover.service.source.RemoteRasters remote) {
        this(scenes, sites, stored, transactions, writeLock, files, summaries, indices, sensors, memory, disk, events, remote, s -> { });
    }

    /**
     * @param completed told every scene newly stored by an ingest (uploaded or read in place), after its commit and
     *                  outside the write lock (alerts are evaluated there); what it throws is logged, the ingest stands
     */
    public SceneService(SceneRepository scenes, SiteRepository sites, SummaryRepository stored, Transactions transactions,
                        WriteLock writeLock, SceneFileStore files, SummaryService summaries,
                        SpectralIndices indices, SensorProviders sensors, MemoryBudget memory, DiskSpace disk,
                        IngestEvents events, greencover.service.source.RemoteRasters remote, Consumer<Scene> completed) {
        this.completed = java.util.Objects.requireNonNull(completed, "completed");
        this.events = java.util.Objects.requireNonNull(events, "events");
        this.remote = java.util.Objects.requireNonNull(remote, "remote");
        this.disk = new DiskFull(disk);
        this.scenes = scenes;
        this.sites = sites;
        this.stored = stored;
        this.transactions = transactions;
        this.writeLock = writeLock;
        this.files = files;
        this.summaries = summaries;
        this.indices = java.util.Objects.requireNonNull(indices, "indices");
        this.sensors = java.util.Objects.requireNonNull(sensors, "sensors");
        this.memory = java.util.Objects.requireNonNull(memory, "memory");
    }

    /** The outcome of an ingest: the scene, whether it was already stored, and the rows it produced. */
    /**
     * The outcome of an ingest: the scene, whether it was already stored, the rows it produced, and warnings about the
     * upload's declarations (e.g. a declared BOA offset that the dark pixels contradict); empty for a duplicate.
     */
    public record IngestResult(Scene scene, boolean duplicate, List<SummaryService.SiteSceneStatistics> statistics,
                               List<String> warnings) {
        public IngestResult {
            warnings = List.copyOf(warnings);
        }

        /** An outcome without warnings. */
        public IngestResult(Scene scene, boolean duplicate, List<SummaryService.SiteSceneStatistics> statistics) {
            this(scene, duplicate, statistics, List.of());
        }
    }

    /**
     * Refuses, before its body is read, an upload of {@code declaredBytes} (its Content-Length; negative when unknown)
     * that would leave less than the reserve free: it is spooled twice (the multipart parts, then one file per part)
     * before the ingest proper checks its own files.
     *
     * @throws greencover.service.error.InsufficientStorageException when it would
     */
    public void ensureRoomForUpload(long declaredBytes) {
        if (declaredBytes > 0) disk.ensureRoom(2 * declaredBytes, "this upload of " + declaredBytes + " bytes");
    }

    /**
     * Ingests one scene (see the class comment). Its files are checked against the free space first (index rasters
     * from the declared grid, source copies, a margin for the catalog); a disk that fills up meanwhile fails the
     * ingest with {@link greencover.service.error.InsufficientStorageException} and leaves nothing behind.
     */
    public IngestResult ingest(IngestRequest req, Consumer<String> progress) {
        long t0 = System.nanoTime();
        IngestEvents.Outcome outcome = IngestEvents.Outcome.FAILED;
        try {
            IngestResult r;
            try {
                r = ingestChecked(req, progress);
            } catch (RuntimeException e) {
                RuntimeException t = disk.translated(e, "this ingest");
                if (t instanceof greencover.service.error.GreenCoverException || t instanceof DuplicateKeyException) {
                    outcome = IngestEvents.Outcome.REFUSED;
                }
                throw t;
            }
            outcome = r.duplicate() ? IngestEvents.Outcome.DUPLICATE : IngestEvents.Outcome.CREATED;
            if (!r.duplicate()) tellCompleted(r.scene());
            return r;
        } finally {
            events.ingested(outcome, uploadedBytes(req), System.nanoTime() - t0);
        }
    }

    private void tellCompleted(Scene scene) {
        try {
            completed.accept(scene);
        } catch (RuntimeException e) {
            LOG.warn("after the ingest of scene {}: {}", scene.id(), e.toString());
        }
    }

    /** The total size of the distinct files {@code req} names; an unreadable one counts 0. */
    private static long uploadedBytes(IngestRequest req) {
        if (req == null || req.bands() == null) return 0;
        long total = 0;
        for (Path f : req.bands().stream().map(BandInput::file).filter(java.util.Objects::nonNull).distinct().toList()) {
            try {
                total += Files.size(f);
            } catch (IOException | RuntimeException e) {
                // a missing or unreadable file is the ingest's own error to report; it uploaded nothing we can count
            }
        }
        return total;
    }

    /**
     * A scene read where it lives: its bands by URL ({@link BandInput#remote}), what identifies it ({@code identity}:
     * two requests with the same identity and settings are one scene, recognised before anything is fetched), and
     * where it came from ({@code source}, recorded with the scene; hrefs unsigned); {@code meter} (null: none) is told
     * the bytes its bands' reads fetch (an import's own count); {@code completed} (null: the service's hook, which
     * evaluates alerts) is told the new scene instead, for a caller that evaluates after many (an import).
     */
    public record RemoteIngest(IngestRequest request, String identity, Map<String, String> source, java.util.function.LongConsumer meter,
                               Consumer<Scene> completed) {
        public RemoteIngest {
            source = source == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(source));
        }

        /** A remote ingest whose new scene is told to the service's own hook (the alerts of the sites it meets). */
        public RemoteIngest(IngestRequest request, String identity, Map<String, String> source, java.util.function.LongConsumer meter) {
            this(request, identity, source, meter, null);
        }

        /** A remote ingest whose bytes nobody counts apart. */
        public RemoteIngest(IngestRequest request, String identity, Map<String, String> source) { this(request, identity, source, null); }
    }

    /**
     * Ingests a scene read where it lives, only over the window the sites need: the union of the bounding boxes of the
     * sites that meet the red band's file, widened by the policy's margin (default 500 m), snapped to the red band's
     * grid and to whole blocks. The stored index rasters cover that window; the scene's grid is the window's. The header
     * checks of uploads apply to each file's header; the red band's declared GDAL scaling is read from its header.
     * Nothing is copied. Answers a duplicate, without a fetch, for an identity already stored.
     *
     * @throws InvalidInputException {@code no_site_in_scene} when no site meets the file, the source's codes
     *         ({@code source_not_found}, {@code source_forbidden}, {@code source_refused}, {@code source_not_tiff}) for
     *         an asset that cannot be read, and every upload check's code
     * @throws greencover.service.error.SourceUnavailableException when a source fails for now (5xx, no answer)
     */
    public IngestResult ingestRemote(RemoteIngest req, Consumer<String> progress) {
        try {
            long t0 = System.nanoTime();
            for (BandInput b : req.request().bands()) {
                if (!b.isRemote()) throw new IllegalArgumentException("band " + b.role() + " has no href");
            }
            SceneRequest parsed = SceneRequest.parse(req.request(), sensors, b -> null);
            String hash = remoteHash(req.identity(), parsed);
            Optional<Scene> existing = scenes.byContentHash(hash);
            if (existing.isPresent()) return new IngestResult(existing.get(), true, summaries.statisticsOfScene(existing.get()));
            rejectSameFilesWithOtherSettings(hash);
            Optional<Scene> sameOrNewer = sameAcquisition(parsed.date(), req.source()).newerOrSame();
            if (sameOrNewer.isPresent()) return acquisitionDuplicate(sameOrNewer.get(), req.source());
            refuseDeclaredGridsOutsideTheSites(parsed, req.source());
            long tHash = System.nanoTime();
            IngestResult r = writeLock.holding(parsed.date(), () -> store(parsed, hash, progress, t0, tHash, req));
            if (!r.duplicate()) {
                if (req.completed() != null) req.completed().accept(r.scene());
                else tellCompleted(r.scene());
            }
            return r;
        } catch (RuntimeException e) {
            throw disk.translated(e, "this ingest");
        }
    }

    /**
     * The stored scenes of the acquisition that {@code source} records ({@code acquisition}: platform, tile and sensing
     * time, {@link greencover.stac.Acquisitions}), among the scenes of {@code date} (an acquisition has one date): one as
     * new as the source's processing or newer (the ingest is then a duplicate), else the older ones (replaced).
     */
    private record StoredAcquisition(Optional<Scene> newerOrSame, List<Scene> older) {
        static final StoredAcquisition NONE = new StoredAcquisition(Optional.empty(), List.of());
    }

    private StoredAcquisition sameAcquisition(LocalDate date, Map<String, String> source) {
        String key = source.get(greencover.stac.CollectionProfiles.ACQUISITION);
        if (key == null) return StoredAcquisition.NONE;
        var mine = greencover.stac.Acquisitions.Processing.of(source);
        List<Scene> older = new ArrayList<>();
        for (Scene s : scenes.between(date, date)) {
            if (!key.equals(s.source().get(greencover.stac.CollectionProfiles.ACQUISITION))) continue;
            if (greencover.stac.Acquisitions.Processing.of(s.source()).compareTo(mine) >= 0) return new StoredAcquisition(Optional.of(s), List.of());
            older.add(s);
        }
        return new StoredAcquisition(Optional.empty(), older);
    }

    /**
     * Refuses, before any request, a remote scene whose item declares a band's grid ({@link DeclaredGrid}: an EPSG code,
     * {@code proj:transform} and {@code proj:shape}) that no site's bounding box meets: the header would say the same,
     * after a request per file. A declaration in another CRS than EPSG's is left to the header.
     *
     * @throws InvalidInputException {@code no_site_in_scene} naming the band's field and its asset
     */
    private void refuseDeclaredGridsOutsideTheSites(SceneRequest req, Map<String, String> source) {
        List<Site> all = null;
        for (DeclaredGrid g : DeclaredGrid.of(source, req.bands().keySet().stream().map(BandRole::key).toList())) {
            if (g.epsg() <= 0) continue;
            CoordinateReferenceSystem crs;
            try {
                crs = Geo.crs(g.epsg());
            } catch (InvalidInputException unknown) {
                continue;
            }
            if (all == null) all = sites.all();
            org.locationtech.jts.geom.Envelope extent = g.envelope();
            boolean meets = false;
            for (Site site : all) {
                try {
                    meets |= Geo.fromWgs84(site.wgs84(), crs).getEnvelopeInternal().intersects(extent);
                } catch (RuntimeException far) {
                    // a site the item's projection cannot reach is not in it
                }
                if (meets) break;
            }
            if (!meets) {
                BandInput in = req.bands().get(BandRole.parse(g.role()));
                throw new InvalidInputException("no_site_in_scene", in.field(), "no site lies in the grid the item declares for its "
                        + g.role() + " asset " + unsigned(in.href()) + " (" + g.crs() + " " + extent + ", from proj:transform and proj:shape); "
                        + "nothing was fetched: a scene read in place is read only around the sites; add the site first");
            }
        }
    }

    /** A duplicate answer for an item whose acquisition is stored as {@code stored}, from this or a newer processing. */
    private IngestResult acquisitionDuplicate(Scene stored, Map<String, String> source) {
        LOG.info("item {} ({}) is acquisition {}, stored as scene {} from item {} (as new or newer): a duplicate", source.get("itemId"),
                source.get("collection"), source.get(greencover.stac.CollectionProfiles.ACQUISITION), stored.id(), stored.source().get("itemId"));
        return new IngestResult(stored, true, summaries.statisticsOfScene(stored));
    }

    /** A remote scene's identity: a hash of {@code identity}, then "/" and the settings hash, as {@link #contentHash}. */
    private static String remoteHash(String identity, SceneRequest req) {
        try {
            String id = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(("remote|" + identity).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return id + "/" + settingsHash(req);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private IngestResult ingestChecked(IngestRequest req, Consumer<String> progress) {
        long t0 = System.nanoTime();
        SceneRequest parsed = SceneRequest.parse(req, sensors);
        String hash = contentHash(parsed);
        long tHash = System.nanoTime();
        Optional<Scene> existing = scenes.byContentHash(hash);
        if (existing.isEmpty()) rejectSameFilesWithOtherSettings(hash);
        if (existing.isPresent()) {
            return new IngestResult(existing.get(), true, summaries.statisticsOfScene(existing.get()));
        }
        return writeLock.holding(parsed.date(), () -> store(parsed, hash, progress, t0, tHash, null)); // its date's writers wait
    }

    /** The ingest proper, holding the write lock: derive into an assembly, publish it, then commit the rows. */
    private IngestResult store(SceneRequest parsed, String hash, Consumer<String> progress, long t0, long tHash, RemoteIngest remoteReq) {
        Path temp = null;
        try {
            Optional<Scene> existing = scenes.byContentHash(hash);
            if (existing.isEmpty()) rejectSameFilesWithOtherSettings(hash);
            if (existing.isPresent()) return new IngestResult(existing.get(), true, summaries.statisticsOfScene(existing.get()));
            StoredAcquisition acquisition = remoteReq == null ? StoredAcquisition.NONE : sameAcquisition(parsed.date(), remoteReq.source());
            if (acquisition.newerOrSame().isPresent()) return acquisitionDuplicate(acquisition.newerOrSame().get(), remoteReq.source());
            String id = "s" + hash.substring(0, 15);
            finishReplaced(id);
            temp = files.newAssembly();
            long tDerive = System.nanoTime();
            Derived d = derive(parsed, temp, progress, remoteReq);
            parsed = d.request();
            long tCopy = System.nanoTime();
            Path src = temp.resolve("source");
            // one copy per uploaded file, named after the roles it holds (e.g. red+nir+mask.tif); none for a remote scene
            Map<Path, List<String>> rolesByFile = new LinkedHashMap<>();
            for (BandInput in : parsed.bands().values()) {
                if (!in.isRemote()) rolesByFile.computeIfAbsent(in.file(), f -> new ArrayList<>()).add(in.role().key());
            }
            for (var e : rolesByFile.entrySet()) {
                files.copyInto(e.getKey(), src.resolve(String.join("+", e.getValue()) + ".tif")); // forced to disk
            }
            Geometry footprint = Geo.footprintWgs84(d.grid(), d.crs());
            Scene scene = new Scene(id, parsed.name(), parsed.sensorId(), parsed.acquiredAt(), parsed.date(), d.epsg(), d.grid(),
                    footprint, hash, parsed.sensor().settings(),
                    parsed.bands().keySet().stream().map(BandRole::key).toList(), d.indices(), d.validFraction(), d.cloudFraction(),
                    Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS), // as the catalog stores it: one generation key
                    null, d.crsWkt(), d.source());
            files.publish(temp, id);
            temp = null;
            List<SummaryRow> rows;
            long tSummary = System.nanoTime(), tCommit;
            List<Scene> older = acquisition.older();
            try {
                rows = older.isEmpty() ? summaries.summarizeNewScene(scene) : summaries.summarizeReplacing(scene, older);
                tCommit = System.nanoTime();
                transactions.run(() -> {
                    for (Scene o : older) scenes.markDeleting(o.id()); // its summaries go in the same commit as the new ones
                    scenes.insert(scene);
                    stored.putAll(rows);
                });
            } catch (DuplicateKeyException e) { // another server on the same database stored these files first
                files.delete(id);
                throw new ConflictException("conflict", "file", "scene " + id + " was stored meanwhile by another writer; retry to get it", e);
            } catch (RuntimeException e) {
                // a lost commit reply must not orphan a stored row: the files go only when the catalog surely has no row
                if (surelyNotCommitted(id)) files.delete(id);
                throw e;
            }
            LOG.info("ingest scene={} date={} size={}x{} sites={} summaries={} {}ms", id, scene.date(), d.grid().width(),
                    d.grid().height(), rows.stream().map(SummaryRow::siteId).distinct().count(), rows.size(),
                    (System.nanoTime() - t0) / 1_000_000);
            if (LOG.isDebugEnabled()) {
                LOG.debug("ingest {}: parse+hash {} ms, derive {} ms, copy sources {} ms, site summaries {} ms ({} rows), commit {} ms, total {} ms",
                        id, ms(tHash - t0), ms(tCopy - tDerive), ms(tSummary - tCopy), ms(tCommit - tSummary), rows.size(),
                        ms(System.nanoTime() - tCommit), ms(System.nanoTime() - t0));
            }
            if (progress != null) progress.accept("stored scene " + id + " with " + rows.size() + " summaries");
            List<String> warnings = new ArrayList<>(parsed.sensor().warnings());
            for (Scene o : older) {
                files.delete(o.id()); // after the commit, as a delete does: a crash here leaves a tombstone the next start finishes
                scenes.delete(o.id());
                warnings.add("replaced-older-processing: scene " + o.id() + " (item " + o.source().get("itemId") + ", collection "
                        + o.source().get("collection") + ") was an older processing of the same acquisition and is replaced by this one");
            }
            warnings.addAll(d.dataWarnings());
            warnings.addAll(BandScalings.differences(parsed.bands()));
            for (String w : warnings) LOG.warn("ingest scene={}: {}", id, w);
            return new IngestResult(scene, false, summaries.statisticsOfScene(scene), warnings);
        } finally {
            if (temp != null) files.discard(temp);
        }
    }

    private record Derived(RasterGrid grid, int epsg, CoordinateReferenceSystem crs, String crsWkt, List<String> indices,
                           double validFraction, double cloudFraction, List<String> dataWarnings, SceneRequest request,
                           Map<String, String> source) {}

    /**
     * The GeoKeys the index rasters carry for the scene's CRS and, for a CRS without EPSG code, its WKT as the
     * catalog stores it; both checked to give back the same CRS, so the catalog, the stored rasters and their exports
     * agree.
     *
     * @throws InvalidInputException {@code invalid_crs} naming the red band's field and the CRS otherwise
     */
    private static Map.Entry<GeoKeyDirectory, String> crsForStorage(SceneStrips strips, String field) {
        if (strips.epsg() > 0 && strips.epsg() < 32767) return Map.entry(GeoKeyDirectory.ofEpsg(strips.epsg()), "");
        CoordinateReferenceSystem crs = strips.crs();
        String label = Geo.label(crs, strips.epsg());
        try {
            GeoKeyDirectory keys = GeoKeyDirectory.of(crs, 0);
            String wkt = crs.toWKT();
            CoordinateReferenceSystem back = org.geotools.referencing.CRS.parseWKT(wkt);
            if (!org.geotools.referencing.CRS.findMathTransform(crs, back, false).isIdentity()) {
                throw new IllegalArgumentException("its WKT does not read back as the same CRS");
            }
            return Map.entry(keys, wkt);
        } catch (Exception | LinkageError e) {
            throw new InvalidInputException("invalid_crs", field, field + ": " + label + " cannot be stored (" + e.getMessage() + ")");
        }
    }

    private Derived derive(SceneRequest req, Path dir, Consumer<String> progress, RemoteIngest remoteReq) {
        return derive(req, dir, progress, remoteReq, null);
    }

    /** As above, a remote scene's window around {@code windowSites} (null: every site). */
    private Derived derive(SceneRequest req, Path dir, Consumer<String> progress, RemoteIngest remoteReq, List<Site> windowSites) {
        long t0 = System.nanoTime();
        try (SceneStrips strips = remoteReq == null ? new SceneStrips(req.bands())
                : new SceneStrips(req.bands(), in -> remote.open(in.href(), in.role().key() + " asset " + unsigned(in.href()),
                        in.field(), in.headerBytes(), remoteReq.meter()))) {
            Map<String, String> source = null;
            if (remoteReq != null) {
                java.awt.Rectangle w = windowOf(strips, req.bands().get(BandRole.RED).field(), windowSites);
                RasterGrid file = strips.reference().fullGrid();
                strips.window(w);
                req = SceneRequest.parse(remoteReq.request(), sensors, b -> strips.remoteRedScaling());
                source = new LinkedHashMap<>(remoteReq.source());
                source.put("window", w.x + "," + w.y + "," + w.width + "," + w.height);
                source.put("marginM", Double.toString(remote.policy().windowMarginM()));
                // what reading it again for a later site needs: the file's size, and the request's sensor fields
                source.put("fileGrid", file.width() + "," + file.height());
                for (var f : remoteReq.request().fields().entrySet()) source.put("field." + f.getKey(), f.getValue());
            }
            RasterGrid grid = strips.grid();
            List<SpectralIndex> indices = this.indices.available(req.bands().keySet());
            disk.ensureRoom(expectedBytes(req, grid, indices.size()), "this ingest");
            long bytes = Math.min(memory.capacityBytes(), workingBytes(grid.width(), strips.stripRows(), req.bands().size(),
                    indices.size(), (int) req.bands().values().stream().map(BandInput::file).distinct().count()));
            try (MemoryBudget.Reservation held = memory.reserve(bytes, MEMORY_WAIT, "file",
                    "an ingest of " + grid.width() + " x " + grid.height() + " pixels")) {
                Derived d = derive(req, dir, progress, strips, grid, indices, t0);
                List<String> warnings = new ArrayList<>(d.dataWarnings());
                String itemCrs = source == null ? null : source.get("itemCrs");
                if (itemCrs != null && !itemCrs.equalsIgnoreCase(strips.epsg() > 0 ? "EPSG:" + strips.epsg() : "")) {
                    warnings.add("item-crs-mismatch: the item declares " + itemCrs + " but the red asset is in "
                            + Geo.label(strips.crs(), strips.epsg()) + "; the file's CRS is used");
                }
                if (source != null) {
                    for (DeclaredGrid g : DeclaredGrid.of(source, req.bands().keySet().stream().map(BandRole::key).toList())) {
                        RasterGrid header = strips.fileGrid(BandRole.parse(g.role()));
                        String differs = header == null ? null : g.disagreement(header);
                        if (differs != null) {
                            warnings.add("item-grid-mismatch: the item declares for the " + g.role() + " asset " + differs + "; the header's grid is used");
                        }
                    }
                }
                return new Derived(d.grid(), d.epsg(), d.crs(), d.crsWkt(), d.indices(), d.validFraction(), d.cloudFraction(),
                        warnings, req, source);
            }
        } catch (RasterFormatException e) {
            if (e.reason() == RasterFormatException.Reason.TOO_LARGE) throw new RasterTooLargeException(e.field(), e.getMessage());
            if (e.reason() == RasterFormatException.Reason.SOURCE_UNAVAILABLE) {
                throw new greencover.service.error.SourceUnavailableException(e.getMessage(), e);
            }
            throw new InvalidInputException(e.code(), e.field(), e.getMessage(), e);
        }
    }

    /**
     * The working memory of one ingest, in bytes, from its declared size: per pixel of a strip of {@code stripRows}
     * rows × {@code width}, the decoded digital numbers (int per band, twice: the decoder's raster and ours), two
     * converted strips in flight (float reflectance per band plus a class byte), and the index values (float) and
     * codes (short); per index raster a 256-row tile band and its overview band (short); 8 MiB per file for the
     * decoder's own buffers. An ingest reserves at most the whole budget, so a scene larger than the budget runs
     * alone rather than being refused.
     */
    static long workingBytes(int width, int stripRows, int bands, int indices, int files) {
        long stripPx = (long) width * stripRows;
        long perStripPx = 2L * 4 * bands + 2L * (4L * bands + 1) + 4 + 2;
        return stripPx * perStripPx + (long) indices * width * 256 * 2 * 2 + (8L << 20) * files;
    }

    private Derived derive(SceneRequest req, Path dir, Consumer<String> progress, SceneStrips strips, RasterGrid grid,
                           List<SpectralIndex> indices, long t0) {
        {
            long nsOpen = System.nanoTime() - t0;
            // HLS: a Sentinel-2 scene with B8A also gets each index of its bands adjusted to OLI, as <index>-hls
            java.util.Optional<greencover.core.raster.HlsBandpass> hls = req.sensor().bandpassToOli()
                    .filter(b -> greencover.core.raster.HlsBandpass.canAdjust(req.bands().keySet()));
            List<SpectralIndex> hlsIndices = hls.isEmpty() ? List.of() : indices;
            Set<BandRole> hlsRoles = EnumSet.copyOf(greencover.core.raster.HlsBandpass.outputRoles());
            greencover.core.raster.Bands adjusted = hls.isEmpty() ? null
                    : greencover.core.raster.Bands.allocate(hlsRoles, grid.width() * strips.stripRows());
            Map.Entry<GeoKeyDirectory, String> storage = crsForStorage(strips, req.bands().get(BandRole.RED).field());
            int n = grid.width() * strips.stripRows();
            float[] val = new float[n];
            short[] enc = new short[n];
            long[] classCounts = new long[PixelClass.values().length];
            List<IndexTiffWriter> writers = new ArrayList<>();
            long nsRead = 0, nsConvert = 0, nsWait = 0, nsIndex = 0, nsWrite = 0, nsFinish = 0;
            Set<BandRole> needed = EnumSet.copyOf(req.sensor().requiredBands());
            for (SpectralIndex ix : indices) needed.addAll(ix.requiredBands());
            if (hls.isPresent()) {
                needed.add(BandRole.NIR08);
                for (BandRole r : hlsRoles) if (req.bands().containsKey(r)) needed.add(r);
            }
            DarkPixelCheck offsetCheck = req.sensor().offsetCheck();
            greencover.core.raster.BandSwapCheck swapCheck = new greencover.core.raster.BandSwapCheck();
            try (ConvertedStrips converted = new ConvertedStrips(strips, req.sensor(), needed)) {
                for (SpectralIndex ix : indices) writers.add(IndexTiffWriter.create(dir.resolve(ix.key() + ".tif"), grid, storage.getKey()));
                for (SpectralIndex ix : hlsIndices) {
                    writers.add(IndexTiffWriter.create(dir.resolve(hlsKey(ix.key()) + ".tif"), grid, storage.getKey()));
                }
                for (long a = System.nanoTime(); ; a = System.nanoTime()) {
                    ConvertedStrips.Strip s = converted.next();
                    if (s == null) break;
                    nsWait += System.nanoTime() - a;
                    nsRead += s.decodeNanos;
                    nsConvert += s.convertNanos;
                    int m = s.rows * grid.width();
                    byte[] cls = s.classes;
                    for (int i = 0; i < m; i++) classCounts[cls[i]]++; // the scene's class fractions
                    if (offsetCheck != null) offsetCheck.add(s.reflectance, cls, m);
                    swapCheck.add(s.reflectance, cls, m);
                    greencover.core.raster.Bands hlsBands = null;
                    if (hls.isPresent()) {
                        hlsBands = adjusted.withLength(m);
                        hls.get().apply(s.reflectance, hlsBands);
                    }
                    for (int k = 0; k < indices.size() + hlsIndices.size(); k++) {
                        long c = System.nanoTime();
                        if (k < indices.size()) indices.get(k).compute(s.reflectance, cls, val);
                        else hlsIndices.get(k - indices.size()).compute(hlsBands, cls, val);
                        for (int i = 0; i < m; i++) {
                            float v = val[i];
                            enc[i] = cls[i] == PixelClass.VALID_CODE ? (v != v ? IndexCodes.NODATA : IndexCodes.encode(v)) : IndexCodes.codeOf(cls[i]);
                        }
                        long e = System.nanoTime();
                        writers.get(k).writeRows(s.row0, s.rows, enc);
                        nsIndex += e - c;
                        nsWrite += System.nanoTime() - e;
                    }
                    if (progress != null) progress.accept("rows " + (s.row0 + s.rows) + "/" + grid.height());
                }
                long f = System.nanoTime();
                Parallel.all("ingest-overviews", writers.stream().map(wr -> (java.util.concurrent.Callable<Void>) () -> {
                    wr.finish();
                    return null;
                }).toList());
                nsFinish = System.nanoTime() - f;
            } finally {
                for (IndexTiffWriter wr : writers) wr.close();
            }
            LOG.debug("derive {}x{} px, {} indices: open {} ms, decode {} ms and convert {} ms (background), waiting for strips {} ms, "
                    + "index+encode {} ms, write incl. overviews {} ms, finish (force to disk) {} ms", grid.width(), grid.height(), indices.size(),
                    ms(nsOpen), ms(nsRead), ms(nsConvert), ms(nsWait), ms(nsIndex), ms(nsWrite), ms(nsFinish));
            double total = grid.pixelCount();
            List<String> keys = new ArrayList<>(indices.stream().map(SpectralIndex::key).toList());
            for (SpectralIndex ix : hlsIndices) keys.add(hlsKey(ix.key()));
            int epsg = strips.epsg() < 32767 ? strips.epsg() : 0; // a code GeoTIFF cannot carry (e.g. ESRI's 102025) is kept as WKT
            return new Derived(grid, epsg, strips.crs(), epsg > 0 ? null : storage.getValue(), List.copyOf(keys),
                    classCounts[PixelClass.VALID_CODE] / total, classCounts[PixelClass.CLOUD_CODE] / total,
                    java.util.stream.Stream.of(offsetCheck == null ? null : offsetCheck.warning(), swapCheck.warning())
                            .filter(java.util.Objects::nonNull).toList(), req, null);
        }
    }

    /**
     * A stored remote scene read again from its source over the window another site needs: the scene as that read
     * sees it (same id, date, settings and creation; the new window's grid, footprint and source) and its index
     * rasters in a temporary assembly, removed by {@link #close}.
     */
    public final class Reread implements AutoCloseable {
        private final Scene scene;
        private final Path dir;
        private final Map<String, greencover.core.raster.IndexTiff> open = new java.util.HashMap<>();

        private Reread(Scene scene, Path dir) {
            this.scene = scene;
            this.dir = dir;
        }

        /** The scene over the new window. */
        public Scene scene() { return scene; }

        /** Its raster of index {@code key}. */
        synchronized greencover.core.raster.IndexRaster raster(String key) {
            return open.computeIfAbsent(key, k -> greencover.core.raster.IndexTiff.open(dir.resolve(k + ".tif")));
        }

        @Override
        public synchronized void close() {
            open.values().forEach(greencover.core.raster.IndexTiff::close);
            open.clear();
            files.discard(dir);
        }
    }

    /**
     * Whether {@code scene}'s statistics over {@code site} must be read from its source again: it is a scene read in
     * place whose stored window does not hold the site's bounding box (a site added after it, outside its window), and
     * whose file, as far as recorded, meets that box.
     */
    public boolean needsReread(Scene scene, Site site) {
        Map<String, String> src = scene.source();
        String window = src.get("window");
        if (window == null || src.get("href.red") == null || scene.isDamaged()) return false;
        org.locationtech.jts.geom.Envelope e;
        try {
            e = Geo.fromWgs84(site.wgs84(), Geo.crsOf(scene)).getEnvelopeInternal();
        } catch (RuntimeException far) {
            return false; // a site the scene's projection cannot reach is not in the scene
        }
        RasterGrid g = scene.grid();
        if (new org.locationtech.jts.geom.Envelope(g.minX(), g.maxX(), g.minY(), g.maxY()).contains(e)) return false;
        String fileGrid = src.get("fileGrid");
        if (fileGrid == null) return true; // recorded by an earlier release: the file's header will tell
        String[] w = window.split(","), f = fileGrid.split(",");
        double minX = g.minX() - Integer.parseInt(w[0]) * g.pixelWidth(), maxY = g.maxY() + Integer.parseInt(w[1]) * g.pixelHeight();
        var file = new org.locationtech.jts.geom.Envelope(minX, minX + Integer.parseInt(f[0]) * g.pixelWidth(),
                maxY - Integer.parseInt(f[1]) * g.pixelHeight(), maxY);
        return file.intersects(e);
    }

    /**
     * Reads remote scene {@code scene} again from its recorded source (hrefs, sensor fields; Planetary Computer hrefs
     * signed again) over the window of {@code site} alone, as an ingest with that site would have read it: the union
     * of its box and the margin, snapped the same way, converted and indexed the same way. Empty when the site is not
     * in the file or the source cannot be read now (logged: the site then has no statistics from that scene).
     */
    public Optional<Reread> reread(Scene scene, Site site) {
        Map<String, String> src = scene.source();
        List<BandInput> bands = new ArrayList<>();
        boolean sign = src.getOrDefault("profile", "").startsWith("planetary-computer-");
        Map<String, String> fields = new LinkedHashMap<>();
        for (var e : src.entrySet()) if (e.getKey().startsWith("field.")) fields.put(e.getKey().substring(6), e.getValue());
        Path temp = null;
        try {
            for (String key : scene.bands()) {
                String href = src.get("href." + key);
                if (href == null) return Optional.empty();
                java.net.URI uri = java.net.URI.create(href);
                bands.add(BandInput.remote(BandRole.parse(key), sign ? remote.signed(uri) : uri, 0, key, 0));
            }
            IngestRequest req = new IngestRequest(bands, scene.sensor(), scene.acquiredAt().toString(), scene.name(), fields);
            Map<String, String> source = new LinkedHashMap<>(src);
            source.remove("window");
            RemoteIngest remoteReq = new RemoteIngest(req, null, source);
            SceneRequest parsed = SceneRequest.parse(req, sensors, b -> null);
            temp = files.newAssembly();
            Derived d = derive(parsed, temp, null, remoteReq, List.of(site));
            Scene over = new Scene(scene.id(), scene.name(), scene.sensor(), scene.acquiredAt(), scene.date(), scene.epsg(), d.grid(),
                    Geo.footprintWgs84(d.grid(), d.crs()), scene.contentHash(), scene.sensorSettings(), scene.bands(), scene.indices(),
                    scene.validFraction(), scene.cloudFraction(), scene.createdAt(), null, scene.crsWkt(), d.source());
            LOG.info("scene {} read again from its source for site {}: window {}", scene.id(), site.id(), d.source().get("window"));
            Reread r = new Reread(over, temp);
            temp = null;
            return Optional.of(r);
        } catch (InvalidInputException e) {
            if (!"no_site_in_scene".equals(e.code())) {
                LOG.warn("scene {} cannot be read again for site {} ({}); the site has no statistics from it", scene.id(), site.id(), e.getMessage());
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            LOG.warn("scene {} cannot be read again for site {} ({}); the site has no statistics from it", scene.id(), site.id(), e.toString());
            return Optional.empty();
        } finally {
            if (temp != null) files.discard(temp);
        }
    }

    /** {@code href} without its query (a signature) or fragment, for messages and the recorded source. */
    public static String unsigned(java.net.URI href) {
        String s = href.toString();
        int q = s.indexOf('?');
        int f = s.indexOf('#');
        int cut = q < 0 ? f : f < 0 ? q : Math.min(q, f);
        return cut < 0 ? s : s.substring(0, cut);
    }

    /**
     * The window of a remote scene, in pixels of the red band's file: the union of the bounding boxes (in the file's
     * CRS) of the sites that meet the file, widened by the margin, snapped outward to whole pixels and whole blocks
     * (steps of at most {@link #WINDOW_STEP} pixels in larger blocks), clipped to the file.
     *
     * @throws InvalidInputException {@code no_site_in_scene} (naming {@code field}) when no site meets the file
     */
    private java.awt.Rectangle windowOf(SceneStrips strips, String field, List<Site> windowSites) {
        var ref = strips.reference();
        RasterGrid g = ref.fullGrid();
        org.locationtech.jts.geom.Envelope extent = new org.locationtech.jts.geom.Envelope(g.minX(), g.maxX(), g.minY(), g.maxY());
        org.locationtech.jts.geom.Envelope union = null;
        for (Site site : windowSites != null ? windowSites : sites.all()) {
            org.locationtech.jts.geom.Envelope e;
            try {
                e = Geo.fromWgs84(site.wgs84(), strips.crs()).getEnvelopeInternal();
            } catch (RuntimeException far) {
                continue; // a site the scene's projection cannot reach is not in the scene
            }
            if (!e.intersects(extent)) continue;
            if (union == null) union = new org.locationtech.jts.geom.Envelope(e);
            else union.expandToInclude(e);
        }
        if (union == null) {
            throw new InvalidInputException("no_site_in_scene", field, "no site lies in the scene (" + Geo.label(strips.crs(), strips.epsg())
                    + " " + extent + "): a scene read in place is read only around the sites; add the site first");
        }
        union.expandBy(remote.policy().windowMarginM());
        // snapped to whole blocks, or to 256-pixel steps within larger blocks (GDAL's 1024 x 1024 COG tiles): what is
        // fetched is whole blocks either way, and the stored index rasters (uncompressed) stay near the sites' size
        int bw = Math.max(1, Math.min(ref.blockWidth(), WINDOW_STEP)), bh = Math.max(1, Math.min(ref.blockHeight(), WINDOW_STEP));
        int c0 = Math.max(0, Math.floorDiv((int) Math.floor(g.colOf(union.getMinX())), bw) * bw);
        int r0 = Math.max(0, Math.floorDiv((int) Math.floor(g.rowOf(union.getMaxY())), bh) * bh);
        int c1 = Math.min(g.width(), (int) Math.ceil(Math.ceil(g.colOf(union.getMaxX())) / bw) * bw);
        int r1 = Math.min(g.height(), (int) Math.ceil(Math.ceil(g.rowOf(union.getMinY())) / bh) * bh);
        return new java.awt.Rectangle(c0, r0, c1 - c0, r1 - r0);
    }

    /** The largest step a remote window is snapped to, in source pixels (the stored index rasters' tile size). */
    static final int WINDOW_STEP = 256;

    private static long ms(long nanos) { return nanos / 1_000_000; }

    /** What an ingest writes: its index rasters (sized from the declared grid), one copy per uploaded file, a margin. */
    private static long expectedBytes(SceneRequest req, RasterGrid grid, int indexCount) {
        long bytes = indexCount * IndexTiffWriter.fileBytes(grid) + DiskFull.CATALOG_MARGIN_BYTES;
        for (Path f : req.bands().values().stream().filter(b -> !b.isRemote()).map(BandInput::file).distinct().toList()) {
            try {
                bytes += Files.size(f);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return bytes;
    }

    /**
     * The stored key of index {@code key} computed from HLS-adjusted reflectance ({@code ndvi-hls}): a Sentinel-2 scene
     * with B8A stores both, and a harmonised series reads this one.
     */
    public static String hlsKey(String key) { return key + HLS_SUFFIX; }

    /** The suffix of {@link #hlsKey}. */
    public static final String HLS_SUFFIX = "-hls";

    /** The short hash of {@link #settings} that ends a scene's identity, uploaded or remote. */
    private static String settingsHash(SceneRequest req) throws java.security.NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(settings(req).getBytes(java.nio.charset.StandardCharsets.UTF_8))).substring(0, 16);
    }

    /**
     * The scene's identity: a hash of its files' bytes (with the band roles they hold), then "/" and a short
     * hash of the settings that change the stored values or date (sensor, acquisition time, baseline and DN
     * offset, generic scale/offset/nodata/mask). The same files with the same settings are one scene; the
     * same files with other settings are refused rather than silently taken for the stored scene.
     */
    private static String contentHash(SceneRequest req) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (BandInput in : req.bands().values()) {
                md.update((in.role().key() + ":" + in.band() + ";").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                try (InputStream s = Files.newInputStream(in.file())) {
                    for (int k; (k = s.read(buf)) > 0; ) md.update(buf, 0, k);
                }
            }
            String bytes = HexFormat.of().formatHex(md.digest());
            return bytes + "/" + settingsHash(req);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The settings part of the identity: sensor, acquisition instant and the conversion's own identity
     * ({@link greencover.core.raster.SensorProfile#identity()}), joined as release 0.1 did.
     */
    private static String settings(SceneRequest req) {
        return req.sensorId() + "|" + req.acquiredAt() + "|" + req.sensor().identity();
    }

    private void rejectSameFilesWithOtherSettings(String hash) {
        String sameFiles = hash.substring(0, hash.indexOf('/') + 1);
        for (Scene s : scenes.byContentHashPrefix(sameFiles)) {
            if (!s.contentHash().equals(hash)) {
                throw new ConflictException("file", "these files are already stored as scene " + s.id() + " ("
                        + s.sensor() + ", acquired " + s.acquiredAt() + ") with other settings; DELETE it first to re-ingest them");
            }
        }
    }

    /**
     * The scenes of the catalog within [{@code from}, {@code to}] (null: open) over site {@code siteId} (null: all),
     * in catalog order; damaged scenes are listed too, each with its {@link Scene#damage()}.
     */
    public List<Scene> list(String siteId, LocalDate from, LocalDate to) {
        List<Scene> all = new ArrayList<>(scenes.between(from, to));
        for (Scene d : scenes.damaged()) {
            if ((from == null || !d.date().isBefore(from)) && (to == null || !d.date().isAfter(to))) all.add(d);
        }
        all.sort(java.util.Comparator.comparing(Scene::date).thenComparing(Scene::createdAt).thenComparing(Scene::id));
        if (siteId == null) return all;
        Site site = sites.byId(siteId).orElseThrow(() -> new NoSuchResourceException("site", siteId));
        return all.stream().filter(s -> s.footprintWgs84().intersects(site.wgs84())).toList();
    }

    /** The scene {@code id}, active or damaged (then with its {@link Scene#damage()}). */
    public Scene get(String id) {
        Optional<Scene> active = scenes.byId(id);
        if (active.isPresent()) return active.get();
        for (Scene d : scenes.damaged()) if (d.id().equals(id)) return d;
        throw new NoSuchResourceException("scene", id);
    }

    /**
     * Deletes a scene, its files and summaries, and recomputes the other scenes of its date over the sites it touched (their shares, {@link SameDateMerge}). Logical
     * first: one commit marks the scene deleting (no read sees it from then on, and caches stop serving it since
     * the catalog version changes) with the recomputed summaries; then its files are removed and its row deleted.
     * A crash after the commit leaves a tombstone that the next start finishes; a crash before it, the old state.
     */
    public void delete(String id) {
        disk.ensureRoomToFree(DiskFull.CATALOG_MARGIN_BYTES, "this delete");
        Scene scene = get(id);
        try {
            writeLock.run(scene.date(), () -> remove(get(id))); // an id's date never changes: the same lock again
        } catch (RuntimeException e) {
            throw disk.translated(e, "this delete");
        }
        try {
            afterDelete.accept(scene);
        } catch (RuntimeException e) {
            LOG.warn("after the delete of scene {}: {}", id, e.toString());
        }
    }

    /**
     * Sets what runs after a scene is deleted, with the scene as it was (the composition root's: the alerts of the
     * sites it met are evaluated again); a failure there is logged, the delete stands.
     */
    public void afterDelete(Consumer<Scene> listener) { this.afterDelete = java.util.Objects.requireNonNull(listener); }

    /** The deletion proper, holding the write lock (a damaged scene too: the scenes of its date are recomputed). */
    private void remove(Scene scene) {
        String id = scene.id();
        List<SummaryRow> redo = summaries.summariesAfterRemoving(scene);
        transactions.run(() -> {
            if (!scenes.markDeleting(id)) throw new NoSuchResourceException("scene", id);
            stored.putAll(redo);
        });
        files.delete(id);
        scenes.delete(id);
    }

    /**
     * Clears the way for a scene about to be stored under {@code id} (holding the write lock): a deletion of that id
     * interrupted after its tombstone (the process stopped before its files and row were removed) is finished, and a
     * damaged scene of that id (the same files ingested again, which replaces it) is deleted, so the new row and
     * folder do not collide with the old ones.
     */
    private void finishReplaced(String id) {
        Optional<greencover.domain.SceneState> state = scenes.stateOf(id);
        if (state.isEmpty() || state.get() == greencover.domain.SceneState.ACTIVE) return;
        if (state.get() == greencover.domain.SceneState.DELETING) {
            LOG.info("ingest of scene {}: finishing its interrupted deletion first", id);
            files.delete(id);
            scenes.delete(id);
            return;
        }
        for (Scene d : scenes.damaged()) {
            if (d.id().equals(id)) {
                LOG.info("ingest of scene {}: replacing the damaged scene ({})", id, d.damage().reason());
                remove(d);
            }
        }
    }

    /**
     * Recomputes the dates whose summaries an earlier release stored under the footprint rule
     * ({@link SummaryRepository#datesToRemerge}) with the same-date merge, one date per commit under the write lock;
     * returns how many dates it recomputed. A date that fails stays listed for the next start.
     */
    public int remergeDatesOfEarlierReleases() {
        int n = 0;
        for (LocalDate date : stored.datesToRemerge()) {
            try {
                writeLock.run(() -> {
                    List<SummaryRow> rows = summaries.remergeDate(date);
                    transactions.run(() -> {
                        stored.putAll(rows);
                        stored.remerged(date);
                    });
                });
                n++;
            } catch (RuntimeException e) {
                LOG.warn("the summaries of {} could not be merged again (kept as stored, retried at the next start): {}", date, e.toString());
            }
        }
        return n;
    }

    /** The stored index raster file of a scene, for export. */
    public SceneFile indexFile(String id, String index) {
        Scene s = get(id);
        if (s.isDamaged()) {
            throw new ConflictException("scene_damaged", "id", "scene " + id + " is damaged (" + s.damage().reason()
                    + "); DELETE it or ingest its files again", null);
        }
        if (!s.indices().contains(index)) {
            throw new InvalidInputException("invalid_index", "index", "scene " + id + " has indices " + s.indices() + ", not '" + index + "'");
        }
        return files.indexFile(id, index);
    }

    /**
     * A scene's index raster as GIS software should read it ({@link IndexExportWriter}: band 1 the index with every
     * non-valid pixel no data, band 2 the pixel class), written to a new file in {@code scratchDir}; the returned
     * file's stream deletes it when closed.
     *
     * @throws NoSuchResourceException when the scene does not exist
     * @throws InvalidInputException   {@code invalid_index} when the scene has no such index
     */
    public SceneFile exportIndex(String id, String index, Path scratchDir) {
        Scene s = get(id);
        if (s.isDamaged()) {
            throw new ConflictException("scene_damaged", "id", "scene " + id + " is damaged (" + s.damage().reason()
                    + "); DELETE it or ingest its files again", null);
        }
        if (!s.indices().contains(index)) {
            throw new InvalidInputException("invalid_index", "index", "scene " + id + " has indices " + s.indices() + ", not '" + index + "'");
        }
        String title;
        try {
            title = indices.parse(index).title();
        } catch (IllegalArgumentException e) {
            title = index;
        }
        Path out;
        try {
            Files.createDirectories(scratchDir);
            out = Files.createTempFile(scratchDir, "export-" + id + "-", ".tif");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create an export file in " + scratchDir, e);
        }
        try {
            IndexExportWriter.write(files.indexRaster(s, index), title, out);
            long size = Files.size(out);
            Path file = out;
            return new SceneFile() {
                @Override public long sizeBytes() { return size; }

                @Override public InputStream open() throws IOException {
                    return new java.io.FilterInputStream(Files.newInputStream(file)) {
                        @Override public void close() throws IOException {
                            try {
                                super.close();
                            } finally {
                                Files.deleteIfExists(file);
                            }
                        }
                    };
                }
            };
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(out);
            } catch (IOException ignored) {
                // the scratch folder is emptied at the next start
            }
            if (e instanceof RuntimeException r) throw r;
            throw new UncheckedIOException((IOException) e);
        }
    }

    static Map<BandRole, BandInput> byRole(List<BandInput> bands) {
        Map<BandRole, BandInput> m = new EnumMap<>(BandRole.class);
        for (BandInput b : bands) {
            if (m.put(b.role(), b) != null) {
                throw new InvalidInputException("duplicate_band", b.field(), "band role '" + b.role().key() + "' given twice");
            }
        }
        return m;
    }

    /**
     * Whether the catalog surely holds no row of scene {@code id} after its commit failed: false when it holds one (the
     * commit went through, its reply was lost) and when the catalog cannot be asked now (it restarted, the network is
     * cut): then the published files stay, a leftover that start-up removes by age, or that an ingest of the same
     * scene replaces ({@link SceneFileStore#publish}), never a committed row without its files.
     */
    private boolean surelyNotCommitted(String id) {
        try {
            return scenes.byId(id).isEmpty();
        } catch (RuntimeException unknown) {
            LOG.warn("ingest of scene {}: its commit failed and the catalog cannot say whether it went through ({}); its files are kept",
                    id, unknown.getMessage());
            return false;
        }
    }
}
