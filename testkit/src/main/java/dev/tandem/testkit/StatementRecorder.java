package dev.tandem.testkit;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;

/**
 * Wraps a connection so that the SQL last handed to it, or to a statement it made, is known: a failure in
 * a test's own code can then name the statement that failed.
 */
final class StatementRecorder {

    private volatile String last;

    /** {@code connection}, with every statement it prepares or runs recorded. */
    Connection watch(Connection connection) {
        return proxy(Connection.class, connection, null);
    }

    /** The SQL last prepared or run, or null when none was. */
    String last() {
        return last;
    }

    /** {@code preparedSql}: what a prepared statement runs when its {@code execute} methods take no SQL. */
    private <T> T proxy(Class<T> type, T target, String preparedSql) {
        InvocationHandler handler = (self, method, args) -> invoke(target, preparedSql, method, args);
        return type.cast(Proxy.newProxyInstance(StatementRecorder.class.getClassLoader(), new Class<?>[] {type}, handler));
    }

    private Object invoke(Object target, String preparedSql, Method method, Object[] args) throws Throwable {
        String sql = args != null && args.length > 0 && args[0] instanceof String text && carriesSql(method) ? text : null;
        if (sql == null && preparedSql != null && method.getName().startsWith("execute")) {
            sql = preparedSql;
        }
        if (sql != null) {
            last = sql;
        }
        Object result;
        try {
            result = method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        // Statement, PreparedStatement and CallableStatement, as the method declares it.
        if (result != null && Statement.class.isAssignableFrom(method.getReturnType()) && method.getReturnType().isInterface()) {
            return watchStatement(method.getReturnType(), result, method.getName().startsWith("prepare") ? sql : null);
        }
        return result;
    }

    private <T> T watchStatement(Class<T> type, Object statement, String preparedSql) {
        return proxy(type, type.cast(statement), preparedSql);
    }

    private static boolean carriesSql(Method method) {
        String name = method.getName();
        return name.startsWith("execute") || name.startsWith("prepare") || name.equals("addBatch") || name.equals("nativeSQL");
    }
}
