package greencover.core.index;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class FvcTest {

    /** Defaults soil .2, veg .86, span .66: NDVI .53 → .33/.66 = .5; .365 → .165/.66 = .25; .1 → 0; .9 → 1. */
    @ParameterizedTest
    @CsvSource({"0.53, 0.5", "0.365, 0.25", "0.2, 0.0", "0.86, 1.0", "0.1, 0.0", "0.9, 1.0", "NaN, NaN"})
    void defaultsMapNdviToCover(double ndvi, double expected) {
        double f = Fvc.defaults().fractionOf(ndvi);
        if (Double.isNaN(expected)) assertThat(f).isNaN();
        else assertThat(f).isCloseTo(expected, within(1e-9));
    }

    /** Soil .1, veg .9: NDVI .3 → .2/.8 = .25; array form keeps NaN. */
    @Test
    void customEndmembersAndArrayForm() {
        Fvc fvc = new Fvc(0.1, 0.9);
        float[] out = new float[2];
        fvc.compute(2, new float[] {0.3f, Float.NaN}, out);
        assertThat(out[0]).isCloseTo(0.25f, within(1e-6f));
        assertThat(out[1]).isNaN();
    }

    @Test
    void rejectsSoilNotBelowVegNamingBoth() {
        assertThatThrownBy(() -> new Fvc(0.8, 0.8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ndviSoil").hasMessageContaining("ndviVeg");
        assertThatThrownBy(() -> new Fvc(Double.NaN, 0.8)).hasMessageContaining("ndviSoil");
    }
}
