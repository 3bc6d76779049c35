package greencover.http.ogc;

import greencover.core.tiles.TileMatrixSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Tile bounds worked out by hand. Web Mercator: half-world H = π × 6378137 = 20037508.342789244 m, tile span at
 * zoom z is 2H / 2^z, tile (x, y) spans [-H + x·span, -H + (x+1)·span] × [H - (y+1)·span, H - y·span].
 * CRS84: span 180/2^z degrees from (-180, 90).
 */
class TileMatrixSetLookupTest {
    private static final double H = 20037508.342789244;

    @ParameterizedTest(name = "WebMercatorQuad {0}/{1}/{2}")
    @CsvSource({
        // z, col, row, minX, minY, maxX, maxY (in units of H)
        "0, 0, 0, -1, -1, 1, 1",
        "1, 0, 0, -1, 0, 0, 1",
        "1, 1, 1, 0, -1, 1, 0",
        "2, 3, 1, 0.5, 0, 1, 0.5",   // span H/2: x from -H + 3H/2 = H/2; y from H - H = 0 to H - H/2
        "3, 0, 7, -1, -1, -0.75, -0.75"})
    void webMercatorTileBounds(int z, long col, long row, double minX, double minY, double maxX, double maxY) {
        double[] b = TileMatrixSet.WEB_MERCATOR_QUAD.tileBounds(z, col, row).toArray();
        assertThat(b[0]).isCloseTo(minX * H, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(b[1]).isCloseTo(minY * H, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(b[2]).isCloseTo(maxX * H, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(b[3]).isCloseTo(maxY * H, org.assertj.core.data.Offset.offset(1e-6));
    }

    @ParameterizedTest(name = "WorldCRS84Quad {0}/{1}/{2}")
    @CsvSource({
        "0, 0, 0, -180, -90, 0, 90",
        "0, 1, 0, 0, -90, 180, 90",
        "1, 3, 1, 90, -90, 180, 0",
        "2, 5, 0, 45, 45, 90, 90"})
    void crs84TileBounds(int z, long col, long row, double minX, double minY, double maxX, double maxY) {
        assertThat(TileMatrixSet.WORLD_CRS84_QUAD.tileBounds(z, col, row).toArray()).containsExactly(minX, minY, maxX, maxY);
    }

    @ParameterizedTest
    @CsvSource({"0, 1, 1, 2, 1", "1, 2, 2, 4, 2", "10, 1024, 1024, 2048, 1024"})
    void matrixSizes(int z, long mercW, long mercH, long crs84W, long crs84H) {
        assertThat(TileMatrixSet.WEB_MERCATOR_QUAD.matrixWidth(z)).isEqualTo(mercW);
        assertThat(TileMatrixSet.WEB_MERCATOR_QUAD.matrixHeight(z)).isEqualTo(mercH);
        assertThat(TileMatrixSet.WORLD_CRS84_QUAD.matrixWidth(z)).isEqualTo(crs84W);
        assertThat(TileMatrixSet.WORLD_CRS84_QUAD.matrixHeight(z)).isEqualTo(crs84H);
    }

    @Test
    void scaleDenominatorsHalvePerZoom() {
        // 2H / 256 px / 0.00028 m = 559082264.0287178 at zoom 0
        assertThat(TileMatrixSet.WEB_MERCATOR_QUAD.scaleDenominator(0)).isEqualTo(559082264.0287178);
        assertThat(TileMatrixSet.WEB_MERCATOR_QUAD.scaleDenominator(2)).isEqualTo(559082264.0287178 / 4);
        assertThat(TileMatrixSet.WORLD_CRS84_QUAD.scaleDenominator(0)).isEqualTo(279541132.0143589);
    }

    @Test
    void tilesOutsideTheMatrixAreRejected() {
        assertThat(TileMatrixSet.WEB_MERCATOR_QUAD.isValid(3, 8, 0)).isFalse();
        assertThat(TileMatrixSet.WEB_MERCATOR_QUAD.isValid(3, 7, 7)).isTrue();
        assertThat(TileMatrixSet.WORLD_CRS84_QUAD.isValid(0, 1, 0)).isTrue();
        assertThat(TileMatrixSet.WEB_MERCATOR_QUAD.isValid(25, 0, 0)).isFalse();
        assertThat(TileMatrixSet.WEB_MERCATOR_QUAD.isValid(1, -1, 0)).isFalse();
        assertThatThrownBy(() -> TileMatrixSet.WEB_MERCATOR_QUAD.tileBounds(3, 9, 0)).hasMessageContaining("3/9/0");
    }

    @Test
    void identifiersAndAliasesAreFound() {
        assertThat(TileRequest.matrixSet("webmercatorquad")).contains(TileMatrixSet.WEB_MERCATOR_QUAD);
        assertThat(TileRequest.matrixSet("GoogleMapsCompatible")).contains(TileMatrixSet.WEB_MERCATOR_QUAD);
        assertThat(TileRequest.matrixSet("WorldCRS84Quad")).contains(TileMatrixSet.WORLD_CRS84_QUAD);
        assertThat(TileRequest.matrixSet("UTM50S")).isEmpty();
    }
}
