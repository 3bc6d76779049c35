package greencover.stac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The offset rule of each collection profile on items shaped as each catalog publishes them (asset keys,
 * {@code raster:bands}, {@code s2:processing_baseline}, {@code earthsearch:boa_offset_applied}). Expected offsets by
 * hand: Sentinel-2 reflectance = (DN + offset) / 10000, offset −1000 DN from baseline 04.00; raster:bands −0.1 / 0.0001
 * = −1000 DN.
 */
class CollectionProfilesTest {
    private static final String RB = "\"raster:bands\":[{\"scale\":0.0001,\"offset\":-0.1}]";

    private static StacItem item(String collection, String props, String... assets) {
        StringBuilder a = new StringBuilder();
        for (int i = 0; i < assets.length; i += 2) {
            if (a.length() > 0) a.append(',');
            a.append('"').append(assets[i]).append("\":{\"href\":\"https://example.org/").append(assets[i]).append(".tif\"")
                    .append(assets[i + 1].isEmpty() ? "" : "," + assets[i + 1]).append('}');
        }
        return StacItem.parse(("{\"type\":\"Feature\",\"id\":\"S2B_T50RMN_20230601\",\"collection\":\"" + collection + "\",\"properties\":{"
                + "\"datetime\":\"2023-06-01T03:12:00Z\"" + props + "},\"assets\":{" + a + "}}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void earthSearchV1TrustsTheBoaFlagOverRasterBands() {
        StacItem applied = item("sentinel-2-l2a", ",\"s2:processing_baseline\":\"05.09\",\"earthsearch:boa_offset_applied\":true",
                "red", RB, "nir", RB, "scl", "");
        var s = CollectionProfiles.resolve(applied, null, null);
        assertThat(s.profile()).isEqualTo(CollectionProfiles.ES_S2);
        assertThat(s.provenance()).containsEntry("offsetDn", "0").containsEntry("offsetRule", "earthsearch:boa_offset_applied");
        assertThat(s.fields()).containsEntry("offsetApplied", "true").containsEntry("processingBaseline", "05.09");
        assertThat(s.bands()).extracting(CollectionProfiles.Band::role).containsExactly("red", "nir", "mask");

        StacItem notApplied = item("sentinel-2-l2a", ",\"s2:processing_baseline\":\"05.09\",\"earthsearch:boa_offset_applied\":false",
                "red", RB, "nir", RB, "scl", "");
        var t = CollectionProfiles.resolve(notApplied, null, null);
        assertThat(t.provenance()).containsEntry("offsetDn", "-1000").containsEntry("offsetRule", "baseline");
        assertThat(t.fields()).containsEntry("offsetApplied", "false");
    }

    @Test
    void earthSearchC1TakesRasterBandsOffsetOverScale() {
        var s = CollectionProfiles.resolve(item("sentinel-2-c1-l2a", ",\"s2:processing_baseline\":\"05.11\",\"proj:code\":\"EPSG:32638\",\"proj:epsg\":32639",
                "red", RB, "nir", RB, "scl", ""), null, null);
        assertThat(s.profile()).isEqualTo(CollectionProfiles.ES_S2_C1);
        assertThat(s.provenance()).containsEntry("offsetDn", "-1000").containsEntry("offsetRule", "raster:bands")
                .containsEntry("itemCrs", "EPSG:32638"); // proj:code before proj:epsg
        var zero = CollectionProfiles.resolve(item("sentinel-2-c1-l2a", "", "red", "\"raster:bands\":[{\"scale\":0.0001,\"offset\":0}]",
                "nir", RB), null, null);
        assertThat(zero.provenance()).containsEntry("offsetDn", "0");
    }

    /**
     * A C1 acquisition of 2019 (the collection is ESA's Collection-1 reprocessing, baseline 05.00 or later) whose item
     * carries no s2:processing_baseline: the sensor's own rule would take "no offset" from the date, so the profile
     * records the collection's baseline and the offset applied is raster:bands' −1000 DN; a baseline before 04.00
     * next to raster:bands −0.1 contradicts itself and is refused.
     */
    @Test
    void earthSearchC1KeepsTheRasterBandsOffsetWhereTheDateAloneWouldSayNone() {
        String item = "{\"type\":\"Feature\",\"id\":\"S2A_T50RMN_20190601T030541_L2A\",\"collection\":\"sentinel-2-c1-l2a\",\"properties\":{"
                + "\"datetime\":\"2019-06-01T03:05:41Z\"%s},\"assets\":{\"red\":{\"href\":\"https://e.org/red.tif\"," + RB + "},"
                + "\"nir\":{\"href\":\"https://e.org/nir.tif\"," + RB + "}}}";
        var s = CollectionProfiles.resolve(StacItem.parse(String.format(item, "").getBytes(StandardCharsets.UTF_8)), null, null);
        assertThat(s.provenance()).containsEntry("offsetDn", "-1000").containsEntry("offsetRule", "raster:bands")
                .containsEntry("processingBaseline", "05.00");
        assertThat(s.provenance().get("offsetReason")).contains("no s2:processing_baseline");
        assertThat(s.fields()).containsEntry("offsetApplied", "false").containsEntry("processingBaseline", "05.00");
        var withBaseline = CollectionProfiles.resolve(StacItem.parse(String.format(item, ",\"s2:processing_baseline\":\"05.00\"")
                .getBytes(StandardCharsets.UTF_8)), null, null);
        assertThat(withBaseline.fields()).containsEntry("processingBaseline", "05.00");
        assertThat(withBaseline.provenance().get("offsetReason")).doesNotContain("no s2:processing_baseline");
        assertThatThrownBy(() -> CollectionProfiles.resolve(StacItem.parse(String.format(item, ",\"s2:processing_baseline\":\"02.14\"")
                .getBytes(StandardCharsets.UTF_8)), null, null))
                .isInstanceOfSatisfying(StacException.class, e -> assertThat(e.code()).isEqualTo("invalid_stac_item"));
        assertThat(CollectionProfiles.baselineRuleOffset(null, "S2A_MSIL2A_20190601T030541_N0500_R089_T50RMN_20230601T051433", "2019-06-01"))
                .isEqualTo(-1000); // the name's baseline before the date, as the sensor reads it
    }

    @Test
    void planetaryComputerSentinel2FollowsTheBaseline() {
        var old = CollectionProfiles.resolve(item("sentinel-2-l2a", ",\"s2:processing_baseline\":\"02.12\",\"proj:epsg\":32606",
                "B04", "", "B08", "", "SCL", ""), null, null);
        assertThat(old.profile()).isEqualTo(CollectionProfiles.PC_S2);
        assertThat(old.provenance()).containsEntry("offsetDn", "0").containsEntry("offsetRule", "baseline").containsEntry("itemCrs", "EPSG:32606");
        assertThat(old.bands()).extracting(CollectionProfiles.Band::asset).containsExactly("B04", "B08", "SCL");
        var recent = CollectionProfiles.resolve(item("sentinel-2-l2a", ",\"s2:processing_baseline\":\"05.10\"",
                "B04", "", "B08", "", "SCL", ""), null, null);
        assertThat(recent.provenance()).containsEntry("offsetDn", "-1000");
    }

    @Test
    void landsatProfilesMapRedNir08AndQaPixel() {
        for (String c : new String[] {"landsat-c2-l2", "landsat-c2l2-sr"}) {
            var s = CollectionProfiles.resolve(item(c, "", "red", "", "nir08", "", "qa_pixel", ""), null, null);
            assertThat(s.sensor()).isEqualTo("landsat-c2l2");
            assertThat(s.bands()).extracting(CollectionProfiles.Band::asset).containsExactly("red", "nir08", "qa_pixel");
            assertThat(s.bands()).extracting(CollectionProfiles.Band::role).containsExactly("red", "nir", "mask");
        }
    }

    @Test
    void b8aAndQaRadsatAssetsBecomeTheOptionalNir08AndQaRadsatBandsOutsideTheIdentity() {
        var es = CollectionProfiles.resolve(item("sentinel-2-l2a", ",\"s2:processing_baseline\":\"05.09\"",
                "red", RB, "nir", RB, "scl", "", "nir08", RB), null, null);
        assertThat(es.bands()).extracting(CollectionProfiles.Band::role).containsExactly("red", "nir", "mask", "nir08");
        assertThat(es.bands()).extracting(CollectionProfiles.Band::asset).containsExactly("red", "nir", "scl", "nir08");
        var esWithout = CollectionProfiles.resolve(item("sentinel-2-l2a", ",\"s2:processing_baseline\":\"05.09\"",
                "red", RB, "nir", RB, "scl", ""), null, null);
        assertThat(es.identity()).isEqualTo(esWithout.identity()); // the item read before B8A was taken stays one scene
        var pc = CollectionProfiles.resolve(item("sentinel-2-l2a", ",\"s2:processing_baseline\":\"02.12\"",
                "B04", "", "B08", "", "SCL", "", "B8A", ""), null, null);
        assertThat(pc.bands()).extracting(CollectionProfiles.Band::asset).containsExactly("B04", "B08", "SCL", "B8A");
        assertThat(pc.bands().get(3).role()).isEqualTo("nir08");
        for (String c : new String[] {"landsat-c2-l2", "landsat-c2l2-sr"}) {
            var l = CollectionProfiles.resolve(item(c, "", "red", "", "nir08", "", "qa_pixel", "", "qa_radsat", ""), null, null);
            assertThat(l.bands()).extracting(CollectionProfiles.Band::role).containsExactly("red", "nir", "mask", "qa_radsat");
            assertThat(l.bands()).extracting(CollectionProfiles.Band::asset).containsExactly("red", "nir08", "qa_pixel", "qa_radsat");
            assertThat(l.provenance()).containsEntry("href.qa_radsat", "https://example.org/qa_radsat.tif");
        }
    }

    @Test
    void otherCollectionsNeedAMappingAndAMissingRedIsRefused() {
        StacItem other = item("my-collection", "", "B4", "", "B5", "");
        assertThatThrownBy(() -> CollectionProfiles.resolve(other, null, null)).isInstanceOfSatisfying(StacException.class,
                e -> assertThat(e.code()).isEqualTo("unknown_collection"));
        var m = CollectionProfiles.resolve(other, null, new CollectionProfiles.Mapping("generic",
                java.util.Map.of("red", "B4", "nir", "B5"), java.util.Map.of("scale", "0.0001")));
        assertThat(m.sensor()).isEqualTo("generic");
        assertThat(m.fields()).containsEntry("scale", "0.0001");
        assertThatThrownBy(() -> CollectionProfiles.resolve(item("sentinel-2-c1-l2a", "", "nir", RB), null, null))
                .isInstanceOfSatisfying(StacException.class, e -> assertThat(e.code()).isEqualTo("missing_band"));
    }
}
