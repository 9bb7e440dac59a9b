package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which backfills write in UTC: those whose value depends on no zone, and a TIMESTAMP copied as it is into a TIMESTAMP. */
class BackfillZoneTest {

    private static final List<ColumnInfo> EVENTS = List.of(column("id", "int"), column("name", "varchar(20)"),
            column("at", "timestamp"), column("at_ms", "timestamp(3)"), column("local_at", "datetime"),
            column("day", "date"), column("label", "varchar(40)"));

    private static ColumnInfo column(String name, String type) {
        return new ColumnInfo(name, new Columns(type, null, null, true, null, "", ""), null);
    }

    @Test
    void aValueOfNoZoneIsWrittenInUtc() {
        assertThat(BackfillZone.utc("label", "CONCAT('#', id, name)", EVENTS)).isTrue();
        assertThat(BackfillZone.utc("day", "local_at", EVENTS)).as("a DATETIME is no instant").isTrue();
    }

    @Test
    void aTimestampCopiedAsItIsIntoATimestampIsWrittenInUtc() {
        assertThat(BackfillZone.utc("at_ms", "at", EVENTS)).isTrue();
        assertThat(BackfillZone.utc("at_ms", "`AT`", EVENTS)).as("named as the server finds it").isTrue();
    }

    private static ColumnInfo generated(String name, String type, String expression, String kind) {
        return new ColumnInfo(name, new Columns(type, null, null, true, null, kind + " GENERATED", ""), expression);
    }

    /**
     * A generated column computed from the zone: MySQL computes a stored one again for every row a copy writes
     * or an update rewrites, so the backfill runs in the server's zone and no copy is made (a virtual one is
     * computed when read, unless an index holds it).
     */
    @Test
    void aGeneratedColumnOfTheZoneKeepsTheBackfillInTheServersZoneAndTheCopyOff() {
        List<ColumnInfo> visits = List.of(column("id", "int"), column("at_unix", "bigint"), column("name", "varchar(20)"),
                generated("visit_day", "date", "cast(from_unixtime(`at_unix`) as date)", "STORED"),
                generated("name_length", "int", "char_length(`name`)", "STORED"));
        assertThat(BackfillZone.utc("label", "UPPER(name)", visits)).isFalse();
        assertThat(BackfillZone.generatedProblem(visits, List.of())).hasValueSatisfying(problem ->
                assertThat(problem).startsWith("its generated columns visit_day depend on the time zone"));

        List<ColumnInfo> virtual = List.of(column("id", "int"), column("at", "timestamp"),
                generated("day", "date", "cast(`at` as date)", "VIRTUAL"));
        assertThat(BackfillZone.generatedProblem(virtual, List.of())).as("computed when read").isEmpty();
        assertThat(BackfillZone.generatedProblem(virtual, List.of(new IndexInfo("by_day", false,
                List.of(new IndexInfo.Part("day", null, true)))))).as("but held by an index").isPresent();
        assertThat(BackfillZone.generatedProblem(List.of(column("id", "int"),
                generated("name_length", "int", "char_length(`name`)", "STORED")), List.of())).isEmpty();
    }

    @Test
    void aValueThatDependsOnTheZoneIsComputedInTheServersZone() {
        assertThat(BackfillZone.utc("day", "DATE(at)", EVENTS)).as("an instant's local date").isFalse();
        assertThat(BackfillZone.utc("local_at", "at", EVENTS)).as("an instant as local time").isFalse();
        assertThat(BackfillZone.utc("at_ms", "local_at", EVENTS)).as("local time as an instant").isFalse();
        assertThat(BackfillZone.utc("label", "CONCAT(name, NOW())", EVENTS)).as("a time function").isFalse();
        assertThat(BackfillZone.utc("at_ms", "at + INTERVAL 1 DAY", EVENTS)).as("more than a copy").isFalse();
    }

    @Test
    void aCopyThatWritesInTheServersZonePutsTheTablesOtherInstantsAtRisk() {
        assertThat(BackfillZone.instantsAtRisk("day", "DATE(at)", EVENTS)).containsExactly("at", "at_ms");
        assertThat(BackfillZone.instantsAtRisk("at_ms", "at + INTERVAL 1 DAY", EVENTS)).as("not the column written")
                .containsExactly("at");
        assertThat(BackfillZone.instantsAtRisk("at_ms", "at", EVENTS)).as("written in UTC").isEmpty();
        assertThat(BackfillZone.instantsAtRisk("label", "CONCAT('#', id)", EVENTS)).isEmpty();
        List<ColumnInfo> noInstants = EVENTS.stream().filter(c -> !c.isTimestamp()).toList();
        assertThat(BackfillZone.instantsAtRisk("day", "DATE(local_at) + INTERVAL HOUR(NOW()) HOUR", noInstants))
                .as("no other TIMESTAMP to copy").isEmpty();
    }

    /** Before the expand adds the column, only what no type of it makes safe: a bare TIMESTAMP may go into a TIMESTAMP. */
    @Test
    void beforeTheColumnIsThereOnlyWhatNoTypeOfItMakesSafeIsAtRisk() {
        List<ColumnInfo> before = EVENTS.stream().filter(c -> !c.isNamed("day") && !c.isNamed("at_ms")).toList();
        assertThat(BackfillZone.instantsAtRisk("day", "DATE(at)", before)).containsExactly("at");
        assertThat(BackfillZone.instantsAtRisk("at_ms", "at", before)).isEmpty();
        assertThat(BackfillZone.instantsAtRisk("day", "CONCAT('#', id)", before)).isEmpty();
    }
}
