package greencover.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import greencover.core.raster.RasterGrid;
import greencover.domain.DuplicateKeyException;
import greencover.domain.Scene;
import greencover.domain.SceneDamage;
import greencover.domain.SceneState;
import greencover.domain.Site;
import greencover.domain.SummaryRow;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKTReader;

/**
 * The contract every catalog implementation keeps (memory, H2, PostgreSQL): round trips of every field, the
 * scene order that defines "earlier scenes of the same date", literal hash prefixes, cascading deletes, duplicate
 * keys refused, units of work that commit or roll back as a whole, and the catalog version bumped once per
 * committed unit of work that wrote. Subclasses say how to open a fresh, empty store.
 */
public abstract class StoreContractTest {
    @TempDir protected Path dir;
    protected Store store;

    /** A fresh, empty store with its files under {@code dir}. */
    protected abstract Store open(Path dir) throws Exception;

    @BeforeEach
    void openStore() throws Exception { store = open(dir); }

    @AfterEach
    void closeStore() { if (store != null) store.close(); }

    // ---- fixtures ----------------------------------------------------------------------------------

    protected static Geometry wkt(String s) {
        try {
            return new WKTReader().read(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Instants with whole microseconds: both databases keep microseconds. */
    protected static Instant at(String iso) { return Instant.parse(iso); }

    protected static Site site(String id) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("owner", "Zijin");
        props.put("hectares", 12.5);
        props.put("tags", List.of("dump", "north"));
        return new Site(id, "Site " + id, wkt("POLYGON ((118.1 24.1, 118.2 24.1, 118.2 24.2, 118.1 24.2, 118.1 24.1))"),
                "{\"type\":\"Polygon\"}", 1234.5, 0.3, 0.05, 0.85, props, at("2024-01-02T03:04:05.123456Z"));
    }

    protected static Scene scene(String id, String date, String created, String hash) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("processingBaseline", "05.09");
        settings.put("baselineRule", "name");
        settings.put("offsetDn", "-1000");
        return new Scene(id, "name of " + id, "sentinel2-l2a", at(date + "T03:00:00Z"), LocalDate.parse(date), 32650,
                new RasterGrid(4, 3, 500000, 2800000, 10, 10),
                wkt("POLYGON ((118 24, 118.001 24, 118.001 24.001, 118 24.001, 118 24))"), hash, settings,
                List.of("red", "nir", "mask"), List.of("ndvi", "savi"), 0.75, 0.125, at(created));
    }

    protected static SummaryRow row(String site, String scene, String index, int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) b[i] = (byte) bytes[i];
        return new SummaryRow(site, scene, index, b);
    }

    // ---- sites -------------------------------------------------------------------------------------

    @Test
    void aLeaseIsTakenOnlyWhenFreeExpiredOrAlreadyOwnAndRenewedOnlyByItsOwner() {
        ImportRepository r = store.imports();
        Instant t0 = at("2026-01-01T00:00:00Z");
        assertThat(r.takeLease("import:x", "A", t0, t0.plusSeconds(10))).as("free").isTrue();
        assertThat(r.takeLease("import:x", "B", t0.plusSeconds(5), t0.plusSeconds(15))).as("A's, alive").isFalse();
        assertThat(r.takeLease("import:x", "A", t0.plusSeconds(5), t0.plusSeconds(20))).as("A's own").isTrue();
        assertThat(r.renewLease("import:x", "B", t0.plusSeconds(30))).isFalse();
        assertThat(r.takeLease("import:x", "B", t0.plusSeconds(19), t0.plusSeconds(30))).as("alive until 20").isFalse();
        assertThat(r.takeLease("import:x", "B", t0.plusSeconds(20), t0.plusSeconds(30))).as("expired at 20").isTrue();
        assertThat(r.renewLease("import:x", "A", t0.plusSeconds(40))).as("taken over").isFalse();
        r.releaseLease("import:x", "A"); // not A's any more: nothing
        assertThat(r.takeLease("import:x", "C", t0.plusSeconds(25), t0.plusSeconds(35))).isFalse();
        assertThat(r.renewLease("import:x", "B", t0.plusSeconds(50))).isTrue();
        assertThat(r.takeLease("import:x", "C", t0.plusSeconds(45), t0.plusSeconds(55))).as("renewed to 50").isFalse();
        r.releaseLease("import:x", "B");
        assertThat(r.takeLease("import:x", "C", t0.plusSeconds(45), t0.plusSeconds(55))).as("released").isTrue();
        assertThat(r.takeLease("watch:y", "A", t0, t0.plusSeconds(10))).as("another name, another lease").isTrue();
    }

