package greencover.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import greencover.domain.Scene;
import greencover.domain.Site;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SiteService} on the in-memory store. The scene: columns 0-1 NDVI 0.8, columns 2-3 NDVI 0.1 (see
 * {@link ServiceFixture}). The site x in [500005, 500025], y in [2799965, 2799995] covers 1.5, 3, 1.5 and 0 pixels
 * of the four columns: 600 m², 450 m² at 0.8 and 150 m² at 0.1, so mean 0.625 and green fraction 0.75.
 */
class SiteServiceTest {
    @TempDir Path dir;
    ServiceFixture f;

    @BeforeEach
    void open() { f = new ServiceFixture(dir); }

    @AfterEach
    void close() { f.close(); }

    private Scene halfAndHalf(String date) throws Exception {
        return f.ingest(date, 500000, new int[] {500, 500, 1800, 1800}, new int[] {4500, 4500, 2200, 2200});
    }

    @Test
    void aSiteAddedAfterItsScenesIsBackfilledOverEveryStoredSceneItMeets() throws Exception {
        Scene s = halfAndHalf("2020-05-01");
        f.ingestGreen("2020-05-02", 600000); // far away: no summary
        f.services.sites().add(ServiceFixture.rectangle("offset", 500005, 2799965, 500025, 2799995));

        assertThat(f.store.summaries().of("offset", "ndvi")).singleElement().satisfies(r -> assertThat(r.sceneId()).isEqualTo(s.id()));
        assertThat(f.store.summaries().of("offset", "savi")).hasSize(1); // every index of the scene
        var p = f.services.series().timeseries("offset", SceneServiceTest.query()).points();
        assertThat(p).singleElement().satisfies(pt -> {
            assertThat(pt.statistics().siteAreaM2()).isCloseTo(600, within(1e-6));
            assertThat(pt.statistics().mean()).isCloseTo(0.625, within(1e-4));
            assertThat(pt.statistics().greenFraction()).isCloseTo(0.75, within(1e-6));
        });
        Site site = f.services.sites().get("offset");
        assertThat(site.areaM2()).isCloseTo(600, within(0.5));
    }

    @Test
    void aRequestWithOneConflictingFeatureStoresNoneOfItsSites() throws Exception {
        halfAndHalf("2020-05-01");
        f.services.sites().add(ServiceFixture.rectangle("taken", 500000, 2799960, 500040, 2800000));
        long v = f.store.version().current();
        ObjectNode collection = ServiceFixture.JSON.createObjectNode().put("type", "FeatureCollection");
        ArrayNode features = collection.putArray("features");
        features.add(ServiceFixture.rectangle("fresh", 500005, 2799965, 500025, 2799995));
        features.add(ServiceFixture.rectangle("taken", 500005, 2799965, 500025, 2799995));

        assertThatThrownBy(() -> f.services.sites().add(collection)).hasMessageContaining("taken");

        assertThat(f.services.sites().list()).extracting(Site::id).containsExactly("taken");
        assertThat(f.store.summaries().of("fresh", "ndvi")).isEmpty();
        assertThat(f.store.version().current()).isEqualTo(v);
    }

    @Test
    void deletingASiteDeletesItsSummariesAndLeavesTheOthers() throws Exception {
        Scene s = halfAndHalf("2020-05-01");
        f.services.sites().add(ServiceFixture.rectangle("a", 500000, 2799960, 500040, 2800000));
        f.services.sites().add(ServiceFixture.rectangle("b", 500005, 2799965, 500025, 2799995));
        f.services.sites().delete("a");
        assertThat(f.services.sites().list()).extracting(Site::id).containsExactly("b");
        assertThat(f.store.summaries().ofScene(s.id(), "ndvi")).extracting(r -> r.siteId()).containsExactly("b");
        assertThatThrownBy(() -> f.services.sites().delete("a")).hasMessageContaining("'a'");
    }
}
