package greencover.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class LegendRendererTest {
    private final Styles styles = new Styles();

    private static boolean contains(BufferedImage img, int argb) {
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) if (img.getRGB(x, y) == argb) return true;
        }
        return false;
    }

    /** True when some pixel is within 3 of {@code argb} in each of R, G, B. */
    private static boolean containsNear(BufferedImage img, int argb) {
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int c = img.getRGB(x, y);
                boolean near = true;
                for (int shift = 0; shift < 24; shift += 8) {
                    near &= Math.abs(((c >> shift) & 0xFF) - ((argb >> shift) & 0xFF)) <= 3;
                }
                if (near) return true;
            }
        }
        return false;
    }

    @Test
    void classLegendShowsEveryClassColour() throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(new LegendRenderer().render(styles.get("greencover"))));
        assertThat(img).isNotNull();
        for (int c : styles.get("greencover").ramp().colors()) assertThat(contains(img, c)).isTrue();
    }

    @Test
    void rampLegendShowsBothEndColours() throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(new LegendRenderer().render(styles.get("ndvi-change"))));
        assertThat(img).isNotNull();
        assertThat(img.getHeight()).isGreaterThan(150);
        // the bar's top and bottom rows show the end stops exactly; its middle rows are near white
        assertThat(contains(img, 0xFFB2182B)).isTrue();
        assertThat(contains(img, 0xFF1A9850)).isTrue();
        assertThat(containsNear(img, 0xFFF7F7F7)).isTrue();
    }
}
