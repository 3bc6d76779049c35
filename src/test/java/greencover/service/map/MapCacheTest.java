package greencover.service.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MapCacheTest {
    private static CachedImage image(int bytes) {
        return new CachedImage(new byte[bytes], "image/png", "\"e\"", 0, false);
    }

    @Test
    void aHitDoesNotProduceAgain() {
        MapCache cache = new MapCache(100);
        AtomicInteger produced = new AtomicInteger();
        cache.get("a", () -> { produced.incrementAndGet(); return image(10); });
        cache.get("a", () -> { produced.incrementAndGet(); return image(10); });
        assertThat(produced).hasValue(1);
        assertThat(cache.hits()).isEqualTo(1);
        assertThat(cache.misses()).isEqualTo(1);
    }

    @Test
    void leastRecentlyUsedIsEvictedWhenBytesPassTheBudget() {
        // budget 100: a(40) + b(40) fit; touching a makes b the eldest; c(40) pushes the total to 120 → b goes
        MapCache cache = new MapCache(100);
        cache.get("a", () -> image(40));
        cache.get("b", () -> image(40));
        cache.get("a", () -> image(40));
        cache.get("c", () -> image(40));
        assertThat(cache.peek("a")).isNotNull();
        assertThat(cache.peek("b")).isNull();
        assertThat(cache.peek("c")).isNotNull();
        assertThat(cache.totalBytes()).isEqualTo(80);
        assertThat(cache.evictions()).isEqualTo(1);
    }

    @Test
    void anEntryLargerThanTheBudgetIsServedButNotKept() {
        MapCache cache = new MapCache(10);
        assertThat(cache.get("big", () -> image(11)).bytes()).hasSize(11);
        assertThat(cache.size()).isZero();
        assertThat(cache.totalBytes()).isZero();
        assertThat(cache.evictions()).isZero();
    }
}
