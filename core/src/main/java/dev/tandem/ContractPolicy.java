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

    /**
     * Every live instance runs app version {@code minimum} or newer, in Semantic Versioning's order (2.10 after
     * 2.9, 2.0.0-rc1 before 2.0.0, a leading {@code v} left out). A version that is no release number
     * ({@code unknown}, a commit id) cannot be shown to be that new, and does not pass: it sorted after every number.
     */
    public ContractPolicy appVersionAtLeast(String minimum) {
        return appVersions(v -> AppVersions.isRelease(v) && AppVersions.compare(v, minimum) >= 0,
                "app version " + minimum + " or newer");
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

    /**
     * Compares app versions as Semantic Versioning orders them: a leading {@code v} left out, the release's parts
     * one by one (numbers as numbers, so 2.10 is after 2.9; a missing part is 0), then a release after any of its
     * pre-releases (2.0.0-rc1 before 2.0.0), pre-releases by their dot-separated identifiers; build metadata
     * ({@code +...}) counts for nothing. Compared as text, "v1.0.0" came after "2.0.0" and "2.0.0-rc1" after
     * "2.0.0", so an older instance passed {@link #appVersionAtLeast}.
     */
    static final class AppVersions {

        private AppVersions() {
        }

        /**
         * Whether {@code version}'s release begins with numbers ({@code 2.1}, {@code v2.1.0-rc1}, {@code 2.0.0.RELEASE}),
         * not a name or a commit id.
         */
        static boolean isRelease(String version) {
            return version != null && withoutBuild(version).split("-", 2)[0].matches("\\d+(\\.\\d+)*(\\..*)?");
        }

        static int compare(String a, String b) {
            String[] x = withoutBuild(a).split("-", 2);
            String[] y = withoutBuild(b).split("-", 2);
            int release = compareParts(x[0].split("\\."), y[0].split("\\."), "0");
            if (release != 0 || x.length == y.length && x.length == 1) {
                return release;
            }
            if (x.length == 1 || y.length == 1) {
                return x.length == 1 ? 1 : -1; // a release is after its pre-releases
            }
            return compareParts(x[1].split("\\."), y[1].split("\\."), null);
        }

        private static String withoutBuild(String version) {
            String v = version.strip();
            v = v.startsWith("v") || v.startsWith("V") ? v.substring(1) : v;
            int build = v.indexOf('+');
            return build < 0 ? v : v.substring(0, build);
        }

        /** Part by part; where one runs out, {@code missing} stands for its part, or null: fewer parts come first. */
        private static int compareParts(String[] x, String[] y, String missing) {
            for (int i = 0; i < Math.max(x.length, y.length); i++) {
                if (missing == null && (i >= x.length || i >= y.length)) {
                    return i >= x.length ? -1 : 1;
                }
                String p = i < x.length ? x[i] : missing;
                String q = i < y.length ? y[i] : missing;
                boolean pNumber = p.matches("\\d+");
                boolean qNumber = q.matches("\\d+");
                int c = pNumber && qNumber ? new java.math.BigInteger(p).compareTo(new java.math.BigInteger(q))
                        : pNumber != qNumber ? (pNumber ? -1 : 1) // numeric identifiers first, as in SemVer
                        : p.compareTo(q);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        }
    }
}
