package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.ScriptException;
import dev.tandem.internal.script.Migration;
import dev.tandem.internal.script.MigrationCatalog;
import dev.tandem.internal.script.ScriptForm;
import dev.tandem.internal.script.SqlStep;
import dev.tandem.spi.Phase;
import dev.tandem.spi.Step;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Discovery, naming, sections, YAML and bad input, with the real MySQL statement splitter; no server. */
class ScriptReadingTest {

    @TempDir
    Path dir;

    private ScriptDir scripts() {
        return new ScriptDir(dir);
    }

    private static List<String> sql(Migration m, Phase phase) {
        return m.steps(phase).stream().map(s -> ((SqlStep) s).sql()).toList();
    }

    @Test
    void findsScriptsInVersionOrderWithFlywayVersionSemantics() {
        MigrationCatalog catalog = scripts()
                .write("V10__ten.sql", "SELECT 10;")
                .write("V2_1__two_one.sql", "SELECT 21;")
                .write("V2__two.yaml", "operations:\n  - sql:\n      expand: SELECT 2\n")
                .write("README.md", "not a migration")
                .scan();

        assertThat(catalog.all()).extracting(Migration::versionText).containsExactly("2", "2.1", "10");
        assertThat(catalog.all()).extracting(Migration::description).containsExactly("two", "two one", "ten");
        assertThat(catalog.all()).extracting(Migration::form).containsExactly(ScriptForm.YAML, ScriptForm.SQL, ScriptForm.SQL);
        assertThat(catalog.find("2.1.0")).map(Migration::script).contains("V2_1__two_one.sql");
    }

    @Test
    void aPlainScriptRunsAtExpandStatementByStatementWithFileLines() {
        Migration m = scripts().write("V1__init.sql", """
                -- a classic migration
                CREATE TABLE t (id INT PRIMARY KEY, note VARCHAR(20) DEFAULT 'a;b');

                INSERT INTO t VALUES (1, 'x');
                """).scan().all().get(0);

        assertThat(sql(m, Phase.EXPAND)).containsExactly(
                "CREATE TABLE t (id INT PRIMARY KEY, note VARCHAR(20) DEFAULT 'a;b')", "INSERT INTO t VALUES (1, 'x')");
        assertThat(m.steps(Phase.EXPAND)).extracting(Step::description).containsExactly(
                "V1__init.sql line 2: CREATE TABLE t (id INT PRIMARY KEY, note VARCHAR(20) DEFAULT 'a;b')",
                "V1__init.sql line 4: INSERT INTO t VALUES (1, 'x')");
        assertThat(m.steps(Phase.CONTRACT)).isEmpty();
    }

    @Test
    void sectionsSplitAPhasedScriptIncludingDelimiterBlocks() {
        Migration m = scripts().write("V3__phased.sql", """
                -- tandem:expand
                ALTER TABLE t ADD COLUMN email VARCHAR(100) NULL;
                DELIMITER $$
                CREATE TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW
                BEGIN
                  SET NEW.email = LOWER(NEW.email);
                END$$
                DELIMITER ;
                -- tandem:backfill
                UPDATE t SET email = LOWER(email);
                --  TANDEM : contract
                DROP TRIGGER t_bi;
                -- tandem:rollback
                DROP TRIGGER IF EXISTS t_bi;
                ALTER TABLE t DROP COLUMN email;
                """).scan().all().get(0);

        assertThat(sql(m, Phase.EXPAND)).hasSize(2);
        assertThat(sql(m, Phase.EXPAND).get(1)).startsWith("CREATE TRIGGER t_bi").endsWith("END");
        assertThat(m.steps(Phase.EXPAND).get(1).description()).startsWith("V3__phased.sql line 4:");
        assertThat(sql(m, Phase.BACKFILL)).containsExactly("UPDATE t SET email = LOWER(email)");
        assertThat(sql(m, Phase.CONTRACT)).containsExactly("DROP TRIGGER t_bi");
        assertThat(sql(m, Phase.ROLLBACK)).containsExactly("DROP TRIGGER IF EXISTS t_bi", "ALTER TABLE t DROP COLUMN email");
        assertThat(m.steps(Phase.ROLLBACK).get(1).description()).startsWith("V3__phased.sql line 15:");
    }

