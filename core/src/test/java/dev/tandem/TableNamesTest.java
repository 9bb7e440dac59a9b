package dev.tandem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The names of Tandem's tables, and which prefixes may start them. */
class TableNamesTest {

    @Test
    void thePrefixStartsEachName() {
        TableNames names = TableNames.withPrefix("tdm_");
        assertThat(names.all()).containsExactly("tdm_migrations", "tdm_instances", "tdm_backfill");
        assertThat(TableNames.withPrefix(TableNames.DEFAULT_PREFIX).all())
                .containsExactly("tandem_migrations", "tandem_instances", "tandem_backfill");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tandem_", "tdm_", "App$1_", "x", "_"})
    void lettersDigitsUnderscoresAndDollarsAreUsable(String prefix) {
        assertThat(TableNames.prefixProblem(prefix)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"my-app_", "my app_", "tdm.", "`tdm_", "tdm_;DROP", "tändem_"})
    void anythingElseWouldNeedQuotingAndIsRefused(String prefix) {
        assertThat(TableNames.prefixProblem(prefix)).contains("may hold only letters (A-Z, a-z), digits, _ and $");
        assertThatThrownBy(() -> TableNames.withPrefix(prefix)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("table prefix '" + prefix + "' may hold only letters (A-Z, a-z), digits, _ and $");
    }

    @Test
    void anEmptyPrefixIsRefused() {
        assertThat(TableNames.prefixProblem("")).contains("is empty; leave it unset for the default tandem_");
    }

    @Test
    void theLongestNameMustStayWithinSixtyFourCharacters() {
        String longest = "p".repeat(54);
        assertThat(TableNames.withPrefix(longest).migrations()).hasSize(64);
        assertThat(TableNames.prefixProblem(longest + "p")).contains("is too long: Tandem's table " + longest
                + "pmigrations would have 65 characters, more than the 64 a table name may have; use at most 54");
    }
}
