package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IndexShrinkTest {

    private static IndexInfo index(String name, boolean unique, IndexInfo.Part... parts) {
        return new IndexInfo(name, unique, List.of(parts));
    }

    private static IndexInfo.Part part(String column) {
        return new IndexInfo.Part(column, null, true);
    }

    @Test
    void anIndexOfTheColumnAloneIsDroppedAndOneOfMoreColumnsMadeAgainWithoutIt() {
        List<IndexInfo> indexes = List.of(index("PRIMARY", true, part("id")), index("by_nick", false, part("Nick")),
                index("name_nick", false, new IndexInfo.Part("name", "20", false), part("nick"), part("id")),
                index("other", false, part("name")), index("solo_unique", true, part("nick")));
        IndexShrink shrink = IndexShrink.of("customers", "nick", indexes,
                Map.of("name_nick", new IndexShrink.Kind("BTREE", "it's for lookups")));
        assertThat(shrink.sql()).contains("ALTER TABLE `customers` DROP INDEX `by_nick`, DROP INDEX `name_nick`,"
                + " ADD INDEX `name_nick` (`name`(20), `id`) COMMENT 'it''s for lookups', DROP INDEX `solo_unique`");
        assertThat(shrink.left()).isEmpty();
    }

    @Test
    void thePrimaryKeyAUniqueIndexOfMoreColumnsAFunctionalPartAndAFullTextIndexAreLeftToTheDropColumn() {
        List<IndexInfo> indexes = List.of(index("PRIMARY", true, part("id"), part("nick")),
                index("email_nick", true, part("email"), part("nick")),
                index("functional", false, part("nick"), new IndexInfo.Part(null, null, true)),
                index("words", false, part("nick"), part("bio")));
        IndexShrink shrink = IndexShrink.of("customers", "nick", indexes, Map.of("words", new IndexShrink.Kind("FULLTEXT", "")));
        assertThat(shrink.sql()).isEqualTo(Optional.empty());
        assertThat(shrink.left()).containsExactly("PRIMARY", "email_nick", "functional", "words");
    }

    @Test
    void noIndexOnTheColumnMeansNoStatement() {
        assertThat(IndexShrink.of("t", "c", List.of(index("PRIMARY", true, part("id"))), Map.of()).sql()).isEmpty();
    }
}
