package greencover.service.map;

import static org.assertj.core.api.Assertions.assertThat;

import greencover.core.tiles.CrsTransforms;
import greencover.core.tiles.TargetGrid;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.geotools.referencing.crs.DefaultGeographicCRS;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

class LabelPlacerTest {
    private static final GeometryFactory GF = new GeometryFactory();

    private static Rectangle2D box(double x, double y) {
        return new Rectangle2D.Double(x, y, 100, 14);
    }

    @Test
    void dropsALabelThatOverlapsOneAlreadyPlaced() {
        LabelPlacer placer = new LabelPlacer(0);
        assertThat(placer.place(List.of(box(0, 0)))).isEqualTo(box(0, 0));
        // (90, 5) shares the strip x 90..100, y 5..14 with the first box
        assertThat(placer.place(List.of(box(90, 5)))).isNull();
    }

    @Test
    void takesTheFirstCandidateThatIsClear() {
        LabelPlacer placer = new LabelPlacer(0);
        placer.place(List.of(box(0, 0)));
        assertThat(placer.place(List.of(box(50, 0), box(0, 30), box(0, 60)))).isEqualTo(box(0, 30));
    }

    @Test
    void keepsLabelsAtLeastThePaddingApart() {
        LabelPlacer placer = new LabelPlacer(3);
        placer.place(List.of(box(0, 0)));   // y 0..14
        assertThat(placer.place(List.of(box(0, 16)))).as("2 px below").isNull();
        assertThat(placer.place(List.of(box(0, 18)))).as("4 px below").isEqualTo(box(0, 18));
    }

    @Test
    void shortensLongNamesAtAWordAndDropsParentheticalRemarks() {
        assertThat(LabelPlacer.shorten("Zijinshan open pit (context / bare-ground reference)", 32))
                .isEqualTo("Zijinshan open pit");
        // 31 characters fit before the ellipsis; "restored" ends exactly there
        assertThat(LabelPlacer.shorten("Zijinshan Au-Cu mine - restored waste-dump / disturbed-land envelope", 32))
                .isEqualTo("Zijinshan Au-Cu mine - restored…");
        // "tailings" would be cut inside the word: back to the previous word
        assertThat(LabelPlacer.shorten("Veliki Krivelj flotation tailings storage facility", 32))
                .isEqualTo("Veliki Krivelj flotation…");
        assertThat(LabelPlacer.shorten("  Short   name ", 32)).isEqualTo("Short name");
    }

    /**
     * A 10 x 10 square with the 4 x 4 hole [3, 7]²: every label anchor lies on the ring, none in the hole, and the
     * second anchor lies in the upper third (y ≥ 10 − 10/3).
     */
    @Test
    void anchorsOfARingLieOnTheRingNotInItsHole() {
        Polygon ring = GF.createPolygon(shell(0, 10), new LinearRing[] {shell(3, 7)});
        List<Point> anchors = SitesPainter.anchors(ring);
        assertThat(anchors).hasSize(3);
        for (Point p : anchors) {
            assertThat(ring.contains(p)).as("%s on the ring", p).isTrue();
        }
        assertThat(anchors.get(1).getY()).isGreaterThanOrEqualTo(10 - 10 / 3.0);
        assertThat(anchors.get(2).getY()).isLessThanOrEqualTo(10 / 3.0);
    }

    /**
     * Two sites with the same 10 px square outline (0.5° at 20 px per degree): all three anchors of the second name
     * lie within 10 px of the first name's centre, closer than a 12 pt label is high, so only one label is painted.
     */
    @Test
    void paintsOnlyOneOfTwoLabelsThatWouldOverlap() throws Exception {
        Polygon square = GF.createPolygon(shell(5, 5.5));
        TargetGrid grid = new TargetGrid(DefaultGeographicCRS.WGS84, -1, -1, 11, 11, 240, 240);
        MapSite a = new MapSite("a", "Alpha site", square, Map.of());
        MapSite b = new MapSite("b", "Bravo place", square, Map.of());
        int one = labelPixels(grid, List.of(a));
        int both = labelPixels(grid, List.of(a, b));
        assertThat(one).isGreaterThan(20);
        assertThat(both).isEqualTo(one);
    }

    private static int labelPixels(TargetGrid grid, List<MapSite> sites) throws Exception {
        BufferedImage img = new BufferedImage(grid.width(), grid.height(), BufferedImage.TYPE_INT_ARGB);
        SitesPainter.paint(img, grid, sites, new CrsTransforms());
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if (img.getRGB(x, y) == 0xFF303030) n++;   // the label's fill colour
            }
        }
        return n;
    }

    private static LinearRing shell(double lo, double hi) {
        return GF.createLinearRing(new Coordinate[] {new Coordinate(lo, lo), new Coordinate(hi, lo),
            new Coordinate(hi, hi), new Coordinate(lo, hi), new Coordinate(lo, lo)});
    }
}