    @Test
    void aSiteComesBackWithEveryField() {
        Site s = site("north-dump");
        store.sites().insert(s);
        Site back = store.sites().byId("north-dump").orElseThrow();
        assertThat(back).isEqualTo(s);
        assertThat(back.wgs84().equalsExact(s.wgs84())).isTrue();
        assertThat(back.properties()).containsEntry("tags", List.of("dump", "north")).containsEntry("hectares", 12.5);
        assertThat(store.sites().byId("nope")).isEmpty();
    }

    @Test
    void aSitesPermanentWaterAndMaskBufferComeBack() {
        Site plain = site("plain");
        Site s = new Site("pond", plain.name(), plain.wgs84(), plain.geometryAsGiven(), plain.areaM2(), plain.greenThreshold(),
                plain.ndviSoil(), plain.ndviVeg(), plain.properties(), plain.createdAt(),
                wkt("MULTIPOLYGON (((118.1 24.1, 118.15 24.1, 118.15 24.2, 118.1 24.2, 118.1 24.1)))"), 60.0);
        store.sites().insert(s);
        store.sites().insert(plain);
        Site back = store.sites().byId("pond").orElseThrow();
        assertThat(back.permanentWaterWgs84().equalsExact(s.permanentWaterWgs84())).isTrue();
        assertThat(back.maskBufferM()).isEqualTo(60.0);
        Site none = store.sites().byId("plain").orElseThrow();
        assertThat(none.permanentWaterWgs84()).isNull();
        assertThat(none.maskBufferM()).isNull();
    }

    @Test
    void aSitesReferenceAndTargetComeBack() {
        Site plain = site("plain");
        Site s = new Site("with-goals", plain.name(), plain.wgs84(), plain.geometryAsGiven(), plain.areaM2(), plain.greenThreshold(),
                plain.ndviSoil(), plain.ndviVeg(), plain.properties(), plain.createdAt(),
                new greencover.domain.SiteGoals("plain", greencover.domain.SiteGoals.GREEN_FRACTION, 0.9));
        Site mean = new Site("mean-goal", plain.name(), plain.wgs84(), plain.geometryAsGiven(), plain.areaM2(), plain.greenThreshold(),
                plain.ndviSoil(), plain.ndviVeg(), plain.properties(), plain.createdAt(),
                new greencover.domain.SiteGoals(null, greencover.domain.SiteGoals.MEAN, -0.25));
        store.sites().insert(plain);
        store.sites().insert(s);
        store.sites().insert(mean);
        assertThat(store.sites().byId("with-goals").orElseThrow().goals()).isEqualTo(s.goals());
        assertThat(store.sites().byId("mean-goal").orElseThrow().goals()).isEqualTo(mean.goals());
        assertThat(store.sites().byId("plain").orElseThrow().goals()).isEqualTo(greencover.domain.SiteGoals.NONE);
        assertThat(store.sites().updateGoals("plain", s.goals())).isTrue();
        assertThat(store.sites().byId("plain").orElseThrow().goals()).isEqualTo(s.goals());
        assertThat(store.sites().byId("plain").orElseThrow().properties()).isEqualTo(plain.properties());
        assertThat(store.sites().updateGoals("with-goals", greencover.domain.SiteGoals.NONE)).isTrue();
        assertThat(store.sites().byId("with-goals").orElseThrow().goals()).isEqualTo(greencover.domain.SiteGoals.NONE);
        assertThat(store.sites().updateGoals("nope", s.goals())).isFalse();
    }

    @Test
    void sitesAreListedById() {
        for (String id : List.of("c", "a", "b")) store.sites().insert(site(id));
        assertThat(store.sites().all()).extracting(Site::id).containsExactly("a", "b", "c");
    }

