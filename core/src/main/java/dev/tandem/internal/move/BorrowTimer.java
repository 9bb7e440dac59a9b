package dev.tandem.internal.move;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.function.LongConsumer;

/**
 * Times how long the application keeps each connection it borrows, from the borrow to its {@code close()}:
 * a request's time in the database, as the application sees it (waits for row locks, commits, a busy
 * server included). The connection is lent behind a proxy that does nothing else.
 */
final class BorrowTimer implements InvocationHandler {

    private final Connection connection;
    private final LongConsumer borrowNanos;
    private final long borrowed = System.nanoTime();
    private boolean closed;

    private BorrowTimer(Connection connection, LongConsumer borrowNanos) {
        this.connection = connection;
        this.borrowNanos = borrowNanos;
    }

    /** {@code connection}, which reports its borrow's length to {@code borrowNanos} when closed. */
    static Connection timed(Connection connection, LongConsumer borrowNanos) {
        return (Connection) Proxy.newProxyInstance(BorrowTimer.class.getClassLoader(), new Class<?>[] {Connection.class},
                new BorrowTimer(connection, borrowNanos));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "close" -> {
                if (!closed) {
                    closed = true;
                    borrowNanos.accept(System.nanoTime() - borrowed);
                }
            }
            case "equals" -> {
                return proxy == args[0];
            }
            case "hashCode" -> {
                return System.identityHashCode(proxy);
            }
            default -> {
            }
        }
        try {
            return method.invoke(connection, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
