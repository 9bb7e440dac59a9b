package dev.tandem.testkit;

import java.sql.Connection;

/** An app version's own code, run on one of its connections: {@link AppVersion#run(ConnectionWork)}. */
@FunctionalInterface
public interface ConnectionWork {

    /** Runs the work; the connection is closed afterwards. */
    void run(Connection connection) throws Exception;
}
