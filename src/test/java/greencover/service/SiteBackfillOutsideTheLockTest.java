package greencover.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import greencover.domain.Scene;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A site's backfill does not hold the write lock while it computes: an ingest started while the backfill is in the
 * middle of its scenes commits before the site does (the order is observed, not timed), and the site's summaries
 * still follow the same-date rule over the scene that arrived meanwhile.
 *
 * <pre>
 *   x (m, EPSG:32650)   500000   500020   500040   500060
 *   scene A (green)       |-----------------|               2020-05-01, stored first
 *   scene C (bare)                 |--|--------------|      2020-05-01, ingested during the backfill; west column no data
 *   scene B (green)       |-----------------|               2020-06-01
 *   site                  |--------------------------|      rows 2799960..2800000 (40 m)
 * </pre>
 * On 2020-05-01 every pixel comes from the scene that observed it (the same-date merge): where both did, from the
 * clearer over the site, A (1600 m² valid against C's 1200 m²). So A accounts for the site's left 40 m (1600 m², NDVI
 * 0.8) and C only for what A does not cover: the right 20 m (800 m², NDVI 0.1). The date's mean is (1600 × 0.8 + 800 × 0.1) / 2400 = 0.5667 with
 * the whole site valid (valid fraction 1: no ground counted twice); 2020-06-01 covers 1600 of the 2400 m² (valid
 * fraction 2/3), mean 0.8. (Areas in m² are geodesic, so only fractions are compared.)
 */
class SiteBackfillOutsideTheLockTest {
    @TempDir Path dir;
    ServiceFixture f;

    @BeforeEach
    void open() { f = new ServiceFixture(dir); }

    @AfterEach
    void close() { f.close(); }

    @Test
    void anIngestCommitsWhileALargeBackfillRunsAndTheFinalSummariesFollowTheSameDateRule() throws Exception {
        Scene a = f.ingestGreen("2020-05-01", 500000);
        f.ingest("2020-06-01", 500000, new int[] {600, 600, 600, 600}, new int[] {5400, 5400, 5400, 5400}); // NDVI 0.8, other files
        CountDownLatch midBackfill = new CountDownLatch(1), ingested = new CountDownLatch(1);
        AtomicReference<Scene> c = new AtomicReference<>();
        CompletableFuture<Void> add = CompletableFuture.runAsync(() -> f.services.sites().add(
                List.of(ServiceFixture.rectangle("dump", 500000, 2799960, 500060, 2800000)), progress -> {
                    midBackfill.countDown();
                    try {
                        // the backfill waits for the ingest: with the write lock held here, the ingest could never commit
                        assertThat(ingested.await(2, TimeUnit.MINUTES)).as("the ingest committed during the backfill").isTrue();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }));
        assertThat(midBackfill.await(2, TimeUnit.MINUTES)).isTrue();
        c.set(f.ingestBareWithWestNodata("2020-05-01", 500020)); // same date as A, overlapping the site
        assertThat(f.services.scenes().list(null, null, null)).extracting(Scene::id).contains(c.get().id());
        assertThat(f.store.sites().byId("dump")).as("the site is not committed before the ingest").isEmpty();
        ingested.countDown();
        add.get(2, TimeUnit.MINUTES);

        assertThat(f.store.summaries().of("dump", "ndvi")).hasSize(3);
        var points = f.services.series().timeseries("dump", SceneServiceTest.query()).points();
        assertThat(points).hasSize(2);
        var may = points.get(0).statistics();
        assertThat(points.get(0).sceneIds()).containsExactlyInAnyOrder(a.id(), c.get().id());
        assertThat(may.validFraction()).isCloseTo(1, within(1e-9)); // A's 1600 m² and C's 800 m², nothing twice
        assertThat(may.validAreaM2()).isCloseTo(may.siteAreaM2(), within(1e-6));
        assertThat(may.mean()).isCloseTo((1600 * 0.8 + 800 * 0.1) / 2400, within(1e-4));
        var june = points.get(1).statistics();
        assertThat(june.validFraction()).isCloseTo(2.0 / 3, within(1e-6));
        assertThat(june.mean()).isCloseTo(0.8, within(1e-4));
    }
}
