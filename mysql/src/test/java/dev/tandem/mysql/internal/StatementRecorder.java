package dev.tandem.mysql.internal;

import dev.tandem.testing.TestDatabase;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Connections to a test database that record each statement a node runs through {@link Statement#execute}
 * and its kin, in order, whether the server took it or not: what a test asserts ran where (an ALTER under a
 * table lock, say).
 */
final class StatementRecorder {

    private final TestDatabase db;
    private final List<String> statements = Collections.synchronizedList(new ArrayList<>());
    private final List<Connection> connections = Collections.synchronizedList(new ArrayList<>());

    StatementRecorder(TestDatabase db) {
        this.db = db;
    }

    /** Connections that record their statements here. */
    DataSource dataSource() {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getConnection" -> {
                        Connection connection = db.connection();
                        connections.add(connection);
                        yield recording(connection);
                    }
                    case "getLogWriter" -> (PrintWriter) null;
                    case "getLoginTimeout" -> 0;
                    case "getParentLogger" -> Logger.getGlobal();
                    case "isWrapperFor" -> false;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Every connection handed out so far, open or closed. */
    List<Connection> connections() {
        synchronized (connections) {
            return List.copyOf(connections);
        }
    }

    /** The statements run so far, as written. */
    List<String> statements() {
        synchronized (statements) {
            return List.copyOf(statements);
        }
    }

    /**
     * The statements run between a {@code LOCK TABLES} and the next {@code UNLOCK TABLES} that begin with
     * {@code prefix} (case aside).
     */
    List<String> underTableLocks(String prefix) {
        List<String> found = new ArrayList<>();
        boolean locked = false;
        for (String sql : statements()) {
            String upper = sql.strip().toUpperCase(Locale.ROOT);
            if (upper.startsWith("LOCK TABLES")) {
                locked = true;
            } else if (upper.startsWith("UNLOCK TABLES")) {
                locked = false;
            } else if (locked && upper.startsWith(prefix.toUpperCase(Locale.ROOT))) {
                found.add(sql);
            }
        }
        return found;
    }

    private Connection recording(Connection connection) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    Object result = invoke(connection, method, args);
                    if (!method.getName().equals("createStatement")) {
                        return result;
                    }
                    Statement statement = (Statement) result;
                    return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Statement.class},
                            (p, m, a) -> {
                                if (m.getName().startsWith("execute") && a != null && a[0] instanceof String sql) {
                                    statements.add(sql);
                                }
                                return invoke(statement, m, a);
                            });
                });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
