package dev.tandem.spring.boot;

import dev.tandem.BackfillProgress;
import dev.tandem.MigrationState;
import dev.tandem.TandemException;
import dev.tandem.TandemListener;
import dev.tandem.internal.engine.Listeners;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The application's {@link TandemListener} beans, in their order, made when the starter's {@code tandemInitializer}
 * is about to start Tandem ({@link #lookUp}) rather than when the Tandem bean is: a listener that needs the
 * application's DataSource (to write an audit row, say), whose sessions are tagged ({@link SessionTagging}) and which
 * may follow moves ({@link MoveFollowing}) through Tandem, or the Tandem bean itself, would otherwise need Tandem made
 * first, a cycle the context fails on. The Tandem bean hears through {@link #listener}, which calls each as Tandem calls
 * its own: one that throws does not stop the others.
 */
final class ListenerBeans {

    private final ObjectProvider<TandemListener> beans;
    private volatile Listeners listeners;

    ListenerBeans(ObjectProvider<TandemListener> beans) {
        this.beans = beans;
    }

    /**
     * Makes the beans now, on the thread that starts Tandem, before the start tells them anything: a listener that
     * uses the database through a bean that waits for Tandem's start (a {@code JdbcTemplate}) is a cycle the context
     * fails on here, rather than a lookup that fails at every event, for every listener, on any of Tandem's threads.
     */
    void lookUp() {
        listeners();
    }

    /** The one listener the Tandem bean is given: each event passed on to the beans. */
    TandemListener listener() {
        return new TandemListener() {
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

            @Override
            public String toString() {
                return "the application's TandemListener beans";
            }
        };
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
}
