package greencover.service.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import greencover.service.error.OverloadedException;
import greencover.service.error.QueueFullException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class IngestQueueTest {

    @Test
    void oneRunningAndTwoWaitingAdmitThreeAndRefuseTheFourthAtOnce() {
        IngestQueue q = new IngestQueue(1, 2, Duration.ofMillis(50));
        IngestQueue.Place a = q.enter(), b = q.enter(), c = q.enter();
        assertThat(q.freePlaces()).isZero();
        assertThatThrownBy(q::enter).isInstanceOfSatisfying(QueueFullException.class, e -> {
            assertThat(e.code()).isEqualTo("queue_full");
            assertThat(e.retryAfterSeconds()).isPositive();
            assertThat(e.getMessage()).contains("1 running, 2 waiting");
        });
        a.close();
        assertThat(q.freePlaces()).isEqualTo(1);
        q.enter().close();
        b.close();
        c.close();
        assertThat(q.freePlaces()).isEqualTo(3);
    }

    @Test
    void aSecondPlaceWaitsForTheTurnOfTheFirstAndIsRefusedWhenItDoesNotComeInTime() throws Exception {
        IngestQueue q = new IngestQueue(1, 1, Duration.ofMillis(50));
        IngestQueue.Place first = q.enter();
        first.awaitTurn();
        first.awaitTurn(); // already has it
        IngestQueue.Place second = q.enter();
        assertThatThrownBy(second::awaitTurn).isInstanceOf(OverloadedException.class).isNotInstanceOf(QueueFullException.class);
        second.close();
        // with a long wait the next place gets the turn as soon as the first closes
        IngestQueue slow = new IngestQueue(1, 1, Duration.ofMinutes(1));
        IngestQueue.Place running = slow.enter();
        running.awaitTurn();
        IngestQueue.Place waiting = slow.enter();
        CompletableFuture<Void> turn = CompletableFuture.runAsync(waiting::awaitTurn);
        running.close();
        turn.get(1, TimeUnit.MINUTES);
        waiting.close();
        first.close();
        assertThat(q.freePlaces()).isEqualTo(2);
        assertThat(slow.freePlaces()).isEqualTo(2);
    }
}
