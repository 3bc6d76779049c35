package greencover.service.map;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The source-over rule of {@link LayerStack} on colours whose blend can be worked out by hand. */
class LayerStackTest {

    @Test
    void opaqueSourceReplacesAndClearSourceKeepsTheDestination() {
        int[] dst = {0xFF0000FF, 0xFF0000FF, 0};
        LayerStack.over(new int[] {0xFF112233, 0x00FFFFFF, 0x00FFFFFF}, dst);
        assertThat(dst).containsExactly(0xFF112233, 0xFF0000FF, 0);
    }

    @Test
    void halfTransparentRedOverOpaqueBlueWeighsBoth() {
        // alpha 128: red 255·128/255 = 128, blue 255·127/255 = 127, the result opaque
        assertThat(LayerStack.over(0x80FF0000, 0xFF0000FF)).isEqualTo(0xFF80007F);
    }

    @Test
    void halfTransparentOverClearKeepsItsColourAndAlpha() {
        assertThat(LayerStack.over(0x80FF0000, 0x00000000)).isEqualTo(0x80FF0000);
    }

    @Test
    void twoHalfTransparentLayersGiveThreeQuartersAlpha() {
        // alpha 128 + 128·127/255 = 191.75 -> 192; weights 255 : 127 (of 382), so red 255·255/382 = 170.2 -> 170
        // and blue 255·127/382 = 84.8 -> 85
        assertThat(LayerStack.over(0x80FF0000, 0x800000FF)).isEqualTo(0xC0AA0055);
    }
}
