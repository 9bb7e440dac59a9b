package dev.tandem.spring.boot;

import dev.tandem.BackfillProgress;
import dev.tandem.MigrationState;
import dev.tandem.TandemException;
import dev.tandem.TandemListener;
import dev.tandem.internal.engine.Listeners;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The application's {@link TandemListener} beans, in their order, looked up when Tandem first tells them something
 * rather than when the Tandem bean is made: a listener that needs the application's DataSource (to write an audit
 * row, say), whose sessions are tagged ({@link SessionTagging}) and which may follow moves ({@link MoveFollowing})
 * through Tandem, or the Tandem bean itself, would otherwise need Tandem made first, a cycle the context fails on.
 * Each is called as Tandem calls its own: one that throws does not stop the others. The starter's
 * {@code tandemInitializer} makes the beans before the start, on its own thread, so the lookup finds them made.
 */
final class ListenerBeans implements TandemListener {

    private final ObjectProvider<TandemListener> beans;
    private volatile Listeners listeners;

    ListenerBeans(ObjectProvider<TandemListener> beans) {
        this.beans = beans;
    }

    @Override
    public void stateChanged(String version, MigrationState state) {
        listeners().stateChanged(version, state);
    }

    @Override
    public void backfillProgress(BackfillProgress progress) {
        listeners().backfillProgress(progress);
    }

    @Override
    public void ready() {
        listeners().ready();
    }

    @Override
    public void failed(TandemException failure) {
        listeners().failed(failure);
    }

    private Listeners listeners() {
        Listeners found = listeners;
        if (found == null) {
            synchronized (this) {
                found = listeners;
                if (found == null) {
                    found = new Listeners(beans.orderedStream().toList());
                    listeners = found;
                }
            }
        }
        return found;
    }

    @Override
    public String toString() {
        return "the application's TandemListener beans";
    }
}
