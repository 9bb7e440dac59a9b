package dev.tandem.mysql.internal;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tandem.testing.ForcedCopy;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * When the suite runs with the copy forced ({@link ForcedCopy}), says after each test how its backfills ran,
 * from what {@link BackfillStep} logged: so many as a copy, so many in place and why (a table that cannot be
 * copied), so that a run with the switch on shows it really copied. Registered for every test of the module
 * (junit-platform.properties); does nothing when the switch is off. Backfills of separate JVMs are not counted.
 */
public final class CopyCensus implements BeforeEachCallback, AfterEachCallback {

    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(CopyCensus.class);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(CopyCensus.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        if (ForcedCopy.threshold().isEmpty()) {
            return;
        }
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        ((Logger) LoggerFactory.getLogger(BackfillStep.class)).addAppender(log);
        context.getStore(NAMESPACE).put(ListAppender.class, log);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        ListAppender<ILoggingEvent> log = context.getStore(NAMESPACE).remove(ListAppender.class, ListAppender.class);
        if (log == null) {
            return;
        }
        ((Logger) LoggerFactory.getLogger(BackfillStep.class)).detachAppender(log);
        List<String> messages = log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        long copies = messages.stream().filter(m -> m.contains(": backfill as a copy")).count();
        long resumed = messages.stream().filter(m -> m.contains(": going on with the copy")).count();
        List<String> inPlace = messages.stream().filter(m -> m.contains(": backfill in place")).toList();
        LOG.info("copy census ({}={}): {}.{} {}: {} backfills as a copy, {} copies resumed, {} in place{}", ForcedCopy.VARIABLE,
                ForcedCopy.threshold().getAsLong(), context.getRequiredTestClass().getSimpleName(),
                context.getRequiredTestMethod().getName(), context.getDisplayName(),
                copies, resumed, inPlace.size(), inPlace.isEmpty() ? "" : ": " + String.join(" | ", inPlace));
    }
}