    @Test
    void aSecondSiteWithTheSameIdIsRefused() {
        store.sites().insert(site("a"));
        assertThatThrownBy(() -> store.sites().insert(site("a"))).isInstanceOf(DuplicateKeyException.class);
        assertThat(store.sites().all()).hasSize(1);
    }

    @Test
    void deletingASiteDeletesItsSummariesOnly() {
        store.sites().insert(site("a"));
        store.sites().insert(site("b"));
        store.scenes().insert(scene("s1", "2024-05-01", "2024-05-02T00:00:00Z", "h1/x"));
        store.summaries().putAll(List.of(row("a", "s1", "ndvi", 1), row("b", "s1", "ndvi", 2)));
        assertThat(store.sites().delete("a")).isTrue();
        assertThat(store.sites().delete("a")).isFalse();
        assertThat(store.summaries().of("a", "ndvi")).isEmpty();
        assertThat(store.summaries().ofScene("s1", "ndvi")).extracting(SummaryRow::siteId).containsExactly("b");
    }

    // ---- scenes ------------------------------------------------------------------------------------

    @Test
    void aSceneComesBackWithEveryFieldIncludingItsSensorSettingsInOrder() {
        Scene s = scene("s1", "2024-05-01", "2024-05-02T10:11:12.654321Z", "abc/def");
        store.scenes().insert(s);
        Scene back = store.scenes().byId("s1").orElseThrow();
        assertThat(back).isEqualTo(s);
        assertThat(back.sensorSettings().keySet()).containsExactly("processingBaseline", "baselineRule", "offsetDn");
        assertThat(back.grid()).isEqualTo(new RasterGrid(4, 3, 500000, 2800000, 10, 10));
        assertThat(store.scenes().byContentHash("abc/def")).contains(s);
        assertThat(store.scenes().byContentHash("abc/")).isEmpty();
    }

    @Test
    void aSceneWithoutSensorSettingsKeepsAnEmptyMap() {
        Scene s = scene("s1", "2024-05-01", "2024-05-02T00:00:00Z", "h/1");
        Scene bare = new Scene(s.id(), s.name(), "landsat-c2l2", s.acquiredAt(), s.date(), s.epsg(), s.grid(), s.footprintWgs84(),
                s.contentHash(), Map.of(), List.of("red", "nir"), List.of("ndvi"), 1.0, 0.0, s.createdAt());
        store.scenes().insert(bare);
        assertThat(store.scenes().byId("s1").orElseThrow().sensorSettings()).isEmpty();
    }

    @Test
    void scenesAreOrderedByDateThenCreationThenIdAndFilteredByInclusiveDates() {
        store.scenes().insert(scene("z", "2024-05-02", "2024-06-01T00:00:00Z", "h/z"));
        store.scenes().insert(scene("b", "2024-05-01", "2024-06-02T00:00:00Z", "h/b"));
        store.scenes().insert(scene("c", "2024-05-01", "2024-06-01T00:00:00Z", "h/c"));
        store.scenes().insert(scene("a", "2024-05-01", "2024-06-01T00:00:00Z", "h/a"));
        store.scenes().insert(scene("y", "2024-04-30", "2024-06-09T00:00:00Z", "h/y"));
        assertThat(store.scenes().all()).extracting(Scene::id).containsExactly("y", "a", "c", "b", "z");
        LocalDate may1 = LocalDate.parse("2024-05-01"), may2 = LocalDate.parse("2024-05-02");
        assertThat(store.scenes().between(may1, may1)).extracting(Scene::id).containsExactly("a", "c", "b");
        assertThat(store.scenes().between(may1, null)).extracting(Scene::id).containsExactly("a", "c", "b", "z");
        assertThat(store.scenes().between(null, may1)).extracting(Scene::id).containsExactly("y", "a", "c", "b");
        assertThat(store.scenes().between(may2.plusDays(1), null)).isEmpty();
    }

