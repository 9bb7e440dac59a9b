package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IndexCopiesTest {

    @Test
    void theIndexHandOverDropsEachOriginalStillThereAndRenamesEveryCopy() {
        Map<String, String> renames = new LinkedHashMap<>();
        renames.put("_tandem_by_amount", "by_amount");
        renames.put("_tandem_Amount_Note", "Amount_Note");
        assertThat(IndexCopies.handOverSql("accounts", renames, Set.of("by_amount", "amount_note", "primary")))
                .isEqualTo("ALTER TABLE `accounts` DROP INDEX `by_amount`, RENAME INDEX `_tandem_by_amount` TO `by_amount`,"
                        + " DROP INDEX `Amount_Note`, RENAME INDEX `_tandem_Amount_Note` TO `Amount_Note`");
        // An original already gone (dropped by hand): only its copy's rename.
        assertThat(IndexCopies.handOverSql("accounts", renames, Set.of("amount_note")))
                .isEqualTo("ALTER TABLE `accounts` RENAME INDEX `_tandem_by_amount` TO `by_amount`,"
                        + " DROP INDEX `Amount_Note`, RENAME INDEX `_tandem_Amount_Note` TO `Amount_Note`");
    }
}
