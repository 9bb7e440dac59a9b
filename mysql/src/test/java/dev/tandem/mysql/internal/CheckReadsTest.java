package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.mysql.internal.CheckReads.Change;
import dev.tandem.mysql.internal.CheckReads.Check;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckReadsTest {

    private static final Check ALONE = new Check("total_positive", "(`total` >= 0)");
    private static final Check WITH_OTHERS = new Check("total_above_id", "`Total` >= `id`");
    private static final Check ELSEWHERE = new Check("id_positive", "`id` > 0 and `note` <> 'total'");
    private static final List<Check> CHECKS = List.of(ALONE, WITH_OTHERS, ELSEWHERE);

    @Test
    void theColumnsACheckReadsAreItsQuotedNames() {
        assertThat(new Check("c", "`a``b` > 0 AND `x` IS NULL").columns()).containsExactly("a`b", "x");
        assertThat(ELSEWHERE.columns()).as("not what strings hold").containsExactly("id", "note");
    }

    @Test
    void aReplacedColumnKeepsNoCheckThatReadsIt() {
        assertThat(CheckReads.notKept(CHECKS, "total", Change.REPLACED, true)).containsExactly(ALONE, WITH_OTHERS);
    }

    @Test
    void aDroppedColumnTakesACheckOverItAloneAndFailsOnOneOverOthersToo() {
        assertThat(CheckReads.notKept(CHECKS, "TOTAL", Change.DROPPED, false)).containsExactly(WITH_OTHERS);
    }

    @Test
    void aRenameKeepsTheChecksWhereTheServerRewritesThem() {
        assertThat(CheckReads.notKept(CHECKS, "total", Change.RENAMED, true)).isEmpty();
        assertThat(CheckReads.notKept(CHECKS, "total", Change.RENAMED, false)).containsExactly(ALONE, WITH_OTHERS);
    }
}
