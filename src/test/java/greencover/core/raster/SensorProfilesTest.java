package greencover.core.raster;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SensorProfilesTest {

    @Test
    void createsSentinel2WithResolvedBaseline() {
        SensorProfile p = SensorProfiles.of("Sentinel2-L2A", SensorSettings.sentinel2("N0509", null, null));
        assertThat(p.id()).isEqualTo("sentinel2-l2a");
        assertThat(((Sentinel2L2A) p).baseline().offsetDn()).isEqualTo(-1000);
        assertThat(p.requiredBands()).containsExactlyInAnyOrder(BandRole.RED, BandRole.NIR);
    }

    @Test
    void createsLandsatAndGeneric() {
        assertThat(SensorProfiles.of("landsat-c2l2", SensorSettings.none())).isInstanceOf(LandsatC2L2.class);
        SensorProfile g = SensorProfiles.of("generic", SensorSettings.generic(0.001, 0, 255, new int[] {1}));
        assertThat(((GenericSensor) g).nodataDn()).isEqualTo(255);
    }

    @Test
    void rejectsUnknownSensorListingAcceptedIds() {
        assertThatThrownBy(() -> SensorProfiles.of("modis", SensorSettings.none()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sensor")
                .hasMessageContaining("sentinel2-l2a, landsat-c2l2, generic");
    }

    @Test
    void rejectsGenericWithoutScale() {
        assertThatThrownBy(() -> SensorProfiles.of("generic", SensorSettings.none()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scale");
    }

    @Test
    void rejectsSentinel2WithoutBaselineSource() {
        assertThatThrownBy(() -> SensorProfiles.of("sentinel2-l2a", SensorSettings.none()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("processingBaseline");
        assertThat(SensorProfiles.of("sentinel2-l2a", SensorSettings.sentinel2(null, null, LocalDate.of(2021, 6, 1))))
                .isInstanceOf(Sentinel2L2A.class);
    }
}
