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

    /**
     * The single segment of {@code ramp} (black to (200,100,32)) gets 254 steps rounded down to a multiple of
     * 20 = 240: entry 1 is black, entry 1 + j the colour at j/240, entry 241 the last stop.
     */
    @Test
    void continuousRampIsQuantisedToEvenStepsWithTheStopsExact() {
        assertThat(ramp.segmentSteps()).containsExactly(240);
        int[] palette = ramp.palette();
        assertThat(palette).hasSize(242);
        assertThat(palette[0]).isZero();
        assertThat(palette[1]).isEqualTo(0xFF000000);
        assertThat(palette[121]).isEqualTo(0xFF643210);   // j = 120: halfway (100, 50, 16)
        assertThat(palette[61]).isEqualTo(0xFF321908);    // j = 60: a quarter (50, 25, 8)
        // j = 1: 1/240 of (200, 100, 32) = (0.83, 0.42, 0.13) rounds to (1, 0, 0)
        assertThat(palette[2]).isEqualTo(0xFF010000);
        assertThat(palette[241]).isEqualTo(0xFFC86420);
        byte[] idx = ramp.paletteIndexTable(v -> v);
        assertThat(idx[5000] & 0xFF).isEqualTo(121);               // 0.5
        assertThat(idx[2500] & 0xFF).isEqualTo(61);                // 0.25
        assertThat(idx[10] & 0xFF).isEqualTo(1);                   // 0.001 = 0.24 steps: nearest is black
        assertThat(idx[30] & 0xFF).isEqualTo(2);                   // 0.003 = 0.72 steps
        assertThat(idx[(short) -5000 & 0xFFFF] & 0xFF).isEqualTo(1);  // below the first stop
        assertThat(idx[20000] & 0xFF).isEqualTo(241);              // above the last stop
        assertThat(idx[IndexCodes.CLOUD & 0xFFFF]).isZero();
        assertThat(idx[IndexCodes.NODATA & 0xFFFF]).isZero();
    }

    /**
     * Stops 0, 1, 3 (black, white, black): the segments of length 1 and 2 get 254/3 = 84 → 80 and 169 → 160
     * steps; value 1 is entry 1 + 80 (white), value 2 halfway down the second segment, entry 81 + 80 =
     * (127.5 rounds to 128, grey).
     */
    @Test
    void longerSegmentsGetMoreSteps() {
        ColorRamp r = ColorRamp.linear(new double[] {0, 1, 3}, new int[] {0xFF000000, 0xFFFFFFFF, 0xFF000000});
        assertThat(r.segmentSteps()).containsExactly(80, 160);
        int[] palette = r.palette();
        assertThat(palette).hasSize(2 + 240);
        assertThat(palette[81]).isEqualTo(0xFFFFFFFF);
        assertThat(palette[161]).isEqualTo(0xFF808080);
        byte[] idx = r.paletteIndexTable(v -> v);
        assertThat(idx[10000] & 0xFF).isEqualTo(81);
        assertThat(idx[20000] & 0xFF).isEqualTo(161);
        assertThat(idx[30000] & 0xFF).isEqualTo(241);
    }
}
