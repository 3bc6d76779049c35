package greencover.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import greencover.domain.Scene;
import greencover.domain.SummaryRow;
import greencover.service.series.SeriesQuery;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SceneService} on the in-memory store. Scenes are 40 m × 40 m squares (see {@link ServiceFixture}); the
 * site is the square of scene A, x in [500000, 500040], y in [2799960, 2800000]: 1600 m².
 */
class SceneServiceTest {
    @TempDir Path dir;
    ServiceFixture f;

    @BeforeEach
    void open() { f = new ServiceFixture(dir); }

    @AfterEach
    void close() { f.close(); }

    @Test
    void deletingTheSceneThatWonADateRecomputesTheOtherOverTheWholeSite() throws Exception {
        f.services.sites().add(List.of(ServiceFixture.rectangle("square", 500000, 2799960, 500040, 2800000)));
        // same ground, same date; B (stored first) has no data in its west column, so A is the clearer scene and
        // wins every pixel: in B's west column A alone is valid, elsewhere both are and the clearer wins
        Scene b = f.ingestBareWithWestNodata("2020-05-01", 500000);
        Scene a = f.ingestGreen("2020-05-01", 500000);
        assertThat(f.store.summaries().ofScene(b.id(), "ndvi")).singleElement().satisfies(r ->
                assertThat(greencover.core.zonal.ZonalSummary.fromBytes(r.summary()).classAreaM2(greencover.core.raster.PixelClass.VALID))
                        .isZero()); // B's share of the date: nothing
        assertThat(f.services.series().timeseries("square", query()).points()).singleElement().satisfies(p -> {
            assertThat(p.sceneIds()).containsExactlyInAnyOrder(a.id(), b.id());
            assertThat(p.statistics().mean()).isCloseTo(0.8, within(1e-4));
            assertThat(p.statistics().validFraction()).isCloseTo(1, within(1e-9));
        });
        long v = f.store.version().current();

        f.services.scenes().delete(a.id());

        assertThat(f.store.version().current()).isGreaterThan(v);
        assertThat(f.services.scenes().list(null, null, null)).extracting(Scene::id).containsExactly(b.id());
        assertThat(f.store.files().hasIndexRaster(a.id(), "ndvi")).isFalse();
        List<SummaryRow> rows = f.store.summaries().ofScene(b.id(), "ndvi");
        assertThat(rows).extracting(SummaryRow::siteId).containsExactly("square");
        var points = f.services.series().timeseries("square", query()).points();
        assertThat(points).singleElement().satisfies(p -> {
            assertThat(p.sceneIds()).containsExactly(b.id());
            assertThat(p.statistics().mean()).isCloseTo(0.1, within(1e-4));
            assertThat(p.statistics().validFraction()).isCloseTo(0.75, within(1e-9)); // 3 of B's 4 columns
            assertThat(p.statistics().nodataFraction()).isCloseTo(0.25, within(1e-9));
            assertThat(p.statistics().siteAreaM2()).isCloseTo(1600 / (0.9996 * 0.9996), within(1e-3)); // ground m², k0 at E 500000
        });
    }

    @Test
    void aDateIsTheSameWhicheverOfItsScenesWasIngestedFirst() throws Exception {
        f.services.sites().add(List.of(ServiceFixture.rectangle("square", 500000, 2799960, 500040, 2800000)));
        Scene a = f.ingestGreen("2020-05-01", 500000);
        Scene b = f.ingestBareWithWestNodata("2020-05-01", 500000);
        var first = f.services.series().timeseries("square", query()).points();
        f.services.scenes().delete(a.id());
        f.services.scenes().delete(b.id());
        Scene b2 = f.ingestBareWithWestNodata("2020-05-01", 500000);
        Scene a2 = f.ingestGreen("2020-05-01", 500000);
        assertThat(List.of(a2.id(), b2.id())).containsExactly(a.id(), b.id()); // the same files: the same scenes
        var second = f.services.series().timeseries("square", query()).points();
        assertThat(first).singleElement().satisfies(p -> assertThat(p.statistics().mean()).isCloseTo(0.8, within(1e-4)));
        assertThat(second).singleElement().satisfies(p -> {
            assertThat(p.sceneIds()).isEqualTo(first.get(0).sceneIds());
            assertThat(p.statistics()).isEqualTo(first.get(0).statistics());
        });
    }

    @Test
    void deletingAnUnknownSceneIsNotFoundAndChangesNothing() throws Exception {
        Scene a = f.ingestGreen("2020-05-01", 500000);
        long v = f.store.version().current();
        assertThatThrownBy(() -> f.services.scenes().delete("nope")).hasMessageContaining("nope");
        assertThat(f.store.version().current()).isEqualTo(v);
        assertThat(f.services.scenes().list(null, null, null)).extracting(Scene::id).containsExactly(a.id());
    }

    @Test
    void listingKeepsScenesWithinTheDatesAndMeetingTheSite() throws Exception {
        Scene here = f.ingestGreen("2020-05-01", 500000);
        Scene farEast = f.ingestGreen("2020-05-02", 600000); // 100 km east: does not meet the site
        Scene later = f.ingestBare("2020-06-01", 500000);
        f.services.sites().add(List.of(ServiceFixture.rectangle("square", 500000, 2799960, 500040, 2800000)));
        assertThat(f.services.scenes().list(null, null, null)).extracting(Scene::id).containsExactly(here.id(), farEast.id(), later.id());
        assertThat(f.services.scenes().list("square", null, null)).extracting(Scene::id).containsExactly(here.id(), later.id());
        assertThat(f.services.scenes().list("square", LocalDate.parse("2020-05-01"), LocalDate.parse("2020-05-31")))
                .extracting(Scene::id).containsExactly(here.id());
        assertThat(f.services.scenes().list(null, LocalDate.parse("2020-05-02"), null)).extracting(Scene::id)
                .containsExactly(farEast.id(), later.id());
    }

    @Test
    void theSameFilesTwiceAreOneSceneAndTheVersionMovesOnlyForTheFirst() throws Exception {
        Scene a = f.ingestGreen("2020-05-01", 500000);
        long v = f.store.version().current();
        var again = f.services.scenes().ingest(new IngestRequest(List.of(
                new BandInput(greencover.core.raster.BandRole.RED, dir.resolve("b1.tif"), 0, "red"),
                new BandInput(greencover.core.raster.BandRole.NIR, dir.resolve("b2.tif"), 0, "nir")),
                "sentinel2-l2a", "2020-05-01", "again", null), null);
        assertThat(again.duplicate()).isTrue();
        assertThat(again.scene().id()).isEqualTo(a.id());
        assertThat(f.store.version().current()).isEqualTo(v);
    }

    static SeriesQuery query() { return SeriesQuery.defaults(); }
}
