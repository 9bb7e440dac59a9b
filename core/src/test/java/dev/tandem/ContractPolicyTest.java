package dev.tandem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The app-version rule of a contract policy, in Semantic Versioning's order. */
class ContractPolicyTest {

    @Test
    void versionsAreOrderedAsSemanticVersioningOrdersThem() {
        List<String> ascending = List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
                "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.9", "1.10.0", "2.0.0-SNAPSHOT", "2.0.0-rc1", "2.0.0", "2.0.1");
        for (int i = 0; i < ascending.size(); i++) {
            for (int j = 0; j < ascending.size(); j++) {
                assertThat(Integer.signum(ContractPolicy.AppVersions.compare(ascending.get(i), ascending.get(j))))
                        .as("%s against %s", ascending.get(i), ascending.get(j)).isEqualTo(Integer.compare(i, j));
            }
        }
    }

    @Test
    void aLeadingVBuildMetadataAndMissingZerosCountForNothing() {
        assertThat(ContractPolicy.AppVersions.compare("v2.0.0", "2.0.0")).isZero();
        assertThat(ContractPolicy.AppVersions.compare("2.0.0+build.7", "2.0")).isZero();
        assertThat(ContractPolicy.AppVersions.compare("v1.0.0", "2.0.0")).isNegative();
    }

    @Test
    void appVersionAtLeastRefusesOlderReleasesAndTheMinimumsPreReleases() {
        ContractPolicy policy = ContractPolicy.none().appVersionAtLeast("2.0.0");
        assertThat(policy.allows("2.0.0")).isTrue();
        assertThat(policy.allows("2.1.0")).isTrue();
        assertThat(policy.allows("v1.9.3")).as("compared as text, 'v1' came after '2'").isFalse();
        assertThat(policy.allows("2.0.0-rc1")).as("a pre-release of the minimum comes before it").isFalse();
    }

    /** A version that is no release number sorted after every number, and passed: the rule would open for any. */
    @Test
    void appVersionAtLeastRefusesAVersionThatIsNoReleaseNumber() {
        ContractPolicy policy = ContractPolicy.none().appVersionAtLeast("2.0.0");
        assertThat(policy.allows("unknown")).isFalse();
        assertThat(policy.allows("3f2a9c1")).as("a commit id").isFalse();
        assertThat(policy.allows(null)).isFalse();
        assertThat(policy.allows("v2.0.1+build.3")).isTrue();
        assertThat(policy.allows("2.0.0.RELEASE")).as("a Maven-style qualifier").isTrue();
        assertThat(policy.allows("1.4.Final")).isFalse();
    }
}