    /** MySQL's own comment, {@code #}: its markers were plain comments, and a backfill section ran at expand. */
    @Test
    void aMarkerAfterAHashIsAMarkerToo() {
        Migration m = scripts().write("V3__hashed.sql", """
                # tandem:expand
                ALTER TABLE t ADD COLUMN email VARCHAR(100) NULL;
                # tandem:backfill
                UPDATE t SET email = LOWER(name);
                """).scan().all().get(0);

        assertThat(sql(m, Phase.EXPAND)).containsExactly("ALTER TABLE t ADD COLUMN email VARCHAR(100) NULL");
        assertThat(sql(m, Phase.BACKFILL)).containsExactly("UPDATE t SET email = LOWER(name)");
    }

    /**
     * A statement wholly inside an executable comment without a version: Flyway's parser took it for a
     * comment and dropped it, while the servers and the {@code mysql} client run it.
     */
    @Test
    void aStatementWhollyInsideAnExecutableCommentIsAStep() {
        Migration m = scripts().write("V4__executable.sql", """
                CREATE TABLE t (id INT PRIMARY KEY, a INT);
                /*! CREATE INDEX ia ON t (a) */;
                /* a plain comment */;
                /*M! CREATE INDEX ib ON t (a) */;
                SELECT 1 /*! , 2 */;
                /*!50700 SELECT 3 */;
                /*! SELECT 4 */;
                """).scan().all().get(0);

        assertThat(sql(m, Phase.EXPAND)).containsExactly("CREATE TABLE t (id INT PRIMARY KEY, a INT)",
                "/*! CREATE INDEX ia ON t (a) */", "/*M! CREATE INDEX ib ON t (a) */", "SELECT 1 /*! , 2 */",
                "/*!50700 SELECT 3 */", "/*! SELECT 4 */");
        assertThat(m.steps(Phase.EXPAND).get(1).description()).startsWith("V4__executable.sql line 2:");
        assertThat(m.steps(Phase.EXPAND).get(2).description()).startsWith("V4__executable.sql line 4:");
    }

    /** Flyway drops a script's last statement of comments without asking the parser: refused, so it is not lost. */
    @Test
    void anExecutableCommentEndingAScriptWithoutItsDelimiterIsRefusedWithItsLine() {
        MigrationCatalog catalog = scripts().write("V5__unended.sql", """
                CREATE TABLE t (id INT PRIMARY KEY, a INT);

                /*! CREATE INDEX ia ON t (a) */
                """).scan();

        assertThatThrownBy(() -> catalog.all().get(0).parse()).isInstanceOf(ScriptException.class)
                .hasMessageStartingWith("V5__unended.sql line 3: a statement written wholly inside an executable comment")
                .hasMessageContaining("add ';' after it");
    }

    /**
     * A comment ends at its first end, as on the servers: Flyway nests comments, so a '/*' inside one made it run to
     * the end of the script, and the index, the contract marker and the contract after it were dropped unseen.
     */
    @Test
    void aCommentEndsAtItsFirstEndThoughItHoldsACommentsStart() {
        Migration m = scripts().write("V6__nested.sql", """
                -- tandem:expand
                ALTER TABLE customers ADD COLUMN email VARCHAR(200) NULL; /* see docs/*.md */
                CREATE INDEX ix_email ON customers (email);
                -- tandem:contract
                ALTER TABLE customers MODIFY email VARCHAR(200) NOT NULL;
                """).scan().all().get(0);

        assertThat(sql(m, Phase.EXPAND)).containsExactly("ALTER TABLE customers ADD COLUMN email VARCHAR(200) NULL",
                "CREATE INDEX ix_email ON customers (email)");
        assertThat(sql(m, Phase.CONTRACT)).containsExactly("ALTER TABLE customers MODIFY email VARCHAR(200) NOT NULL");
    }

