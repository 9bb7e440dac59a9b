package dev.tandem.internal.script;

import dev.tandem.TandemException;
import dev.tandem.spi.LintRuleId;
import dev.tandem.spi.OperationType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The operations YAML scripts may use: the built-in {@code sql} plus those found with ServiceLoader; and
 * the lint rules scripts may accept, which the dialect's linter defines (the {@code accept} of {@code sql},
 * the {@code -- tandem:accept} lines of {@code .sql} scripts).
 */
public final class OperationTypes {

    private final Map<String, OperationType> byName;
    private final List<LintRuleId> lintRules;

    private OperationTypes(Map<String, OperationType> byName, List<LintRuleId> lintRules) {
        this.byName = byName;
        this.lintRules = lintRules;
    }

    /** The operations on {@code loader}'s class path; {@code lintRules} are the dialect's linter's. */
    public static OperationTypes discover(ClassLoader loader, List<LintRuleId> lintRules) {
        Map<String, OperationType> byName = new TreeMap<>();
        register(byName, new SqlOperationType(List.copyOf(lintRules)));
        for (OperationType type : ServiceLoader.load(OperationType.class, loader)) {
            register(byName, type);
        }
        return new OperationTypes(byName, List.copyOf(lintRules));
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

    /** The lint rules scripts may accept. */
    List<LintRuleId> lintRules() {
        return lintRules;
    }
}