    @Test
    void aHashPrefixIsTakenLiterallyNotAsAPattern() {
        store.scenes().insert(scene("s1", "2024-05-01", "2024-05-02T00:00:00Z", "ab_1/x"));
        store.scenes().insert(scene("s2", "2024-05-01", "2024-05-03T00:00:00Z", "abc1/x"));
        store.scenes().insert(scene("s3", "2024-05-01", "2024-05-04T00:00:00Z", "ab%1/y"));
        assertThat(store.scenes().byContentHashPrefix("ab_")).extracting(Scene::id).containsExactly("s1");
        assertThat(store.scenes().byContentHashPrefix("ab%")).extracting(Scene::id).containsExactly("s3");
        assertThat(store.scenes().byContentHashPrefix("ab")).extracting(Scene::id).containsExactly("s1", "s2", "s3");
        assertThat(store.scenes().byContentHashPrefix("abd")).isEmpty();
    }

    @Test
    void aSecondSceneWithTheSameIdOrContentHashIsRefused() {
        store.scenes().insert(scene("s1", "2024-05-01", "2024-05-02T00:00:00Z", "h/1"));
        assertThatThrownBy(() -> store.scenes().insert(scene("s1", "2024-05-01", "2024-05-02T00:00:00Z", "h/2")))
                .isInstanceOf(DuplicateKeyException.class);
        assertThatThrownBy(() -> store.scenes().insert(scene("s2", "2024-05-01", "2024-05-02T00:00:00Z", "h/1")))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(store.scenes().all()).extracting(Scene::id).containsExactly("s1");
    }

    @Test
    void deletingASceneDeletesItsSummaries() {
        store.sites().insert(site("a"));
        store.scenes().insert(scene("s1", "2024-05-01", "2024-05-02T00:00:00Z", "h/1"));
        store.scenes().insert(scene("s2", "2024-05-01", "2024-05-03T00:00:00Z", "h/2"));
        store.summaries().putAll(List.of(row("a", "s1", "ndvi", 1), row("a", "s2", "ndvi", 2), row("a", "s1", "savi", 3)));
        assertThat(store.scenes().delete("s1")).isTrue();
        assertThat(store.scenes().delete("s1")).isFalse();
        assertThat(store.scenes().byId("s1")).isEmpty();
        assertThat(store.summaries().of("a", "ndvi")).extracting(SummaryRow::sceneId).containsExactly("s2");
        assertThat(store.summaries().of("a", "savi")).isEmpty();
    }

    @Test
    void aSceneMarkedDeletingIsInvisibleToEveryReadUntilItsRowIsDeleted() {
        store.sites().insert(site("a"));
        store.scenes().insert(scene("s1", "2024-05-01", "2024-05-02T00:00:00Z", "h/1"));
        store.scenes().insert(scene("s2", "2024-05-01", "2024-05-03T00:00:00Z", "h/2"));
        store.summaries().putAll(List.of(row("a", "s1", "ndvi", 1), row("a", "s2", "ndvi", 2)));
        long before = store.version().current();
        assertThat(store.scenes().markDeleting("s1")).isTrue();
        assertThat(store.version().current()).isGreaterThan(before); // caches keyed on the version stop serving s1
        assertThat(store.scenes().all()).extracting(Scene::id).containsExactly("s2");
        assertThat(store.scenes().between(LocalDate.parse("2024-05-01"), LocalDate.parse("2024-05-01"))).extracting(Scene::id)
                .containsExactly("s2");
        assertThat(store.scenes().byId("s1")).isEmpty();
        assertThat(store.scenes().byContentHash("h/1")).isEmpty();
        assertThat(store.scenes().byContentHashPrefix("h/")).extracting(Scene::id).containsExactly("s2");
        assertThat(store.summaries().of("a", "ndvi")).extracting(SummaryRow::sceneId).containsExactly("s2");
        assertThat(store.scenes().deleting()).containsExactly("s1");
        assertThat(store.scenes().markDeleting("s1")).isFalse();
        assertThatThrownBy(() -> store.scenes().insert(scene("s1", "2024-05-01", "2024-05-04T00:00:00Z", "h/3")))
                .isInstanceOf(DuplicateKeyException.class); // the tombstone still holds its id until the row is deleted
        assertThat(store.scenes().delete("s1")).isTrue();
        assertThat(store.scenes().deleting()).isEmpty();
        assertThat(store.scenes().all()).extracting(Scene::id).containsExactly("s2");
    }