    /**
     * A string or a comment never closed is refused with the line it opens on: Flyway ended it with the script, and
     * the sections after it became part of one statement, the expand run before the error.
     */
    @Test
    void aStringOrACommentNeverClosedIsRefusedWithItsLine() {
        MigrationCatalog unclosedString = scripts().write("V7__quote.sql", """
                -- tandem:expand
                ALTER TABLE customers ADD COLUMN note VARCHAR(200) NULL;
                -- tandem:backfill
                UPDATE customers SET note = 'it''s fine', name = "a \\" b" WHERE id = 0;
                UPDATE customers SET note = 'Ada's account' WHERE id = 1;
                -- tandem:contract
                ALTER TABLE customers DROP COLUMN legacy;
                """).scan();
        assertThatThrownBy(() -> unclosedString.all().get(0).parse()).isInstanceOf(ScriptException.class)
                .hasMessageStartingWith("V7__quote.sql line 5: a string begun here (') is never closed");
        scripts().delete("V7__quote.sql");

        MigrationCatalog unclosedComment = scripts().write("V8__comment.sql", """
                CREATE TABLE t (id INT PRIMARY KEY);
                /* the rest
                CREATE TABLE u (id INT PRIMARY KEY);
                """).scan();
        assertThatThrownBy(() -> unclosedComment.all().get(0).parse()).isInstanceOf(ScriptException.class)
                .hasMessageStartingWith("V8__comment.sql line 2: a comment begun here (/*) is never closed");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"CRLF, '\r\n', ''", "CR, '\r', ''", "BOM and CRLF, '\r\n', '\uFEFF'", "BOM and LF, '\n', '\uFEFF'"})
    void scriptsReadTheSameWhateverTheirLineEndingsAndByteOrderMark(String variant, String lineEnding, String byteOrderMark) {
        String phased = """
                -- tandem:expand
                CREATE TABLE notes (id INT PRIMARY KEY, body TEXT);
                -- tandem:contract
                ALTER TABLE notes DROP COLUMN body;
                -- tandem:rollback
                DROP TABLE notes;
                """;
        String yaml = """
                operations:
                  - sql:
                      expand: |
                        CREATE TABLE audit (id BIGINT PRIMARY KEY);
                        INSERT INTO audit VALUES (1);
                      rollback: DROP TABLE audit
                """;
        List<Migration> unix = scripts().write("V1__notes.sql", phased).write("V2__audit.yaml", yaml).scan().all();
        List<Migration> other = scripts().write("V1__notes.sql", byteOrderMark + phased.replace("\n", lineEnding))
                .write("V2__audit.yaml", byteOrderMark + yaml.replace("\n", lineEnding)).scan().all();

        assertThat(sql(other.get(0), Phase.ROLLBACK)).containsExactly("DROP TABLE notes");
        for (int i = 0; i < unix.size(); i++) {
            for (Phase phase : Phase.values()) {
                assertThat(other.get(i).steps(phase)).extracting(Step::description).as(other.get(i) + " " + phase)
                        .isEqualTo(unix.get(i).steps(phase).stream().map(Step::description).toList());
            }
            assertThat(other.get(i).checksum()).as("Flyway's checksum ignores line endings and the byte order mark")
                    .isEqualTo(unix.get(i).checksum());
        }
    }

    @Test
    void aMarkerInsideAMultiLineStringIsPartOfTheString() {
        Migration m = scripts().write("V5__notes.sql", """
                -- tandem:expand
                CREATE TABLE notes (id INT PRIMARY KEY, body TEXT);
                -- tandem:backfill
                INSERT INTO notes VALUES (2, 'first line
                -- tandem:contract
                last line');
                -- tandem:rollback
                DROP TABLE notes;
                """).scan().all().get(0);

        assertThat(sql(m, Phase.BACKFILL)).containsExactly("INSERT INTO notes VALUES (2, 'first line\n-- tandem:contract\nlast line')");
        assertThat(m.steps(Phase.CONTRACT)).isEmpty();
        assertThat(sql(m, Phase.ROLLBACK)).containsExactly("DROP TABLE notes");
        assertThat(m.steps(Phase.ROLLBACK).get(0).description()).startsWith("V5__notes.sql line 8:");
    }

    static Stream<Arguments> textThatSpansLines() {
        return Stream.of(
                Arguments.of("a string with a backslash-escaped quote", "INSERT INTO notes VALUES (1, 'it\\'s\n%s\nstill text');"),
                Arguments.of("a string with a doubled quote", "INSERT INTO notes VALUES (1, 'it''s\n%s\nstill text');"),
                Arguments.of("a double-quoted string", "INSERT INTO notes VALUES (1, \"say \\\"hi\\\"\n%s\nstill text\");"),
                Arguments.of("a quoted identifier", "CREATE TABLE `odd\n%s\nname` (id INT);"),
                Arguments.of("a block comment", "/* a note\n%s\n*/ CREATE TABLE notes (id INT);"),
                Arguments.of("a string in a DELIMITER block", "DELIMITER $$\nCREATE TRIGGER notes_bi BEFORE INSERT ON notes"
                        + " FOR EACH ROW\nBEGIN\n  SET NEW.body = 'a;\n%s\nb';\nEND$$\nDELIMITER ;"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("textThatSpansLines")
    void markerAndAcceptLinesCountOnlyWhereTheSplitterSeesAComment(String inside, String statement) {
        String spanning = statement.formatted("-- tandem:contract\n-- tandem:accept TL101 text, not an accept");
        Migration m = scripts().write("V6__odd.sql", "-- tandem:expand\n" + spanning + "\n-- tandem:rollback\nDROP TABLE notes;\n")
                .scan().all().get(0);

        int rollbackLine = 2 + (int) spanning.lines().count() + 1;
        assertThat(m.steps(Phase.EXPAND)).hasSize(1);
        assertThat(m.steps(Phase.CONTRACT)).isEmpty();
        assertThat(m.steps(Phase.ROLLBACK)).extracting(Step::description)
                .containsExactly("V6__odd.sql line " + rollbackLine + ": DROP TABLE notes");
    }

    @Test
    void aMisspeltSectionMarkerIsRefusedWithItsLine() {
        MigrationCatalog catalog = scripts().write("V1__typo.sql", "-- tandem:expand\nSELECT 1;\n-- tandem:contarct\nSELECT 2;\n").scan();

        assertThatThrownBy(() -> catalog.all().get(0).parse())
                .isInstanceOf(ScriptException.class)
                .hasMessageStartingWith("V1__typo.sql line 3: '-- tandem:contarct' is not a section marker")
                .hasMessageContaining("'-- tandem:contract'");
    }

    @Test
    void aStatementBeforeTheFirstMarkerOrASecondSectionOfAPhaseIsRefused() {
        assertThatThrownBy(() -> scripts().write("V1__pre.sql", "SELECT 0;\n-- tandem:expand\nSELECT 1;\n").scan().all().get(0).parse())
                .hasMessageStartingWith("V1__pre.sql line 1: a statement before the first section marker");
        assertThatThrownBy(() -> scripts().write("V1__pre.sql", "-- tandem:expand\nSELECT 1;\n-- tandem:expand\nSELECT 2;\n")
                .scan().all().get(0).parse())
                .hasMessageStartingWith("V1__pre.sql line 3: a second '-- tandem:expand' section (the first is at line 1)");
    }

    @Test
    void anEmptyScriptIsRefused() {
        assertThatThrownBy(() -> scripts().write("V1__empty.sql", "-- nothing here\n\n").scan().all().get(0).parse())
                .hasMessage("V1__empty.sql: the script has no SQL statement");
        assertThatThrownBy(() -> scripts().write("V1__empty.sql", "").scan().all().get(0).parse())
                .hasMessage("V1__empty.sql: the script has no SQL statement");
    }

    @Test
    void duplicateVersionsAreRefusedNamingBothFiles() {
        assertThatThrownBy(() -> scripts().write("V2__a.sql", "SELECT 1;").write("V2.0__b.yaml", "operations: []").scan())
                .isInstanceOf(ScriptException.class)
                .hasMessageContaining("version 2")
                .hasMessageContaining("V2__a.sql").hasMessageContaining("V2.0__b.yaml");
    }

    @Test
    void aBadFileNameIsRefused() {
        assertThatThrownBy(() -> scripts().write("V3_add_email.sql", "SELECT 1;").scan())
                .hasMessageStartingWith("V3_add_email.sql: the name must be V<version>__<description>");
    }

    @Test
    void yamlOperationsBecomeStepsWithScriptLines() {
        Migration m = scripts().write("V4__audit.yaml", """
                description: audit table
                operations:
                  - sql:
                      expand: |
                        CREATE TABLE audit (id BIGINT PRIMARY KEY);
                        INSERT INTO audit VALUES (1);
                      rollback: DROP TABLE audit
                """).scan().all().get(0);

        assertThat(sql(m, Phase.EXPAND)).containsExactly("CREATE TABLE audit (id BIGINT PRIMARY KEY)", "INSERT INTO audit VALUES (1)");
        assertThat(m.steps(Phase.EXPAND)).extracting(Step::description)
                .containsExactly("V4__audit.yaml line 5: CREATE TABLE audit (id BIGINT PRIMARY KEY)",
                        "V4__audit.yaml line 6: INSERT INTO audit VALUES (1)");
        assertThat(sql(m, Phase.ROLLBACK)).containsExactly("DROP TABLE audit");
    }

    /**
     * A folded value joins its lines: "-- nullable first ALTER TABLE ..." is one comment, and the expand had no step
     * while the contract ran alone. SQL with a comment in a folded or plain value over several lines is refused,
     * naming the field; a one-line comment meant as such ("-- irreversible") is not.
     */
    @Test
    void sqlWithACommentInAFoldedValueIsRefused() {
        MigrationCatalog catalog = scripts().write("V9__folded.yaml", """
                operations:
                  - sql:
                      expand: >
                        -- nullable first
                        ALTER TABLE customers ADD COLUMN email VARCHAR(200) NULL;
                      contract: ALTER TABLE customers MODIFY email VARCHAR(200) NOT NULL
                """).scan();
        assertThatThrownBy(() -> catalog.all().get(0).parse()).isInstanceOf(ScriptException.class)
                .hasMessageContaining("V9__folded.yaml line 3")
                .hasMessageContaining("'expand' is SQL with a comment, written as a folded (>) or plain value")
                .hasMessageContaining("Write it as a literal block ('expand: |')");
        scripts().delete("V9__folded.yaml");

        Migration kept = scripts().write("V10__irreversible.yaml", """
                operations:
                  - sql:
                      expand: |
                        -- nullable first
                        ALTER TABLE customers ADD COLUMN email VARCHAR(200) NULL;
                      rollback: "-- irreversible"
                """).scan().all().get(0);
        assertThat(sql(kept, Phase.EXPAND)).containsExactly("ALTER TABLE customers ADD COLUMN email VARCHAR(200) NULL");
        assertThat(sql(kept, Phase.ROLLBACK)).isEmpty();
    }

    @Test
    void malformedYamlIsRefusedWithLineAndColumn() {
        MigrationCatalog catalog = scripts().write("V1__bad.yaml", "operations:\n  - sql:\n      expand: [unclosed\n").scan();
        assertThatThrownBy(() -> catalog.all().get(0).parse())
                .isInstanceOf(ScriptException.class)
                .hasMessageMatching("V1__bad\\.yaml line 4: column \\d+: malformed YAML: .*");
    }

    @Test
    void unknownOperationsAndFieldsAreRefusedWithWhatIsKnown() {
        assertThatThrownBy(() -> scripts().write("V1__op.yaml", "operations:\n  - add_colum:\n      table: t\n").scan().all().get(0).parse())
                .hasMessageStartingWith("V1__op.yaml line 2: column 5: unknown operation 'add_colum'; known operations: ")
                .hasMessageContaining("sql");
        assertThatThrownBy(() -> scripts().write("V1__op.yaml", "operations:\n  - sql:\n      expnad: SELECT 1\n").scan().all().get(0).parse())
                .hasMessage("V1__op.yaml line 3: column 7: unknown field 'expnad'; known fields here: accept, backfill, contract, expand, rollback");
        // A comma ends a value in { }: the value is shown quoted.
        assertThatThrownBy(() -> scripts().write("V1__op.yaml", "operations:\n  - alter_column: {table: t, column: c,"
                + " type: DECIMAL(20,2)}\n").scan().all().get(0).parse())
                .hasMessage("V1__op.yaml line 2: column 58: unknown field '2)'; known fields here: column, default, down, nullable,"
                        + " strategy, table, type, up. In { } a comma ends a value: quote a value that holds one, type:"
                        + " \"DECIMAL(20,2)\"");
        assertThatThrownBy(() -> scripts().write("V1__op.yaml", "operations:\n  - sql:\n      expnad: SELECT 1\n      x:\n")
                .scan().all().get(0).parse()).as("not in { }: no quoting said").hasMessageEndingWith("expand, rollback");
        assertThatThrownBy(() -> scripts().write("V1__op.yaml", "description: x\n").scan().all().get(0).parse())
                .hasMessage("V1__op.yaml line 1: column 1: the script has no 'operations' list");
        assertThatThrownBy(() -> scripts().write("V1__op.yaml", "operations:\n  - sql: {}\n").scan().all().get(0).parse())
                .hasMessageContaining("'sql' needs SQL in at least one of");
        assertThatThrownBy(() -> scripts().write("V1__op.yaml", "operations:\n  - sql:\n      expand: SELECT 1\n    rollback: x\n")
                .scan().all().get(0).parse())
                .hasMessageContaining("an operation must have exactly one key");
    }

    /** A new name past the servers' 64 characters failed at the expand, with the server's message. */
    @Test
    void aNewNameLongerThanTheServersTakeIsRefusedWithItsLine() {
        String name65 = "n".repeat(65);
        for (String operation : List.of("add_column: {table: t, column: " + name65 + ", type: INT}",
                "rename_column: {table: t, from: a, to: " + name65 + "}", "rename_table: {from: t, to: " + name65 + "}",
                "create_index: {table: t, name: " + name65 + ", columns: [a]}",
                "create_table: {table: " + name65 + ", columns: [\"id INT PRIMARY KEY\"]}",
                "add_check: {table: t, name: " + name65 + ", check: \"a > 0\"}",
                "add_foreign_key: {table: t, name: " + name65 + ", columns: [a], references: p, referenced_columns: [id]}")) {
            assertThatThrownBy(() -> scripts().write("V1__op.yaml", "operations:\n  - " + operation + "\n").scan().all().get(0)
                    .parse()).as(operation).isInstanceOf(ScriptException.class).hasMessageStartingWith("V1__op.yaml line 2")
                    .hasMessageContaining("'" + name65 + "' is too long: MySQL and MariaDB take names of up to 64 characters");
        }
        assertThat(scripts().write("V1__op.yaml", "operations:\n  - add_column: {table: t, column: " + "n".repeat(64)
                + ", type: INT}\n").scan().all().get(0).parse()).as("64 characters are taken").isNotNull();
        // alter_column's shadow column, _tandem_<column>, which new code may write by that name.
        assertThatThrownBy(() -> scripts().write("V1__op.yaml", "operations:\n  - alter_column: {table: t, column: "
                + "c".repeat(57) + ", type: BIGINT}\n").scan().all().get(0).parse())
                .hasMessageContaining("Tandem names an object of its own _tandem_" + "c".repeat(57))
                .hasMessageContaining("Choose a name of up to 56 characters");
    }

    /**
     * Column attributes in a type: NOT NULL was overridden by the NULL Tandem adds (the column stayed nullable,
     * silently), and an add_column's default with up filled every existing row, so up never reached them.
     */
    @Test
    void aColumnAttributeInATypeIsRefusedNamingTheFieldThatSaysIt() {
        assertThatThrownBy(() -> scripts().write("V1__op.yaml", "operations:\n  - add_column: {table: t, column: c,"
                + " type: VARCHAR(20) NOT NULL, default: \"''\"}\n").scan().all().get(0).parse())
                .isInstanceOf(ScriptException.class).hasMessageStartingWith("V1__op.yaml line 2")
                .hasMessageContaining("'VARCHAR(20) NOT NULL' holds NOT NULL, a column attribute, not part of the type")
                .hasMessageContaining("nullable: false");
        assertThatThrownBy(() -> scripts().write("V1__op.yaml", "operations:\n  - add_column: {table: t, column: c,"
                + " type: INT DEFAULT 0, up: a + 1}\n").scan().all().get(0).parse())
                .hasMessageContaining("holds DEFAULT").hasMessageContaining("give it as 'default'");
        assertThatThrownBy(() -> scripts().write("V1__op.yaml", "operations:\n  - alter_column: {table: t, column: c,"
                + " type: BIGINT DEFAULT 0 NOT NULL}\n").scan().all().get(0).parse()).as("a default taken, NOT NULL after it not")
                .hasMessageContaining("holds NOT NULL");
        for (String taken : List.of("add_column: {table: t, column: c, type: INT NULL}",
                "add_column: {table: t, column: c, type: INT DEFAULT 0}",
                "add_column: {table: t, column: c, type: \"ENUM('NOT NULL', 'DEFAULT')\", up: \"'DEFAULT'\"}",
                "add_column: {table: t, column: c, type: VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin, up: a}",
                "alter_column: {table: t, column: c, type: \"TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP(3)\"}")) {
            assertThat(scripts().write("V1__op.yaml", "operations:\n  - " + taken + "\n").scan().all().get(0).parse())
                    .as(taken).isNotNull();
        }
    }

    @Test
    void aPluggedInOperationReportsAMissingRequiredField() {
        assertThatThrownBy(() -> scripts().write("V1__op.yaml", "operations:\n  - create_marker_table:\n      name: x\n")
                .scan().all().get(0).parse())
                .hasMessage("V1__op.yaml line 3: column 7: unknown field 'name'; known fields here: table");
        assertThatThrownBy(() -> scripts().write("V1__op.yaml", "operations:\n  - create_marker_table: {}\n")
                .scan().all().get(0).parse())
                .hasMessage("V1__op.yaml line 2: column 26: the required field 'table' is missing");
    }

    @Test
    void checksumsAreFlywaysSoIdenticalContentMatches() {
        int first = scripts().write("V1__a.sql", "SELECT 1;\n").scan().all().get(0).checksum();
        int again = scripts().write("V1__a.sql", "SELECT 1;\r\n").scan().all().get(0).checksum();
        int edited = scripts().write("V1__a.sql", "SELECT 2;\n").scan().all().get(0).checksum();

        assertThat(again).as("line endings do not count, as in Flyway").isEqualTo(first);
        assertThat(edited).isNotEqualTo(first);
    }
}
