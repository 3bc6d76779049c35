package greencover.core.raster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BandRoleTest {

    @ParameterizedTest
    @CsvSource({"red, RED", "NIR, NIR", "' swir1 ', SWIR1", "Mask, MASK", "green, GREEN", "blue, BLUE"})
    void parseAcceptsKeysInAnyCase(String text, BandRole expected) {
        assertThat(BandRole.parse(text)).isEqualTo(expected);
    }

    @Test
    void keyIsLowerCaseName() {
        assertThat(BandRole.SWIR1.key()).isEqualTo("swir1");
    }

    @Test
    void parseRejectsUnknownRoleNamingBandsAndAcceptedValues() {
        assertThatThrownBy(() -> BandRole.parse("swir2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bands")
                .hasMessageContaining("red, nir, blue, green, swir1, mask");
    }
}