    @Test
    void aSceneMarkedDamagedIsListedWithItsDamageAndLeftOutOfTheActiveReads() {
        store.sites().insert(site("a"));
        Scene s1 = scene("s1", "2024-05-01", "2024-05-02T00:00:00Z", "h/1");
        store.scenes().insert(s1);
        store.scenes().insert(scene("s2", "2024-05-01", "2024-05-03T00:00:00Z", "h/2"));
        store.summaries().putAll(List.of(row("a", "s1", "ndvi", 1), row("a", "s2", "ndvi", 2)));
        SceneDamage damage = new SceneDamage("ndvi.tif is missing", at("2024-06-01T10:11:12.123456Z"));
        assertThat(store.scenes().markDamaged("s1", at("2024-05-02T00:00:01Z"), damage)).isFalse(); // another generation
        long before = store.version().current();
        assertThat(store.scenes().markDamaged("s1", s1.createdAt(), damage)).isTrue();
        assertThat(store.version().current()).isGreaterThan(before);
        assertThat(store.scenes().markDamaged("s1", s1.createdAt(), damage)).isFalse(); // once
        assertThat(store.scenes().all()).extracting(Scene::id).containsExactly("s2");
        assertThat(store.scenes().byId("s1")).isEmpty();
        assertThat(store.scenes().byContentHash("h/1")).isEmpty();
        assertThat(store.scenes().damaged()).singleElement().satisfies(d -> {
            assertThat(d.damage()).isEqualTo(damage);
            assertThat(d.withDamage(null)).isEqualTo(s1);
        });
        assertThat(store.scenes().stateOf("s1")).contains(SceneState.DAMAGED);
        assertThat(store.scenes().stateOf("s2")).contains(SceneState.ACTIVE);
        assertThat(store.scenes().stateOf("nope")).isEmpty();
        assertThat(store.summaries().of("a", "ndvi")).extracting(SummaryRow::sceneId).containsExactlyInAnyOrder("s1", "s2"); // kept, unread
        assertThatThrownBy(() -> store.scenes().insert(scene("s1", "2024-05-01", "2024-05-04T00:00:00Z", "h/3")))
                .isInstanceOf(DuplicateKeyException.class);

        assertThat(store.scenes().markDeleting("s1")).isTrue(); // a damaged scene is deleted as an active one
        assertThat(store.scenes().damaged()).isEmpty();
        assertThat(store.scenes().stateOf("s1")).contains(SceneState.DELETING);
        assertThat(store.summaries().of("a", "ndvi")).extracting(SummaryRow::sceneId).containsExactly("s2");
        assertThat(store.scenes().delete("s1")).isTrue();
        assertThat(store.scenes().stateOf("s1")).isEmpty();
    }

    @Test
    void aWidenedFootprintIsReadBackForItsGenerationOnlyAndTheGridIsKept() {
        Scene s1 = scene("s1", "2024-05-01", "2024-05-02T00:00:00Z", "h/1");
        store.scenes().insert(s1);
        Geometry wider = wkt("MULTIPOLYGON (((118 24, 118.001 24, 118.001 24.001, 118 24.001, 118 24)), "
                + "((118.01 24.01, 118.02 24.01, 118.02 24.02, 118.01 24.02, 118.01 24.01)))");
        assertThat(store.scenes().widenFootprint("s1", at("2024-05-02T00:00:01Z"), wider)).isFalse(); // another generation
        assertThat(store.scenes().widenFootprint("nope", s1.createdAt(), wider)).isFalse();
        assertThat(store.scenes().widenFootprint("s1", s1.createdAt(), wider)).isTrue();
        Scene back = store.scenes().byId("s1").orElseThrow();
        assertThat(back.footprintWgs84().equalsExact(wider, 1e-12)).as(back.footprintWgs84().toText()).isTrue();
        assertThat(back.grid()).isEqualTo(s1.grid());
        assertThat(back.withFootprint(s1.footprintWgs84())).isEqualTo(s1);
    }

    // ---- summaries ---------------------------------------------------------------------------------

