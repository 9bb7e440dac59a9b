package dev.tandem.mysql.internal;

import dev.tandem.testing.TestDatabase;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A test database's connections that run a hook after each statement a session executes as text: to kill, freeze
 * or fail a node right after the statement a test chooses, as a crash, a pause or a server's refusal would.
 */
final class StatementHooks {

    /** What runs after each statement of one session: given the statement and the session's connection id. */
    @FunctionalInterface
    interface After {
        void ran(String sql, long connectionId) throws Exception;
    }

    private StatementHooks() {
    }

    /** Connections to {@code db}, each with a hook of its own from {@code perSession}. */
    static DataSource of(TestDatabase db, Supplier<After> perSession) {
        return (DataSource) Proxy.newProxyInstance(StatementHooks.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getConnection" -> hooked(db.connection(), perSession.get());
                    case "getLogWriter" -> (PrintWriter) null;
                    case "getLoginTimeout" -> 0;
                    case "getParentLogger" -> Logger.getGlobal();
                    case "isWrapperFor" -> false;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Connection hooked(Connection connection, After after) throws SQLException {
        long id;
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
            rs.next();
            id = rs.getLong(1);
        }
        return (Connection) Proxy.newProxyInstance(StatementHooks.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    Object result = invoke(connection, method, args);
                    if (!method.getName().equals("createStatement")) {
                        return result;
                    }
                    Statement statement = (Statement) result;
                    return Proxy.newProxyInstance(StatementHooks.class.getClassLoader(), new Class<?>[] {Statement.class},
                            (p, m, a) -> {
                                Object done = invoke(statement, m, a);
                                if (m.getName().startsWith("execute") && a != null && a[0] instanceof String sql) {
                                    after.ran(sql, id);
                                }
                                return done;
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
