package greencover.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import greencover.core.raster.IndexCodes;
import org.junit.jupiter.api.Test;

class ColorRampTest {

    /** Black at 0, (200, 100, 32) at 1: halfway is (100, 50, 16). */
    private final ColorRamp ramp = ColorRamp.linear(new double[] {0, 1}, new int[] {0xFF000000, 0xFFC86420});

    @Test
    void linearRampGivesStopColoursAtStopsAndInterpolatesBetween() {
        assertThat(ramp.argbOf(0)).isEqualTo(0xFF000000);
        assertThat(ramp.argbOf(1)).isEqualTo(0xFFC86420);
        assertThat(ramp.argbOf(0.5)).isEqualTo(0xFF643210);
        assertThat(ramp.argbOf(-3)).isEqualTo(0xFF000000);
        assertThat(ramp.argbOf(7)).isEqualTo(0xFFC86420);
        assertThat(ramp.argbOf(Double.NaN)).isZero();
    }

    @Test
    void lookupTableColoursValueCodesAndMakesClassCodesTransparent() {
        int[] lut = ramp.lookupTable(v -> v);
        assertThat(lut).hasSize(65536);
        assertThat(lut[0]).isEqualTo(0xFF000000);                       // code 0 = value 0
        assertThat(lut[5000]).isEqualTo(0xFF643210);                    // 0.5
        assertThat(lut[10000]).isEqualTo(0xFFC86420);                   // 1.0
        assertThat(lut[(short) -5000 & 0xFFFF]).isEqualTo(0xFF000000);  // -0.5 clamps to the first stop
        assertThat(lut[IndexCodes.CLOUD & 0xFFFF]).isZero();
        assertThat(lut[IndexCodes.NODATA & 0xFFFF]).isZero();
        assertThat(lut[IndexCodes.WATER & 0xFFFF]).isZero();
    }

    @Test
    void discreteRampPutsBreakValuesInTheUpperClass() {
        ColorRamp classes = ColorRamp.classes(new double[] {0.2, 0.4}, new int[] {0xFF0000FF, 0xFF00FF00, 0xFFFF0000});
        assertThat(classes.argbOf(0.1999)).isEqualTo(0xFF0000FF);
        assertThat(classes.argbOf(0.2)).isEqualTo(0xFF00FF00);
        assertThat(classes.argbOf(0.4)).isEqualTo(0xFFFF0000);
        byte[] idx = classes.paletteIndexTable(v -> v);
        assertThat(idx[1999]).isEqualTo((byte) 1);
        assertThat(idx[2000]).isEqualTo((byte) 2);
        assertThat(idx[4000]).isEqualTo((byte) 3);
        assertThat(idx[IndexCodes.CLOUD & 0xFFFF]).isZero();
        assertThat(classes.palette()).containsExactly(0, 0xFF0000FF, 0xFF00FF00, 0xFFFF0000);
    }

    @Test
    void builtInStylesMatchTheirStopColours() {
        Styles styles = new Styles();
        int[] ndvi = styles.get("ndvi").argbTable();
        assertThat(ndvi[(short) -2000 & 0xFFFF]).isEqualTo(0xFF8C510A);
        assertThat(ndvi[2000]).isEqualTo(0xFFF5E65A);
        assertThat(ndvi[10000]).isEqualTo(0xFF006837);
        // NDVI 0.3 is a quarter of the way from yellow (245,230,90) to green (102,189,99) = (209.25, 219.75, 92.25)
        assertThat(ndvi[3000]).isEqualTo(0xFFD1DC5C);
        // FVC: NDVI 0.86 is full cover (stop 1), NDVI 0.2 and below bare soil (stop 0)
        int[] fvc = styles.get("fvc").argbTable();
        assertThat(fvc[8600]).isEqualTo(0xFF1B7837);
        assertThat(fvc[1000]).isEqualTo(0xFFC8A878);
        Style green = styles.get("greencover");
        assertThat(green.paletteIndexTable()[5999]).isEqualTo((byte) 3);  // moderate
        assertThat(green.paletteIndexTable()[6000]).isEqualTo((byte) 4);  // dense
        assertThat(green.palette()[4]).isEqualTo(0xFF1E7B34);
        int[] change = styles.get("ndvi-change").argbTable();
        assertThat(change[(short) -5000 & 0xFFFF]).isEqualTo(0xFFB2182B);
        assertThat(change[0]).isEqualTo(0xFFF7F7F7);
        assertThat(change[5000]).isEqualTo(0xFF1A9850);
    }
}
