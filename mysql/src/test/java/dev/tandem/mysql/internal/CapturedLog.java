package dev.tandem.mysql.internal;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** What is logged while it is open, from every logger: for a test to read what Tandem said. */
public final class CapturedLog implements AutoCloseable {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private CapturedLog() {
    }

    public static CapturedLog start() {
        CapturedLog log = new CapturedLog();
        log.appender.start();
        root().addAppender(log.appender);
        return log;
    }

    /** The events so far, in order; the list goes on growing until {@link #close}. */
    public List<ILoggingEvent> events() {
        return appender.list;
    }

    /** Whether a message containing {@code text} was logged so far; safe while other threads log. */
    public boolean said(String text) {
        synchronized (appender) { // the lock the appender takes to add an event
            return appender.list.stream().anyMatch(e -> e.getFormattedMessage().contains(text));
        }
    }

    @Override
    public void close() {
        root().detachAppender(appender);
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
