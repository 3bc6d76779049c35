package greencover.store.s3;

import greencover.core.raster.IndexRaster;
import greencover.core.raster.IndexTiff;
import greencover.domain.Scene;
import greencover.domain.SceneFile;
import greencover.domain.StartupRefusedException;
import greencover.domain.StoreException;
import greencover.store.SceneFileStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Scene files in an S3-compatible bucket, under {@code prefix/scenes/{id}/}: {@code {index}.tif} (the derived
 * index rasters) and {@code source/{roles}.tif} (the uploaded GeoTIFFs). A scene is assembled in a local folder,
 * then {@link #publish published}: every object is uploaded (each PUT is all-or-nothing in S3) before the service
 * commits the catalog row, so a scene a server lists always has its objects; a failed upload removes what it wrote
 * and fails the ingest with a {@link StoreException} (503), leaving no row. {@link #delete} runs after the row stopped
 * being visible (the service's tombstone) and removes the objects.
 *
 * <p>Reads go through a bounded {@link LocalRasterCache}: an index raster is downloaded once, kept as a
 * memory-mapped file and evicted least recently used first. The publishing server keeps the rasters it has just
 * written there. Objects of one id never change while its row lives, so the cache needs no invalidation beyond a
 * scene's deletion and its generation ({@link Scene#createdAt()}: a scene deleted and ingested again is read anew).
 * Leftovers (objects of ids the catalog does not know, from an ingest that stopped between upload and commit) are
 * removed only once their newest object is older than the leftover age: another server may be committing them.
 */
public final class S3SceneFileStore implements SceneFileStore {
    private static final Logger LOG = LoggerFactory.getLogger(S3SceneFileStore.class);
    private final S3Settings settings;
    private final S3Client s3;
    private final String scenes;
    private final Path assemblies;
    private final LocalRasterCache cache;
    /** Opened rasters by {@code id/index}. */
    private final Map<String, IndexRaster> opened = new ConcurrentHashMap<>();
    /** The generation ({@code createdAt}) each cached {@code id} was read for; absent for the publisher's own files. */
    private final Map<String, Instant> generations = new ConcurrentHashMap<>();
    /** {@code id/createdAt} of scenes whose index objects were seen, so the quick damage check costs nothing. */
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final Map<String, Object> downloads = new ConcurrentHashMap<>();

    private S3SceneFileStore(S3Settings settings, S3Client s3, Path localDir) {
        this.settings = settings;
        this.s3 = s3;
        this.scenes = settings.prefix() + "scenes/";
        this.assemblies = localDir.resolve("assemblies");
        this.cache = new LocalRasterCache(localDir.resolve("rasters"), settings.cacheBytes(), key -> {
            IndexRaster r = opened.remove(key);
            if (r != null) r.close();
        });
        try {
            Files.createDirectories(assemblies);
        } catch (IOException e) {
            throw new StoreException("cannot create " + assemblies, e);
        }
    }

    /**
     * Connects to the bucket of {@code settings} and checks that it answers, with local folders under {@code localDir}
     * ({@code assemblies/} for scenes being written, {@code rasters/} for the cache, emptied now).
     *
     * @throws StartupRefusedException with one line saying what is wrong and what to check: the endpoint does not
     *         answer, the credentials are refused, the bucket does not exist
     */
    public static S3SceneFileStore open(S3Settings settings, Path localDir) {
        S3Client client = client(settings);
        try {
            client.headBucket(b -> b.bucket(settings.bucket()));
        } catch (S3Exception e) {
            client.close();
            String where = "the scene store " + settings.location() + (settings.endpoint() != null ? " at " + settings.endpoint() : "");
            throw new StartupRefusedException(switch (e.statusCode()) {
                case 403, 401 -> where + " refused this server's credentials (HTTP " + e.statusCode()
                        + "): check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, and that they may read and write the bucket";
                case 404 -> where + " has no bucket " + settings.bucket() + ": create it, or correct --scene-store";
                case 301, 400 -> where + " answered HTTP " + e.statusCode() + " for the bucket: check AWS_REGION (" + settings.region()
                        + ") and the endpoint (GREENCOVER_S3_ENDPOINT)";
                default -> where + " answered HTTP " + e.statusCode() + " for the bucket: " + oneLine(e);
            });
        } catch (SdkException e) {
            client.close();
            throw new StartupRefusedException("cannot reach the scene store " + settings.location()
                    + (settings.endpoint() != null ? " at " + settings.endpoint() : "") + ": " + oneLine(e)
                    + " (check GREENCOVER_S3_ENDPOINT / --s3-endpoint and the network)");
        }
        try {
            return new S3SceneFileStore(settings, client, localDir);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    private static S3Client client(S3Settings s) {
        AwsCredentialsProvider credentials = s.accessKeyId() != null
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(s.accessKeyId(), s.secretAccessKey()))
                : DefaultCredentialsProvider.builder().build();
        var b = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5)).socketTimeout(Duration.ofSeconds(60)))
                .region(Region.of(s.region()))
                .credentialsProvider(credentials)
                // S3-compatible servers differ in the newer default checksums: send and check them only where S3 requires them
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (s.endpoint() != null) b.endpointOverride(s.endpoint()).forcePathStyle(true);
        return b.build();
    }

    /** The first line of an SDK failure's message (they run on with request ids and hints). */
    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** The key, under the prefix, of the object naming the catalog that owns the prefix ({@link #claimOwner}). */
    public static final String OWNER_KEY = "catalog-id";

    /**
     * {@inheritDoc} Here: the object {@code prefix/catalog-id}, holding the id of the catalog that claimed the prefix
     * first. Two catalogs on one prefix would each take the other's scenes for leftovers and delete them.
     *
     * @throws StoreException when the object cannot be read (the bucket answered at start-up, so this may pass)
     */
    @Override
    public void checkOwner(Optional<String> catalogId) {
        Optional<String> owner = owner();
        if (owner.isEmpty() || (catalogId.isPresent() && owner.get().equals(catalogId.get()))) return;
        throw ownerRefusal(owner.get(), catalogId.orElse("a catalog without an id: new, or of a release before 0.2"));
    }

    /**
     * {@inheritDoc} Here: writes {@code prefix/catalog-id} when it is missing, only if it is still missing
     * ({@code If-None-Match: *}; a plain write where the service answers 501 to that), then reads it back: of two
     * catalogs claiming a new prefix at once, the one whose id is not stored is refused.
     */
    @Override
    public void claimOwner(String catalogId) {
        String key = settings.prefix() + OWNER_KEY;
        if (owner().isEmpty()) {
            try {
                try {
                    s3.putObject(p -> p.bucket(settings.bucket()).key(key).contentType("text/plain").ifNoneMatch("*"),
                            RequestBody.fromString(catalogId + "\n", java.nio.charset.StandardCharsets.US_ASCII));
                } catch (S3Exception e) {
                    if (e.statusCode() != 501) throw e;
                    // a service without conditional writes (501): a plain write; the read-back refuses the loser of a race
                    // unless both read before the second write landed
                    s3.putObject(p -> p.bucket(settings.bucket()).key(key).contentType("text/plain"),
                            RequestBody.fromString(catalogId + "\n", java.nio.charset.StandardCharsets.US_ASCII));
                }
                LOG.info("scene store {} claimed for catalog {}", settings.location(), catalogId);
            } catch (S3Exception e) {
                if (e.statusCode() != 412 && e.statusCode() != 409) {
                    throw new StoreException("cannot write " + key + " in " + settings.location() + ": " + oneLine(e), e);
                } // another server claimed it meanwhile: read below whose it is
            } catch (SdkException e) {
                throw new StoreException("cannot write " + key + " in " + settings.location() + ": " + oneLine(e), e);
            }
        }
        String owner = owner().orElseThrow(() -> new StoreException("the scene store " + settings.location() + " lost its "
                + OWNER_KEY + " object just after it was written", null));
        if (!owner.equals(catalogId)) throw ownerRefusal(owner, catalogId);
    }

    /** The catalog id stored in {@code prefix/catalog-id}, empty when there is none. */
    private Optional<String> owner() {
        String key = settings.prefix() + OWNER_KEY;
        try {
            byte[] b = s3.getObjectAsBytes(g -> g.bucket(settings.bucket()).key(key)).asByteArray();
            return Optional.of(new String(b, java.nio.charset.StandardCharsets.US_ASCII).trim());
        } catch (S3Exception e) {
            if (e.statusCode() == 404) return Optional.empty();
            throw new StoreException("cannot read " + key + " in " + settings.location() + ": " + oneLine(e), e);
        } catch (SdkException e) {
            throw new StoreException("cannot read " + key + " in " + settings.location() + ": " + oneLine(e), e);
        }
    }

    private StartupRefusedException ownerRefusal(String owner, String given) {
        return new StartupRefusedException("the scene store " + settings.location() + " belongs to catalog " + owner
                + ", not to the catalog given (" + given + "): start with the --jdbc-url of its own catalog, "
                + "or give each catalog a --scene-store prefix of its own");
    }

    /** Where this store keeps its objects ({@code s3://bucket/prefix}). */
    public String location() { return settings.location(); }

    @Override
    public Path newAssembly() {
        try {
            return Files.createTempDirectory(assemblies, "scene-");
        } catch (IOException e) {
            throw new StoreException("cannot create a temporary folder in " + assemblies, e);
        }
    }

    @Override
    public void copyInto(Path source, Path target) {
        try {
            Files.createDirectories(target.getParent());
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new StoreException("cannot copy " + source + " to " + target, e);
        }
    }

    /**
     * {@inheritDoc} Here: every file of the assembly is uploaded under the scene's key prefix (sources first, the
     * index rasters last); then the index rasters move into this server's cache and the rest of the assembly is
     * deleted. When an upload fails, the objects already written are removed (as far as the bucket lets) and a
     * {@link StoreException} says why; the assembly stays for the caller to {@link #discard}.
     */
    @Override
    public void publish(Path assembly, String sceneId) {
        String base = sceneKey(sceneId);
        List<Path> files;
        try (Stream<Path> s = Files.walk(assembly)) {
            files = s.filter(Files::isRegularFile)
                    .sorted(Comparator.comparing((Path p) -> assembly.relativize(p).getNameCount() == 1).thenComparing(Path::toString))
                    .toList();
        } catch (IOException e) {
            throw new StoreException("cannot list the assembly of scene " + sceneId, e);
        }
        List<String> written = new ArrayList<>();
        try {
            for (Path f : files) {
                String key = base + assembly.relativize(f).toString().replace('\\', '/');
                s3.putObject(p -> p.bucket(settings.bucket()).key(key).contentType("image/tiff"), RequestBody.fromFile(f));
                written.add(key);
            }
        } catch (SdkException e) {
            removeQuietly(written);
            throw new StoreException("cannot write scene " + sceneId + " to " + settings.location() + ": " + oneLine(e), e);
        }
        forget(sceneId);
        cache.dropScene(sceneId);
        generations.remove(sceneId);
        try {
            for (Path f : files) {
                Path rel = assembly.relativize(f);
                String name = rel.toString();
                if (rel.getNameCount() == 1 && name.endsWith(".tif")) {
                    String index = name.substring(0, name.length() - 4);
                    Path target = cache.path(sceneId, index);
                    Files.createDirectories(target.getParent());
                    Files.move(f, target, StandardCopyOption.REPLACE_EXISTING);
                    cache.admitted(sceneId, index);
                }
            }
        } catch (IOException e) { // the objects are written: the cache is only a copy, read again on demand
            LOG.warn("scene {}: cannot keep its rasters in the local cache ({}); they are read from the bucket", sceneId, e.getMessage());
            cache.dropScene(sceneId);
        }
        deleteTree(assembly);
    }

    @Override
    public void discard(Path assembly) { deleteTree(assembly); }

    @Override
    public boolean hasIndexRaster(String sceneId, String index) {
        if (cache.holds(sceneId, index)) return true;
        return exists(sceneKey(sceneId) + index + ".tif");
    }

    private boolean exists(String key) {
        try {
            s3.headObject(h -> h.bucket(settings.bucket()).key(key));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) return false;
            throw new StoreException("cannot read " + key + " in " + settings.location() + ": " + oneLine(e), e);
        } catch (SdkException e) {
            throw new StoreException("cannot read " + key + " in " + settings.location() + ": " + oneLine(e), e);
        }
    }

    /**
     * {@inheritDoc} Downloaded into the local cache on first use (once, however many readers ask at once).
     *
     * @throws StoreException when the bucket cannot be read now (503: it may pass), not a damage of the scene
     */
    @Override
    public IndexRaster indexRaster(Scene scene, String index) {
        String id = scene.id();
        String key = id + "/" + index;
        Instant g = generations.get(id);
        if (g != null && !g.equals(scene.createdAt())) { // another generation of this id: its files were replaced
            forget(id);
            cache.dropScene(id);
            generations.remove(id);
        }
        IndexRaster r = opened.get(key);
        if (r != null && cache.holds(id, index)) return r;
        synchronized (downloads.computeIfAbsent(key, k -> new Object())) {
            r = opened.get(key);
            if (r != null && cache.holds(id, index)) return r;
            Path file = cache.path(id, index);
            if (!cache.holds(id, index)) download(id, index, file);
            generations.putIfAbsent(id, scene.createdAt());
            IndexRaster fresh = IndexTiff.open(file);
            IndexRaster old = opened.put(key, fresh);
            if (old != null) old.close();
            seen.add(id + "/" + scene.createdAt());
            return fresh;
        }
    }

    /** Downloads {@code id}'s raster into {@code file} (through a temporary name) and admits it to the cache. */
    private void download(String id, String index, Path file) {
        String key = sceneKey(id) + index + ".tif";
        Path part = null;
        try {
            Files.createDirectories(file.getParent());
            part = Files.createTempFile(cache.root(), ".download-", ".tif");
            Files.delete(part); // the SDK writes a new file
            s3.getObject(g -> g.bucket(settings.bucket()).key(key), ResponseTransformer.toFile(part));
            try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            part = null;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) throw new NoSuchElementException("scene " + id + " has no stored " + index + " raster");
            throw new StoreException("cannot read " + key + " from " + settings.location() + ": " + oneLine(e), e);
        } catch (SdkException e) {
            throw new StoreException("cannot read " + key + " from " + settings.location() + ": " + oneLine(e), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep " + key + " in the local cache: " + e.getMessage(), e);
        } finally {
            if (part != null) {
                try {
                    Files.deleteIfExists(part);
                } catch (IOException ignored) {
                    // a stray download file; the cache folder is emptied at the next start
                }
            }
        }
        cache.admitted(id, index);
    }

    /**
     * {@inheritDoc} Here: an index object missing from the bucket (each object is whole or absent: S3 writes are
     * atomic, so there is no truncation to find; a cached copy is checked against its header when opened). The quick
     * check asks the bucket once per scene generation; a bucket that does not answer damages nothing (the check says
     * nothing then, and logs it).
     */
    @Override
    public Optional<String> damageOf(Scene scene, boolean thorough) {
        String gen = scene.id() + "/" + scene.createdAt();
        if (!thorough && seen.contains(gen)) return Optional.empty();
        try {
            for (String index : scene.indices()) {
                if (cache.holds(scene.id(), index)) continue;
                if (!exists(sceneKey(scene.id()) + index + ".tif")) return Optional.of(index + ".tif is missing from " + settings.location());
            }
        } catch (StoreException e) {
            LOG.warn("cannot check the objects of scene {}: {}", scene.id(), e.getMessage());
            return Optional.empty();
        }
        seen.add(gen);
        return Optional.empty();
    }

    @Override
    public void forget(String sceneId) {
        seen.removeIf(k -> k.startsWith(sceneId + "/"));
        opened.entrySet().removeIf(e -> {
            if (e.getKey().startsWith(sceneId + "/")) {
                e.getValue().close();
                return true;
            }
            return false;
        });
    }

    @Override
    public SceneFile indexFile(String sceneId, String index) {
        Path p = cache.path(sceneId, index);
        if (!cache.holds(sceneId, index)) {
            synchronized (downloads.computeIfAbsent(sceneId + "/" + index, k -> new Object())) {
                if (!cache.holds(sceneId, index)) download(sceneId, index, p);
            }
        }
        return SceneFile.of(p, "the cached ");
    }

    /**
     * {@inheritDoc} Here: the scene's objects, then its cached files.
     *
     * @throws StoreException when the bucket refuses (the service's tombstone stays, and the deletion is finished
     *         at the next start)
     */
    @Override
    public void delete(String sceneId) {
        forget(sceneId);
        generations.remove(sceneId);
        try {
            removeAll(objects(sceneKey(sceneId)).stream().map(S3Object::key).toList());
        } catch (SdkException e) {
            throw new StoreException("cannot delete scene " + sceneId + " from " + settings.location() + ": " + oneLine(e), e);
        }
        cache.dropScene(sceneId);
    }

    /**
     * The least age of a bucket's leftover before it is deleted, whatever the catalog says: unlike a data directory, a
     * bucket cannot be locked by one process, so even an embedded catalog (which passes zero) may share it with a
     * server that is between upload and commit.
     */
    public static final Duration MIN_BUCKET_LEFTOVER_AGE = Duration.ofHours(1);

    /**
     * {@inheritDoc} Objects in the bucket are deleted only once at least {@link #MIN_BUCKET_LEFTOVER_AGE} old (or
     * {@code minAge}, if longer); this server's own local assemblies once {@code minAge} old.
     */
    @Override
    public int removeOrphans(Set<String> known, Duration minAge) {
        Instant cutoff = Instant.now().minus(minAge);
        Instant bucketCutoff = Instant.now().minus(minAge.compareTo(MIN_BUCKET_LEFTOVER_AGE) < 0 ? MIN_BUCKET_LEFTOVER_AGE : minAge);
        int n = 0;
        try {
            for (String id : sceneIds()) {
                if (known.contains(id)) continue;
                List<S3Object> objs = objects(sceneKey(id));
                Instant newest = objs.stream().map(S3Object::lastModified).max(Comparator.naturalOrder()).orElse(Instant.EPOCH);
                if (newest.isAfter(bucketCutoff)) continue; // maybe another server's ingest, about to commit
                removeAll(objs.stream().map(S3Object::key).toList());
                n++;
            }
        } catch (SdkException e) {
            throw new StoreException("cannot list " + settings.location() + ": " + oneLine(e), e);
        }
        try (Stream<Path> s = Files.list(assemblies)) { // this server's own interrupted assemblies
            for (Path p : (Iterable<Path>) s::iterator) {
                if (minAge.isZero() || Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
                    deleteTree(p);
                    n++;
                }
            }
        } catch (IOException e) {
            throw new StoreException("cannot list " + assemblies, e);
        }
        return n;
    }

    /** The ids that have objects under {@code scenes/}. */
    private List<String> sceneIds() {
        List<String> ids = new ArrayList<>();
        for (var page : s3.listObjectsV2Paginator(l -> l.bucket(settings.bucket()).prefix(scenes).delimiter("/"))) {
            for (CommonPrefix p : page.commonPrefixes()) {
                String id = p.prefix().substring(scenes.length());
                ids.add(id.endsWith("/") ? id.substring(0, id.length() - 1) : id);
            }
        }
        return ids;
    }

    private List<S3Object> objects(String prefix) {
        List<S3Object> out = new ArrayList<>();
        for (var page : s3.listObjectsV2Paginator(l -> l.bucket(settings.bucket()).prefix(prefix))) out.addAll(page.contents());
        return out;
    }

    private void removeAll(List<String> keys) {
        for (int i = 0; i < keys.size(); i += 1000) {
            List<ObjectIdentifier> ids = keys.subList(i, Math.min(keys.size(), i + 1000)).stream()
                    .map(k -> ObjectIdentifier.builder().key(k).build()).toList();
            var answer = s3.deleteObjects(d -> d.bucket(settings.bucket()).delete(Delete.builder().objects(ids).quiet(true).build()));
            if (answer.hasErrors() && !answer.errors().isEmpty()) {
                throw new StoreException("cannot delete " + answer.errors().get(0).key() + " from " + settings.location() + ": "
                        + answer.errors().get(0).message(), null);
            }
        }
    }

    private void removeQuietly(List<String> keys) {
        if (keys.isEmpty()) return;
        try {
            removeAll(keys);
        } catch (RuntimeException e) {
            LOG.warn("cannot remove the {} objects of a failed upload ({}); they are removed as leftovers later", keys.size(), e.getMessage());
        }
    }

    private String sceneKey(String sceneId) {
        if (!sceneId.matches("[A-Za-z0-9._\\-]+") || sceneId.startsWith(".")) throw new IllegalArgumentException("not a scene id: '" + sceneId + "'");
        return scenes + sceneId + "/";
    }

    /** The bytes of index rasters in this server's cache now. */
    public long cachedBytes() { return cache.bytes(); }

    @Override
    public void close() {
        opened.values().forEach(IndexRaster::close);
        opened.clear();
        s3.close();
    }

    static void deleteTree(Path p) {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(q);
        } catch (IOException e) {
            throw new StoreException("cannot delete " + p, e);
        }
    }
}
