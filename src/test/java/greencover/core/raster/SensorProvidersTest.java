package greencover.core.raster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SensorProvidersTest {
    private static final SensorProviders SENSORS = SensorProviders.defaults();
    private static final LocalDate DAY = LocalDate.of(2023, 6, 1);

    @Test
    void opensSentinel2WithResolvedBaselineAndItsSettings() {
        SensorProfile p = SENSORS.parse("Sentinel2-L2A").open(Map.of("processingBaseline", "N0509"), DAY, null);
        assertThat(p.id()).isEqualTo("sentinel2-l2a");
        assertThat(((Sentinel2L2A) p).baseline().offsetDn()).isEqualTo(-1000);
        assertThat(p.requiredBands()).containsExactlyInAnyOrder(BandRole.RED, BandRole.NIR);
        assertThat(p.settings()).containsExactly(Map.entry("processingBaseline", "05.09"), Map.entry("baselineRule", "field"),
                Map.entry("offsetDn", "-1000"), Map.entry("offsetRule", "baseline"), Map.entry("hlsPlatform", "S2A"),
                Map.entry("hlsPlatformRule", "assumed"), Map.entry("hlsCoefficients", "S2A of " + HlsBandpass.SOURCE));
        assertThat(p.identity()).isEqualTo("05.09|-1000");
    }

    @Test
    void offsetAppliedOverridesTheBaselineAndPlausibleFileMetadataComesNext() {
        SensorProvider s2 = SENSORS.parse("sentinel2-l2a");
        Sentinel2L2A applied = (Sentinel2L2A) s2.open(Map.of("processingBaseline", "05.10", "offsetApplied", "TRUE"), DAY, null,
                new GdalScaling(1e-4, -0.1));
        assertThat(applied.offsetDn()).isZero();
        assertThat(applied.identity()).isEqualTo("05.10|0");
        assertThat(applied.settings()).containsEntry("offsetRule", "offsetApplied").containsEntry("offsetApplied", "true");
        assertThat(applied.warnings()).singleElement().asString().startsWith("offset-conflict:");
        Sentinel2L2A file = (Sentinel2L2A) s2.open(Map.of(), LocalDate.of(2020, 1, 1), null, new GdalScaling(1e-4, -0.1));
        assertThat(file.offsetDn()).isEqualTo(-1000);
        assertThat(file.settings()).containsEntry("offsetRule", "file");
        Sentinel2L2A ignored = (Sentinel2L2A) s2.open(Map.of(), DAY, null, new GdalScaling(2.75e-5, -0.2));
        assertThat(ignored.offsetDn()).isEqualTo(-1000);
        assertThat(ignored.settings()).containsEntry("offsetRule", "baseline");
        assertThat(ignored.warnings()).singleElement().asString().startsWith("file-scaling-ignored:");
    }

    @Test
    void gdalMetadataItemsAreReadPerSampleWithDatasetItemsForEveryBand() {
        String xml = "<GDALMetadata><Item name=\"SCALE\" sample=\"1\" role=\"scale\">0.5</Item>"
                + "<Item name=\"OFFSET\" role=\"offset\">-0.1</Item><Item name=\"SCALE\" sample=\"0\" role=\"scale\">0.0001</Item></GDALMetadata>";
        assertThat(GdalScaling.parse(xml, 0, "file")).isEqualTo(new GdalScaling(1e-4, -0.1));
        assertThat(GdalScaling.parse(xml, 1, "file")).isEqualTo(new GdalScaling(0.5, -0.1));
        assertThat(GdalScaling.parse("<GDALMetadata><Item name=\"AREA_OR_POINT\">Area</Item></GDALMetadata>", 0, "file")).isNull();
    }

    @Test
    void opensLandsatAndGenericFromTextFields() {
        assertThat(SENSORS.parse("landsat-c2l2").open(Map.of(), DAY, null)).isInstanceOf(LandsatC2L2.class);
        SensorProfile g = SENSORS.parse("generic").open(Map.of("scale", "0.001", "nodata", "255", "maskValues", "2, 1"), DAY, null);
        assertThat(((GenericSensor) g).nodataDn()).isEqualTo(255);
        assertThat(((GenericSensor) g).scale()).isEqualTo(0.001);
        assertThat(((GenericSensor) g).maskedValues()).containsExactly(1, 2);
        assertThat(g.identity()).isEqualTo("null|0|0.001|0.0|255|[1, 2]");
        assertThat(((GenericSensor) SENSORS.parse("generic").open(Map.of(), DAY, null)).scale()).isEqualTo(1.0); // default
    }

    @Test
    void rejectsUnknownSensorListingAcceptedIds() {
        assertThatThrownBy(() -> SENSORS.parse("modis"))
                .isInstanceOf(InvalidSensorFieldException.class)
                .hasMessageContaining("sentinel2-l2a, landsat-c2l2, generic")
                .extracting(e -> ((InvalidSensorFieldException) e).field()).isEqualTo("sensor");
    }

    @Test
    void badGenericFieldsAreNamed() {
        assertThatThrownBy(() -> SENSORS.parse("generic").open(Map.of("scale", "0"), DAY, null))
                .extracting(e -> ((InvalidSensorFieldException) e).field()).isEqualTo("scale");
        assertThatThrownBy(() -> SENSORS.parse("generic").open(Map.of("offset", "x"), DAY, null))
                .extracting(e -> ((InvalidSensorFieldException) e).field()).isEqualTo("offset");
        assertThatThrownBy(() -> SENSORS.parse("generic").open(Map.of("maskValues", "8,cloud"), DAY, null))
                .hasMessageContaining("cloud")
                .extracting(e -> ((InvalidSensorFieldException) e).field()).isEqualTo("maskValues");
    }

    @Test
    void sentinel2NeedsSomeBaselineSourceAndNamesTheField() {
        assertThatThrownBy(() -> SENSORS.parse("sentinel2-l2a").open(Map.of(), null, null))
                .extracting(e -> ((InvalidSensorFieldException) e).field()).isEqualTo("processingBaseline");
        assertThatThrownBy(() -> SENSORS.parse("sentinel2-l2a").open(Map.of("processingBaseline", "banana"), DAY, null))
                .extracting(e -> ((InvalidSensorFieldException) e).field()).isEqualTo("processingBaseline");
        assertThat(SENSORS.parse("sentinel2-l2a").open(Map.of(), LocalDate.of(2021, 6, 1), null)).isInstanceOf(Sentinel2L2A.class);
    }
}
