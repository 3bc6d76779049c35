package greencover.service.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import greencover.service.error.OverloadedException;
import greencover.service.error.PayloadTooLargeException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MemoryBudgetTest {
    private static final long MIB = 1L << 20;

    @Test
    void reservationsUpToTheCapacityAreGrantedAndTheNextIsRefusedUntilOneIsClosed() {
        MemoryBudget b = new MemoryBudget(10 * MIB, Duration.ZERO);
        MemoryBudget.Reservation six = b.reserve(6 * MIB, "f", "six");
        MemoryBudget.Reservation four = b.reserve(4 * MIB, "f", "four");
        assertThat(b.availableBytes()).isZero();
        assertThatThrownBy(() -> b.reserve(1, "f", "one byte"))
                .isInstanceOfSatisfying(OverloadedException.class, e -> {
                    assertThat(e.code()).isEqualTo("overloaded");
                    assertThat(e.retryAfterSeconds()).isEqualTo(1);
                    assertThat(e.getMessage()).contains("one byte");
                });
        four.close();
        four.close(); // the second close gives nothing back twice
        assertThat(b.availableBytes()).isEqualTo(4 * MIB);
        try (MemoryBudget.Reservation r = b.reserve(4 * MIB, "f", "again")) {
            assertThat(r.bytes()).isEqualTo(4 * MIB);
        }
        six.close();
        assertThat(b.availableBytes()).isEqualTo(10 * MIB);
    }

    @Test
    void bytesAreCountedInWholeKibRoundedUp() {
        MemoryBudget b = new MemoryBudget(MIB, Duration.ZERO);
        try (MemoryBudget.Reservation r = b.reserve(1025, "f", "x")) {
            assertThat(r.bytes()).isEqualTo(2048);
            assertThat(b.availableBytes()).isEqualTo(MIB - 2048);
        }
        try (MemoryBudget.Reservation r = b.reserve(0, "f", "nothing")) {
            assertThat(r.bytes()).isZero();
        }
    }

    @Test
    void aReservationAboveTheWholeCapacityIsTooLargeNotOverloaded() {
        MemoryBudget b = new MemoryBudget(2 * MIB, Duration.ofSeconds(30));
        assertThat(b.fits(2 * MIB)).isTrue();
        assertThat(b.fits(2 * MIB + 1)).isFalse();
        assertThatThrownBy(() -> b.reserve(2 * MIB + 1, "geometry", "a polygon"))
                .isInstanceOfSatisfying(PayloadTooLargeException.class, e -> {
                    assertThat(e.field()).isEqualTo("geometry");
                    assertThat(e.getMessage()).contains("a polygon").contains("2 MiB");
                });
        assertThat(b.availableBytes()).isEqualTo(2 * MIB);
    }

    @Test
    void aWaitingReservationIsGrantedWhenRoomComesFree() throws Exception {
        MemoryBudget b = new MemoryBudget(MIB, Duration.ofMinutes(1));
        MemoryBudget.Reservation all = b.reserve(MIB, "f", "all");
        java.util.concurrent.CompletableFuture<Long> waiter = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try (MemoryBudget.Reservation r = b.reserve(MIB / 2, "f", "half")) {
                return r.bytes();
            }
        });
        all.close();
        assertThat(waiter.get(1, java.util.concurrent.TimeUnit.MINUTES)).isEqualTo(MIB / 2);
    }

    @Test
    void capacitiesOutsideOneMibToTwoTibAreRejected() {
        assertThatThrownBy(() -> new MemoryBudget(MIB - 1, Duration.ZERO)).hasMessageContaining("capacityBytes");
        assertThatThrownBy(() -> new MemoryBudget(MemoryBudget.MAX_CAPACITY_BYTES + 1024, Duration.ZERO)).hasMessageContaining("capacityBytes");
        assertThatThrownBy(() -> new MemoryBudget(MIB, Duration.ofSeconds(-1))).hasMessageContaining("defaultWait");
    }
}
