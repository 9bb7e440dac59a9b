package dev.tandem.internal.script;

import dev.tandem.TandemException;
import dev.tandem.spi.OperationType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The operations YAML scripts may use: the built-in {@code sql} plus those found with ServiceLoader. */
public final class OperationTypes {

    private final Map<String, OperationType> byName;

    private OperationTypes(Map<String, OperationType> byName) {
        this.byName = byName;
    }

    public static OperationTypes discover(ClassLoader loader) {
        Map<String, OperationType> byName = new TreeMap<>();
        register(byName, new SqlOperationType());
        for (OperationType type : ServiceLoader.load(OperationType.class, loader)) {
            register(byName, type);
        }
        return new OperationTypes(byName);
    }

    private static void register(Map<String, OperationType> byName, OperationType type) {
        OperationType earlier = byName.putIfAbsent(type.name(), type);
        if (earlier != null) {
            throw new TandemException("Two implementations of the operation '" + type.name() + "': "
                    + earlier.getClass().getName() + " and " + type.getClass().getName() + "; remove one from the classpath");
        }
    }

    Optional<OperationType> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    List<String> names() {
        return List.copyOf(byName.keySet());
    }
}
