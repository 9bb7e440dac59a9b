package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

/** The chunks along an integer key, on a real table: consecutive, resumed after a cursor, over gaps at once. */
class BackfillChunkerIT {

    private static final BackfillKey ID = new BackfillKey(List.of("id"), true);

    private static List<BackfillChunker.Chunk> walk(Connection c, List<String> min, List<String> max, List<String> cursor,
                                                    int size) throws Exception {
        BackfillChunker chunks = new BackfillChunker(ID, "`t`", min, max, cursor);
        List<BackfillChunker.Chunk> seen = new ArrayList<>();
        BackfillChunker.Chunk chunk;
        do {
            chunk = chunks.next(c, size);
            seen.add(chunk);
        } while (!chunk.last() && seen.size() < 100);
        return seen;
    }

    @ServerTest
    void anIntegerKeyIsCutIntoConsecutiveChunksUpToItsMax(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE t (id BIGINT PRIMARY KEY)",
                "INSERT INTO t VALUES (1),(2),(3),(4),(5),(6),(7),(8),(9),(10),(11),(12),(13),(14),(15),(16),(17),(18),(19),"
                        + "(20),(21),(22),(23),(24),(25)");
        try (Connection c = db.connection()) {
            assertThat(walk(c, List.of("1"), List.of("25"), null, 10)).containsExactly(
                    new BackfillChunker.Chunk(null, List.of("10"), false),
                    new BackfillChunker.Chunk(List.of("10"), List.of("20"), false),
                    new BackfillChunker.Chunk(List.of("20"), List.of("25"), true));
            assertThat(walk(c, List.of("1"), List.of("25"), List.of("19"), 100)).as("resumed after its cursor")
                    .containsExactly(new BackfillChunker.Chunk(List.of("19"), List.of("25"), true));
        }
    }

    /** A chunk starts at the first key after the last one: a gap takes no chunk of its own. */
    @ServerTest
    void aGapInAnIntegerKeyIsSteppedOverAtOnce(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE t (id BIGINT PRIMARY KEY)",
                "INSERT INTO t VALUES (1),(2),(3),(1000000000000),(1000000000001),(1000000000002),(9000000000000000000)");
        try (Connection c = db.connection()) {
            assertThat(walk(c, List.of("1"), List.of("9000000000000000000"), null, 2)).containsExactly(
                    new BackfillChunker.Chunk(null, List.of("2"), false),
                    new BackfillChunker.Chunk(List.of("2"), List.of("4"), false),
                    new BackfillChunker.Chunk(List.of("4"), List.of("1000000000001"), false),
                    new BackfillChunker.Chunk(List.of("1000000000001"), List.of("1000000000003"), false),
                    new BackfillChunker.Chunk(List.of("1000000000003"), List.of("9000000000000000000"), true));
        }
    }
}
