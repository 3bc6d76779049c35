package greencover.stac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The search documents and the acquisition rule, on hand-written items and answers. */
class StacSearchTest {
    private static StacItem item(String id, String props) {
        return StacItem.parse(("{\"type\":\"Feature\",\"id\":\"" + id + "\",\"collection\":\"c\",\"properties\":{" + props
                + "},\"assets\":{\"red\":{\"href\":\"https://x/r.tif\"}}}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void datetimesAreInstantsOrIntervalsWithTheStartFirst() {
        assertThat(StacSearch.datetime("2023-01-01/2023-12-31")).isEqualTo("2023-01-01T00:00:00Z/2023-12-31T23:59:59Z");
        assertThat(StacSearch.datetime("../2023-12-31T00:00:00Z")).isEqualTo("../2023-12-31T00:00:00Z");
        assertThat(StacSearch.datetime("2023-06-01T03:12:00+08:00")).isEqualTo("2023-05-31T19:12:00Z");
        assertThat(StacSearch.datetime(null)).isNull();
        for (String bad : List.of("2023-13-01", "../..", "2023-02-01/2023-01-01", "a/b/c", "yesterday", "..")) {
            assertThatThrownBy(() -> StacSearch.datetime(bad)).as(bad).isInstanceOf(StacException.class)
                    .satisfies(e -> assertThat(((StacException) e).field()).isEqualTo("datetime"));
        }
    }

    @Test
    void aPostNextLinkWithMergeIsLaidOverTheSentBody() {
        byte[] sent = "{\"collections\":[\"c\"],\"limit\":2}".getBytes(StandardCharsets.UTF_8);
        String answer = "{\"type\":\"FeatureCollection\",\"features\":[],\"links\":[{\"rel\":\"next\",\"href\":\"https://api/search\","
                + "\"method\":\"POST\",\"merge\":true,\"body\":{\"token\":\"abc\",\"limit\":2}}]}";
        StacSearch.Next n = StacSearch.page(answer.getBytes(StandardCharsets.UTF_8), sent).next();
        assertThat(n.method()).isEqualTo("POST");
        assertThat(new String(n.body(), StandardCharsets.UTF_8)).isEqualTo("{\"collections\":[\"c\"],\"limit\":2,\"token\":\"abc\"}");
        String get = "{\"type\":\"FeatureCollection\",\"features\":[],\"links\":[{\"rel\":\"next\",\"href\":\"https://api/search?token=t2\"}]}";
        StacSearch.Next g = StacSearch.page(get.getBytes(StandardCharsets.UTF_8), sent).next();
        assertThat(g.method()).isEqualTo("GET");
        assertThat(g.body()).isNull();
    }

    @Test
    void oneItemPerPlatformTileAndSecondKeepingTheNewestProcessing() {
        StacItem old = item("a", "\"platform\":\"sentinel-2a\",\"s2:mgrs_tile\":\"50RMN\",\"datetime\":\"2023-06-01T03:12:00.123Z\","
                + "\"s2:processing_baseline\":\"04.00\"");
        StacItem reprocessed = item("b", "\"platform\":\"Sentinel-2A\",\"mgrs:utm_zone\":50,\"mgrs:latitude_band\":\"R\","
                + "\"mgrs:grid_square\":\"MN\",\"datetime\":\"2023-06-01T03:12:00Z\",\"s2:processing_baseline\":\"05.10\"");
        StacItem otherTile = item("c", "\"platform\":\"sentinel-2a\",\"s2:mgrs_tile\":\"50RNN\",\"datetime\":\"2023-06-01T03:12:00Z\"");
        StacItem landsat1 = item("d", "\"platform\":\"landsat-8\",\"landsat:wrs_path\":\"120\",\"landsat:wrs_row\":\"043\","
                + "\"datetime\":\"2023-06-02T02:40:00Z\",\"created\":\"2023-06-10T00:00:00Z\"");
        StacItem landsat2 = item("e", "\"platform\":\"landsat-8\",\"landsat:wrs_path\":\"120\",\"landsat:wrs_row\":\"043\","
                + "\"datetime\":\"2023-06-02T02:40:00Z\",\"created\":\"2024-01-10T00:00:00Z\"");
        StacItem noTile = item("f", "\"platform\":\"sentinel-2a\",\"datetime\":\"2023-06-01T03:12:00Z\"");
        assertThat(Acquisitions.key(old)).isEqualTo(Acquisitions.key(reprocessed));
        assertThat(Acquisitions.key(noTile)).isNull();
        // kept: b (05.10 over 04.00), c (another tile), e (created later), f (no tile: its own acquisition)
        assertThat(Acquisitions.newest(List.of(old, reprocessed, otherTile, landsat1, landsat2, noTile))).containsExactly(1, 2, 4, 5);
    }

    @Test
    void theCloudBoundIsAQueryOrACql2Filter() {
        StacSearch.Query q = new StacSearch.Query(List.of("sentinel-2-l2a"), null, new double[] {116, 25, 117, 26}, null, 20.0, 50);
        assertThat(new String(StacSearch.body(q, StacSearch.CloudForm.QUERY), StandardCharsets.UTF_8)).isEqualTo(
                "{\"collections\":[\"sentinel-2-l2a\"],\"bbox\":[116.0,25.0,117.0,26.0],\"limit\":50,\"query\":{\"eo:cloud_cover\":{\"lte\":20.0}}}");
        assertThat(new String(StacSearch.body(q, StacSearch.CloudForm.FILTER), StandardCharsets.UTF_8)).isEqualTo(
                "{\"collections\":[\"sentinel-2-l2a\"],\"bbox\":[116.0,25.0,117.0,26.0],\"limit\":50,\"filter-lang\":\"cql2-json\","
                + "\"filter\":{\"op\":\"<=\",\"args\":[{\"property\":\"eo:cloud_cover\"},20.0]}}");
    }
}
