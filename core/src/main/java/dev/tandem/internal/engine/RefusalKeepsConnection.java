package dev.tandem.internal.engine;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;

/**
 * HikariCP closes a connection whose statement failed with SQLSTATE 0A000 ("feature not supported"),
 * taking it for broken. MySQL and MariaDB answer 0A000 when they refuse an ALTER's ALGORITHM or LOCK
 * clause, which Tandem does on purpose (INSTANT first, then INPLACE): the connection is fine, and the
 * step's session settings must survive on it.
 */
public final class RefusalKeepsConnection implements SQLExceptionOverride {

    @java.lang.Override
    public SQLExceptionOverride.Override adjudicate(SQLException e) {
        return "0A000".equals(e.getSQLState()) ? SQLExceptionOverride.Override.DO_NOT_EVICT
                : SQLExceptionOverride.Override.CONTINUE_EVICT;
    }
}