    @Test
    void aSummaryIsReplacedByTheNextPutOfTheSameKeyAndSelectedBySiteSceneAndIndex() {
        store.summaries().put(row("a", "s1", "ndvi", 1, 2, 3));
        store.summaries().put(row("a", "s1", "ndvi", 9, 8));
        store.summaries().putAll(List.of(row("a", "s2", "ndvi", 5), row("b", "s1", "ndvi", 6), row("a", "s1", "savi", 7)));
        List<SummaryRow> a = store.summaries().of("a", "ndvi");
        assertThat(a).extracting(SummaryRow::sceneId).containsExactlyInAnyOrder("s1", "s2");
        assertThat(a.stream().filter(r -> r.sceneId().equals("s1")).findFirst().orElseThrow().summary()).containsExactly(9, 8);
        assertThat(store.summaries().ofScene("s1", "ndvi")).extracting(SummaryRow::siteId).containsExactlyInAnyOrder("a", "b");
        assertThat(store.summaries().ofScene("s1", "savi")).extracting(r -> r.summary()[0]).containsExactly((byte) 7);
        assertThat(store.summaries().of("c", "ndvi")).isEmpty();
    }

    // ---- units of work and the version -------------------------------------------------------------

    @Test
    void aUnitOfWorkThatThrowsLeavesNothingAndKeepsTheVersion() {
        long v0 = store.version().current();
        RuntimeException boom = new IllegalStateException("boom");
        assertThatThrownBy(() -> store.transactions().run(() -> {
            store.sites().insert(site("a"));
            store.scenes().insert(scene("s1", "2024-05-01", "2024-05-02T00:00:00Z", "h/1"));
            store.summaries().put(row("a", "s1", "ndvi", 1));
            assertThat(store.sites().byId("a")).isPresent(); // the unit sees its own writes
            throw boom;
        })).isSameAs(boom);
        assertThat(store.sites().all()).isEmpty();
        assertThat(store.scenes().all()).isEmpty();
        assertThat(store.summaries().of("a", "ndvi")).isEmpty();
        assertThat(store.version().current()).isEqualTo(v0);
    }

    @Test
    void aRefusedWriteRollsBackTheWholeUnit() {
        store.sites().insert(site("a"));
        assertThatThrownBy(() -> store.transactions().run(() -> {
            store.sites().insert(site("b"));
            store.sites().insert(site("a"));
        })).isInstanceOf(DuplicateKeyException.class);
        assertThat(store.sites().all()).extracting(Site::id).containsExactly("a");
    }

    @Test
    void theVersionGoesUpOncePerCommittedUnitThatWroteAndNotForReads() {
        long v0 = store.version().current();
        store.transactions().run(() -> {
            store.sites().insert(site("a"));
            store.sites().insert(site("b"));
            store.summaries().put(row("a", "s1", "ndvi", 1));
        });
        assertThat(store.version().current()).isEqualTo(v0 + 1);
        store.sites().insert(site("c")); // a write outside a unit is its own unit
        assertThat(store.version().current()).isEqualTo(v0 + 2);
        Optional<Site> read = store.transactions().inTransaction(() -> store.sites().byId("a"));
        assertThat(read).isPresent();
        assertThat(store.version().current()).isEqualTo(v0 + 2);
    }

    @Test
    void anotherThreadDoesNotSeeUncommittedWrites() throws Exception {
        store.transactions().run(() -> {
            store.sites().insert(site("a"));
            Optional<Site> seenElsewhere = CompletableFuture.supplyAsync(() -> store.sites().byId("a")).join();
            assertThat(seenElsewhere).isEmpty();
        });
        assertThat(CompletableFuture.supplyAsync(() -> store.sites().byId("a")).join()).isPresent();
    }

    @Test
    void aNewCatalogVersionStartsFromTheClockSoETagsOfAWipedCatalogDoNotRepeat() {
        long before = System.currentTimeMillis() << 8;
        assertThat(store.version().current()).isGreaterThan(before - (60_000L << 8)).isLessThanOrEqualTo(before + (60_000L << 8));
    }

