package greencover.service.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.geotools.referencing.CRS;
import org.junit.jupiter.api.Test;

class MapCrsTest {

    @Test
    void decodesEveryNameLongitudeFirst() {
        for (String name : new String[] {"EPSG:4326", "CRS:84", "urn:ogc:def:crs:EPSG::4326",
            "http://www.opengis.net/def/crs/EPSG/0/4326", "urn:ogc:def:crs:OGC:1.3:CRS84"}) {
            assertThat(CRS.getAxisOrder(MapCrs.decode(name))).as(name).isEqualTo(CRS.AxisOrder.EAST_NORTH);
        }
        assertThat(CRS.getAxisOrder(MapCrs.decode("EPSG:32650"))).isEqualTo(CRS.AxisOrder.EAST_NORTH);
    }

    @Test
    void wms130WritesLatitudeFirstOnlyForNorthFirstCrss() {
        assertThat(MapCrs.northFirstInWms130("EPSG:4326")).isTrue();
        assertThat(MapCrs.northFirstInWms130("CRS:84")).isFalse();
        assertThat(MapCrs.northFirstInWms130("EPSG:3857")).isFalse();
        assertThat(MapCrs.northFirstInWms130("EPSG:32650")).isFalse();
    }

    @Test
    void unknownNamesAreInvalidCrs() {
        for (String name : new String[] {"EPSG:999999", "AUTO:42001", "WGS84"}) {
            assertThatThrownBy(() -> MapCrs.decode(name)).as(name).isInstanceOf(MapException.class)
                    .extracting(e -> ((MapException) e).code()).isEqualTo("InvalidCRS");
        }
    }
}
