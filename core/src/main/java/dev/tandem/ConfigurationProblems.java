package dev.tandem;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;

/** What {@link TandemConfiguration#load()} found wrong, gathered so that one exception names it all. */
final class ConfigurationProblems {

    private final List<String> problems = new ArrayList<>();

    void add(String problem) {
        problems.add(problem);
    }

    void check(boolean holds, String problem) {
        if (!holds) {
            problems.add(problem);
        }
    }

    void requireSet(String option, Object value) {
        check(value != null, option + " must not be null");
    }

    void requireNoNulls(String option, Collection<?> values) {
        check(values == null || values.stream().allMatch(v -> v != null), option + " was given null");
    }

    /** The policies keyed by version, compared as versions ({@code 2.0} and {@code 2} are one), each checked. */
    Map<MigrationVersion, ContractPolicy> byVersion(Map<String, ContractPolicy> policies) {
        Map<MigrationVersion, ContractPolicy> normalised = new TreeMap<>();
        policies.forEach((version, policy) -> {
            try {
                normalised.put(MigrationVersion.fromVersion(version), policy);
                requireSet("contractPolicy(\"" + version + "\", ...)", policy);
            } catch (FlywayException | NullPointerException e) {
                problems.add("contractPolicy(\"" + version + "\", ...) names no valid migration version: " + e.getMessage());
            }
        });
        return Collections.unmodifiableMap(normalised);
    }

    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new TandemConfigurationException(problems);
        }
    }
}
