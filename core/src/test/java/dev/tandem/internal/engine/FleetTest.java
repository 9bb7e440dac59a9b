package dev.tandem.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.InstanceStatus;
import dev.tandem.spi.FleetStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FleetTest {

    /** A registry that keeps nothing: each test's store says what its beats do. */
    private abstract static class StubStore implements FleetStore {

        @Override
        public void register(InstanceStatus instance) {
        }

        @Override
        public void deregister(String instanceId) {
        }

        @Override
        public List<InstanceStatus> live() {
            return List.of();
        }

        @Override
        public Instant now() {
            return Instant.now();
        }
    }

    /** The registry, its first beat throwing an Error (as an OutOfMemoryError would), counting the beats after. */
    private static final class FirstBeatFails extends StubStore {
        final AtomicInteger beats = new AtomicInteger();
        final CountDownLatch laterBeats = new CountDownLatch(2);

        @Override
        public boolean heartbeat(String instanceId) {
            if (beats.incrementAndGet() == 1) {
                throw new AssertionError("an Error, not an exception");
            }
            laterBeats.countDown();
            return true;
        }
    }

    /** The registry, whose second beat waits until the row is deleted, then finds it gone, as a slow UPDATE would. */
    private static final class BeatOutlastsTheDelete extends StubStore {
        final AtomicInteger registered = new AtomicInteger();
        final AtomicInteger beats = new AtomicInteger();
        final CountDownLatch beating = new CountDownLatch(1);
        final CountDownLatch deleted = new CountDownLatch(1);

        @Override
        public void register(InstanceStatus instance) {
            registered.incrementAndGet();
        }

        @Override
        public boolean heartbeat(String instanceId) {
            if (beats.incrementAndGet() == 1) {
                return true;
            }
            beating.countDown();
            try {
                deleted.await(5, TimeUnit.SECONDS); // a statement an interrupt does not stop
            } catch (InterruptedException e) {
                try {
                    deleted.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException again) {
                    Thread.currentThread().interrupt();
                }
            }
            return false;
        }

        @Override
        public void deregister(String instanceId) {
            deleted.countDown();
        }
    }

    /** A beat under way when close() deleted the row registered it again: a closed instance counted live for a TTL. */
    @Test
    void aBeatThatFindsItsRowDeletedByCloseDoesNotRegisterAgain() throws InterruptedException {
        BeatOutlastsTheDelete store = new BeatOutlastsTheDelete();
        InstanceStatus me = new InstanceStatus("i-1", "1.0", "host", 1, Set.of(), null, null, null, 30);
        Fleet fleet = new Fleet(store, me, Duration.ofMillis(20), () -> { }, () -> { });
        fleet.join();
        assertThat(store.beating.await(5, TimeUnit.SECONDS)).isTrue();
        fleet.close();
        Thread.sleep(200);

        assertThat(store.registered).as("registered once, by join()").hasValue(1);
    }

    @Test
    void anErrorInABeatDoesNotStopTheBeatsAfterIt() throws InterruptedException {
        FirstBeatFails store = new FirstBeatFails();
        InstanceStatus me = new InstanceStatus("i-1", "1.0", "host", 1, Set.of(), null, null, null, 30);
        try (Fleet fleet = new Fleet(store, me, Duration.ofMillis(20), () -> { }, () -> { })) {
            fleet.join();

            assertThat(store.laterBeats.await(5, TimeUnit.SECONDS)).as("beats after the one that threw").isTrue();
        }
    }
}
