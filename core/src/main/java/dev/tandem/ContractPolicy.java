package dev.tandem;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Extra conditions for the contract gate, beyond "backfill done and every live instance knows the
 * migration". Set one for all migrations ({@link TandemConfiguration#contractPolicy(ContractPolicy)})
 * or for one ({@link TandemConfiguration#contractPolicy(String, ContractPolicy)}).
 */
public final class ContractPolicy {

    private static final ContractPolicy NONE = new ContractPolicy(Duration.ZERO, v -> true, null);

    private final Duration minimumAge;
    private final Predicate<String> appVersionRule;
    private final String appVersionRuleText;

    private ContractPolicy(Duration minimumAge, Predicate<String> appVersionRule, String appVersionRuleText) {
        this.minimumAge = minimumAge;
        this.appVersionRule = appVersionRule;
        this.appVersionRuleText = appVersionRuleText;
    }

    /** No extra condition. */
    public static ContractPolicy none() {
        return NONE;
    }

    /** Contract no sooner than {@code age} after the expand finished (database clock): time to roll back. */
    public ContractPolicy minimumAge(Duration age) {
        return new ContractPolicy(Objects.requireNonNull(age), appVersionRule, appVersionRuleText);
    }

    /**
     * Contract only while every live instance's app version satisfies {@code rule}; {@code description}
     * is what a refusal says the rule is, e.g. "app version 2.0.0 or newer".
     */
    public ContractPolicy appVersions(Predicate<String> rule, String description) {
        return new ContractPolicy(minimumAge, Objects.requireNonNull(rule), Objects.requireNonNull(description));
    }

    /** Every live instance runs app version {@code minimum} or newer (numeric parts compared, e.g. 2.10 > 2.9). */
    public ContractPolicy appVersionAtLeast(String minimum) {
        return appVersions(v -> AppVersions.compare(v, minimum) >= 0, "app version " + minimum + " or newer");
    }

    public Duration minimumAge() {
        return minimumAge;
    }

    /** Whether an instance running {@code appVersion} may be present when contracting. */
    public boolean allows(String appVersion) {
        return appVersionRule.test(appVersion);
    }

    /** The app-version rule in words, or null when there is none. */
    public String appVersionRuleText() {
        return appVersionRuleText;
    }

    /** Compares app versions by their numeric parts, then as text. */
    static final class AppVersions {

        private AppVersions() {
        }

        static int compare(String a, String b) {
            String[] x = a.split("[.\\-+]");
            String[] y = b.split("[.\\-+]");
            for (int i = 0; i < Math.max(x.length, y.length); i++) {
                String p = i < x.length ? x[i] : "0";
                String q = i < y.length ? y[i] : "0";
                int c = p.matches("\\d+") && q.matches("\\d+")
                        ? new java.math.BigInteger(p).compareTo(new java.math.BigInteger(q)) : p.compareTo(q);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        }
    }
}
