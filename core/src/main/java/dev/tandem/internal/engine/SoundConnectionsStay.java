package dev.tandem.internal.engine;

import com.zaxxer.hikari.SQLExceptionOverride;
import dev.tandem.spi.Dialect;
import java.sql.SQLException;
import java.util.ServiceLoader;
import java.util.function.Predicate;

/**
 * Tells Tandem's pool (HikariCP) to keep a connection whose statement failed in a way the dialect knows
 * leaves it sound ({@link Dialect#connectionSurvives}), where HikariCP would evict it as broken; every
 * other failure is left to HikariCP's own judgement.
 */
public final class SoundConnectionsStay implements SQLExceptionOverride {

    private final Predicate<SQLException> survives;

    SoundConnectionsStay(Predicate<SQLException> survives) {
        this.survives = survives;
    }

    /**
     * The override for the dialects on {@code loader}'s class path. The pool opens before Tandem knows
     * which of them serves the server (it connects to find out), so any of them may vouch for a connection;
     * each knows only its own server's answers.
     */
    public static SoundConnectionsStay forDialectsOn(ClassLoader loader) {
        Predicate<SQLException> survives = e -> false;
        for (Dialect dialect : ServiceLoader.load(Dialect.class, loader)) {
            survives = survives.or(dialect::connectionSurvives);
        }
        return new SoundConnectionsStay(survives);
    }

    @java.lang.Override
    public SQLExceptionOverride.Override adjudicate(SQLException e) {
        return survives.test(e) ? SQLExceptionOverride.Override.DO_NOT_EVICT : SQLExceptionOverride.Override.CONTINUE_EVICT;
    }
}
