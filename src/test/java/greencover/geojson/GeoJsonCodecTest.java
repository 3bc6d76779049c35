package greencover.geojson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.service.SiteDraft;
import greencover.service.error.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GeoJSON sites into typed drafts, member names of errors, and service fields back to members. */
class GeoJsonCodecTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aFeatureCollectionInAProjectedCrsBecomesDraftsInLonLat() throws Exception {
        List<SiteDraft> drafts = GeoJsonCodec.sites(JSON.readTree("""
                {"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:32650"}},"features":[
                 {"type":"Feature","id":"a","properties":{"name":"A","greenThreshold":0.4,"owner":"x"},
                  "geometry":{"type":"Polygon","coordinates":[[[500000,2800000],[500100,2800000],[500100,2800100],[500000,2800100],[500000,2800000]]]}},
                 {"type":"Feature","properties":{"id":"b"},
                  "geometry":{"type":"Polygon","coordinates":[[[500000,2800000],[500010,2800000],[500010,2800010],[500000,2800000]]]}}]}"""));
        assertThat(drafts).hasSize(2);
        SiteDraft a = drafts.get(0);
        assertThat(a.id()).isEqualTo("a");
        assertThat(a.name()).isEqualTo("A");
        assertThat(a.greenThreshold()).isEqualTo(0.4);
        assertThat(a.ndviSoil()).isNull();
        assertThat(a.properties()).containsEntry("owner", "x");
        // UTM 50N easting 500000 is the central meridian 117 degrees E; northing 2.8e6 m is about 25.3 degrees N
        assertThat(a.wgs84().getCoordinates()[0].x).isCloseTo(117.0, within(1e-9));
        assertThat(a.wgs84().getCoordinates()[0].y).isCloseTo(25.3, within(0.05));
        assertThat(a.geometryAsGiven()).contains("500100");
        assertThat(drafts.get(1).id()).isEqualTo("b");
        assertThat(drafts.get(1).greenThreshold()).isNull();
    }

    @Test
    void formatErrorsNameTheMember() throws Exception {
        assertThatThrownBy(() -> GeoJsonCodec.sites(JSON.readTree("""
                {"type":"FeatureCollection","features":[{"type":"Feature","id":"a","properties":{},
                  "geometry":{"type":"Polygon","coordinates":[[[116.4,25.2],[116.5,25.2],[116.5,25.3],[116.4,25.2]]]}},
                 {"type":"Feature","id":"b","properties":{"greenThreshold":"high"},"geometry":null}]}""")))
                .isInstanceOf(InvalidInputException.class)
                .hasFieldOrPropertyWithValue("field", "features[1].properties.greenThreshold");
        assertThatThrownBy(() -> GeoJsonCodec.sites(JSON.readTree("""
                {"type":"Feature","id":"a","geometry":{"type":"Polygon","coordinates":[[[116.4,25.2],[116.5,25.2],[116.5,25.3],[116.4,25.25]]]}}""")))
                .isInstanceOf(InvalidInputException.class)
                .hasFieldOrPropertyWithValue("code", "invalid_geometry").hasFieldOrPropertyWithValue("field", "geometry");
    }

    @Test
    void serviceFieldsMapBackToTheSubmittedMembers() {
        assertThat(GeoJsonCodec.wireField("id")).isEqualTo("id");
        assertThat(GeoJsonCodec.wireField("greenThreshold")).isEqualTo("properties.greenThreshold");
        assertThat(GeoJsonCodec.wireField("sites[3].ndviSoil")).isEqualTo("features[3].properties.ndviSoil");
        assertThat(GeoJsonCodec.wireField("sites[0].geometry")).isEqualTo("features[0].geometry");
        assertThat(GeoJsonCodec.wireField("sites")).isEqualTo("features");
        assertThat(GeoJsonCodec.wireField(null)).isNull();
    }
}
