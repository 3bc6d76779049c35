package greencover.core.tiles;

import static greencover.core.tiles.TileMatrixSet.WEB_MERCATOR_QUAD;
import static greencover.core.tiles.TileMatrixSet.WORLD_CRS84_QUAD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TileMatrixSetTest {
    /** Half the equator in Web Mercator metres: π × 6378137. */
    private static final double H = Math.PI * 6378137;

    private static void assertBounds(Extent e, double minX, double minY, double maxX, double maxY, double tol) {
        assertThat(e.minX()).isCloseTo(minX, within(tol));
        assertThat(e.minY()).isCloseTo(minY, within(tol));
        assertThat(e.maxX()).isCloseTo(maxX, within(tol));
        assertThat(e.maxY()).isCloseTo(maxY, within(tol));
    }

    @Test
    void webMercatorTilesAtZoomZeroAndOne() {
        assertBounds(WEB_MERCATOR_QUAD.tileBounds(0, 0, 0), -H, -H, H, H, 1e-6);
        assertBounds(WEB_MERCATOR_QUAD.tileBounds(1, 0, 0), -20037508.34, 0, 0, 20037508.34, 0.01);
        assertBounds(WEB_MERCATOR_QUAD.tileBounds(1, 1, 1), 0, -H, H, 0, 1e-6);
        assertThat(WEB_MERCATOR_QUAD.matrixWidth(1)).isEqualTo(2);
        assertThat(WEB_MERCATOR_QUAD.scaleDenominator(0)).isEqualTo(559082264.0287178);
        assertThat(WEB_MERCATOR_QUAD.scaleDenominator(1)).isCloseTo(279541132.0143589, within(1e-6));
        // 2πR / 256 px
        assertThat(WEB_MERCATOR_QUAD.resolution(0)).isCloseTo(156543.03392804097, within(1e-8));
        // the scale denominator is the resolution over 0.28 mm
        assertThat(WEB_MERCATOR_QUAD.resolution(5) / 0.00028)
                .isCloseTo(WEB_MERCATOR_QUAD.scaleDenominator(5), within(1e-3));
    }

    @Test
    void worldCrs84TilesAtZoomZeroAndOne() {
        assertBounds(WORLD_CRS84_QUAD.tileBounds(0, 0, 0), -180, -90, 0, 90, 1e-12);
        assertBounds(WORLD_CRS84_QUAD.tileBounds(0, 1, 0), 0, -90, 180, 90, 1e-12);
        assertBounds(WORLD_CRS84_QUAD.tileBounds(1, 1, 0), -90, 0, 0, 90, 1e-12);
        assertBounds(WORLD_CRS84_QUAD.tileBounds(1, 3, 1), 90, -90, 180, 0, 1e-12);
        assertThat(WORLD_CRS84_QUAD.matrixWidth(0)).isEqualTo(2);
        assertThat(WORLD_CRS84_QUAD.matrixHeight(0)).isEqualTo(1);
        assertThat(WORLD_CRS84_QUAD.resolution(0)).isEqualTo(180.0 / 256);
        assertThat(WORLD_CRS84_QUAD.scaleDenominator(0)).isEqualTo(279541132.0143589);
    }

    @Test
    void tileRangeCoversTheTilesThatABoxTouches() {
        assertThat(WEB_MERCATOR_QUAD.tileRange(1, new Extent(-1, -1, 1, 1))).isEqualTo(new TileRange(1, 0, 0, 1, 1));
        assertThat(WEB_MERCATOR_QUAD.tileRange(1, new Extent(1, 1, 2, 2))).isEqualTo(new TileRange(1, 1, 0, 1, 0));
        // a box exactly on tile (1, 0) at zoom 1 does not spill into its neighbours
        assertThat(WEB_MERCATOR_QUAD.tileRange(1, new Extent(0, 0, H, H))).isEqualTo(new TileRange(1, 1, 0, 1, 0));
        assertThat(WORLD_CRS84_QUAD.tileRange(1, new Extent(-100, 10, -80, 20))).isEqualTo(new TileRange(1, 0, 0, 1, 0));
        assertThat(WORLD_CRS84_QUAD.tileRange(0, new Extent(200, 0, 210, 10)).isEmpty()).isTrue();
    }

    @Test
    void validityChecksRejectTilesOutsideTheMatrix() {
        assertThat(WEB_MERCATOR_QUAD.isValid(1, 1, 1)).isTrue();
        assertThat(WEB_MERCATOR_QUAD.isValid(1, 2, 0)).isFalse();
        assertThat(WEB_MERCATOR_QUAD.isValid(25, 0, 0)).isFalse();
        assertThat(WORLD_CRS84_QUAD.isValid(0, 1, 0)).isTrue();
        assertThat(WORLD_CRS84_QUAD.isValid(0, 0, 1)).isFalse();
        assertThatThrownBy(() -> WEB_MERCATOR_QUAD.tileBounds(0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(TileMatrixSet.byId("webmercatorquad")).isSameAs(WEB_MERCATOR_QUAD);
    }
}