    @Test
    void importsAndWatchesAreKeptWholeReplacedByIdAndListedNewestFirstWithoutBumpingTheVersion() {
        var spec = new greencover.domain.StacImport.Spec("https://api.example/v1", List.of("sentinel-2-l2a"), List.of("a"), null,
                "2023-01-01T00:00:00Z/..", 30.0, null, 100);
        var bboxSpec = new greencover.domain.StacImport.Spec("https://api.example/v1", List.of("c1", "c2"), null, List.of(116.0, 25.0, 117.0, 26.0),
                null, null, "earth-search-sentinel-2-l2a", 10);
        var first = new greencover.domain.StacImport("imp-1", spec, "queued", greencover.domain.StacImport.Counts.NONE, 0, List.of(),
                at("2026-01-01T00:00:00Z"), null, null, null);
        var second = new greencover.domain.StacImport("imp-2", bboxSpec, "queued", greencover.domain.StacImport.Counts.NONE, 0, List.of(),
                at("2026-01-02T00:00:00Z"), null, null, "a");
        long v = store.version().current();
        store.imports().save(first);
        store.imports().save(second);
        var done = first.with("done", new greencover.domain.StacImport.Counts(4, 2, 0, 1, 1), 12345, List.of(
                new greencover.domain.StacImport.ItemError("item-d", "not found"), new greencover.domain.StacImport.ItemError(null, "a loop")),
                at("2026-01-01T00:00:01Z"), at("2026-01-01T00:00:09Z"));
        store.imports().save(done);
        assertThat(store.imports().find("imp-1")).contains(done);
        assertThat(store.imports().find("imp-2")).contains(second);
        assertThat(store.imports().find("imp-3")).isEmpty();
        assertThat(store.imports().all()).extracting(greencover.domain.StacImport::id).containsExactly("imp-2", "imp-1");
        assertThat(store.version().current()).isEqualTo(v);

        var w = new greencover.domain.SiteWatch("a", "https://api.example/v1", List.of("sentinel-2-l2a"), 20.0, java.time.Duration.ofHours(6),
                "2023-01-01T00:00:00Z", null, at("2026-01-01T00:00:00Z"), null, null);
        store.imports().saveWatch(w);
        var polled = w.polled(at("2026-01-01T06:00:00Z"), "imp-2");
        store.imports().saveWatch(polled);
        assertThat(store.imports().watch("a")).contains(polled);
        assertThat(store.imports().watches()).containsExactly(polled);
        assertThat(store.imports().deleteWatch("a")).isTrue();
        assertThat(store.imports().deleteWatch("a")).isFalse();
        assertThat(store.imports().watch("a")).isEmpty();
    }

    @Test
    void theItemsAnImportIsDoneWithAreKeptInOrderWithItsProgressWithoutBumpingTheVersion() {
        var spec = new greencover.domain.StacImport.Spec("https://api.example/v1", List.of("sentinel-2-l2a"), List.of("a"), null, null, null, null, 100);
        var i = new greencover.domain.StacImport("imp-9", spec, "running", new greencover.domain.StacImport.Counts(3, 0, 0, 0, 0), 0, List.of(),
                at("2026-01-01T00:00:00Z"), at("2026-01-01T00:00:01Z"), null, null);
        store.imports().save(i);
        long v = store.version().current();
        var one = new greencover.domain.StacImport.Done("sentinel-2-l2a/A", "ingested", 1000);
        var two = new greencover.domain.StacImport.Done("sentinel-2-l2a/B", "skipped", 0);
        var three = new greencover.domain.StacImport.Done("sentinel-2-l2a/A", "skipped", 0); // an item the catalog returned twice
        var after1 = i.with("running", new greencover.domain.StacImport.Counts(3, 1, 0, 0, 0), 1000, List.of(), i.startedAt(), null);
        store.imports().saveProgress(after1, one);
        store.imports().saveProgress(i.with("running", new greencover.domain.StacImport.Counts(3, 1, 0, 1, 0), 1000, List.of(), i.startedAt(), null), two);
        var after3 = i.with("running", new greencover.domain.StacImport.Counts(3, 1, 0, 2, 0), 1000, List.of(), i.startedAt(), null);
        store.imports().saveProgress(after3, three);
        assertThat(store.imports().done("imp-9")).containsExactly(one, two, three);
        assertThat(store.imports().find("imp-9")).contains(after3);
        assertThat(store.imports().done("imp-0")).isEmpty();
        assertThat(store.version().current()).isEqualTo(v);
    }
}
