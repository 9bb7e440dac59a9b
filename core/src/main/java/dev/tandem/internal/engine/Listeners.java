package dev.tandem.internal.engine;

import dev.tandem.MigrationState;
import dev.tandem.TandemException;
import dev.tandem.TandemListener;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls every listener; one that throws is logged and does not stop the others or the migration. */
public final class Listeners implements dev.tandem.spi.BackfillObserver {

    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    private final List<TandemListener> listeners;

    public Listeners(List<TandemListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    public void stateChanged(String version, MigrationState state) {
        each(l -> l.stateChanged(version, state));
    }

    @Override
    public void backfillProgress(dev.tandem.BackfillProgress progress) {
        each(l -> l.backfillProgress(progress));
    }

    public void ready() {
        each(TandemListener::ready);
    }

    public void failed(TandemException failure) {
        each(l -> l.failed(failure));
    }

    private void each(Consumer<TandemListener> call) {
        for (TandemListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                LOG.warn("Listener {} threw {}; ignored", listener, e.toString());
            }
        }
    }
}
