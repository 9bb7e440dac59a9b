package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which type changes keep every value (widening) and which lose some (narrowing), as the server names types. */
class TypeChangeTest {

    private static boolean widens(String from, String to) {
        return widens(from, null, to, null);
    }

    private static boolean widens(String from, String fromCharset, String to, String toCharset) {
        return TypeChange.narrowing(TypeChange.Type.of(from, fromCharset), TypeChange.Type.of(to, toCharset)).isEmpty();
    }

    @Test
    void integers() {
        assertThat(widens("int", "bigint")).isTrue();
        assertThat(widens("int(11)", "bigint(20)")).as("MariaDB's display widths").isTrue();
        assertThat(widens("int unsigned", "bigint")).isTrue();
        assertThat(widens("int", "int unsigned")).as("negatives").isFalse();
        assertThat(widens("bigint", "int")).isFalse();
        assertThat(widens("int unsigned", "int")).isFalse();
        assertThat(widens("smallint", "decimal(5,0)")).isTrue();
        assertThat(widens("int", "decimal(9,0)")).isFalse();
        assertThat(widens("int", "double")).isTrue();
        assertThat(widens("bigint", "double")).isFalse();
        assertThat(widens("int", "varchar(11)")).isTrue();
        assertThat(widens("int", "varchar(5)")).isFalse();
    }

    @Test
    void decimalsAndFloatingPoint() {
        assertThat(widens("decimal(10,2)", "decimal(12,2)")).isTrue();
        assertThat(widens("decimal(10,2)", "decimal(10,4)")).as("fewer integer digits").isFalse();
        assertThat(widens("decimal(10,2)", "decimal(12,1)")).isFalse();
        assertThat(widens("decimal(10,2)", "decimal(12,2) unsigned")).isFalse();
        assertThat(widens("float", "double")).isTrue();
        assertThat(widens("double", "float")).isFalse();
    }

    /**
     * A FLOAT or DOUBLE of (M,D) rounds to D decimals and refuses more than M - D integer digits; an UNSIGNED one
     * refuses negatives: into one, an old writer's 1.23456 was kept as 1.23, silently, though every other loss of
     * digits asks for an 'up'.
     */
    @Test
    void floatingPointOfFewerDigitsOrWithoutSign() {
        assertThat(widens("double", "double(10,2)")).isFalse();
        assertThat(widens("float", "float(7,3)")).isFalse();
        assertThat(widens("double(10,2)", "double(12,4)")).isTrue();
        assertThat(widens("double(10,2)", "double(10,4)")).as("fewer integer digits").isFalse();
        assertThat(widens("double", "double unsigned")).isFalse();
        assertThat(widens("float unsigned", "double unsigned")).isTrue();
        assertThat(widens("smallint", "double(7,2)")).isTrue();
        assertThat(widens("smallint", "double(5,2)")).isFalse();
        assertThat(widens("int", "double unsigned")).isFalse();
        assertThat(widens("float", "float(30)")).as("a precision alone").isTrue();
    }

    @Test
    void textByLengthAndCharacterSet() {
        assertThat(widens("varchar(100)", "utf8mb4", "varchar(200)", "utf8mb4")).isTrue();
        assertThat(widens("varchar(100)", "utf8mb4", "varchar(10)", "utf8mb4")).isFalse();
        assertThat(widens("varchar(100)", "latin1", "varchar(100)", "utf8mb4")).isTrue();
        assertThat(widens("varchar(100)", "utf8mb3", "varchar(100)", "utf8mb4")).isTrue();
        assertThat(widens("varchar(100)", "utf8mb4", "varchar(100)", "latin1")).isFalse();
        assertThat(widens("varchar(100)", "utf8mb4", "varchar(100)", "utf8mb3")).as("emoji").isFalse();
        assertThat(widens("varchar(300)", "utf8mb4", "text", "utf8mb4")).isTrue();
        assertThat(widens("text", "utf8mb4", "varchar(1000)", "utf8mb4")).isFalse();
        assertThat(widens("text", "utf8mb4", "mediumtext", "utf8mb4")).isTrue();
        assertThat(widens("varchar(10)", "utf8mb4", "int", null)).isFalse();
        assertThat(widens("enum('a','b')", "utf8mb4", "enum('a','b','c')", "utf8mb4")).isTrue();
        assertThat(widens("enum('a','b')", "utf8mb4", "enum('a')", "utf8mb4")).isFalse();
        assertThat(widens("varbinary(10)", "binary", "blob", "binary")).isTrue();
        assertThat(widens("blob", "binary", "varbinary(100)", "binary")).isFalse();
    }

    @Test
    void timesByRangeAndFraction() {
        assertThat(widens("datetime", "datetime(3)")).isTrue();
        assertThat(widens("datetime(6)", "datetime(3)")).isFalse();
        assertThat(widens("datetime", "timestamp")).as("1970 to 2038 only").isFalse();
        assertThat(widens("timestamp", "datetime")).isTrue();
        assertThat(widens("date", "datetime")).isTrue();
        assertThat(widens("time", "time(3)")).isTrue();
        assertThat(widens("year", "smallint")).isTrue();
        assertThat(widens("json", "json")).isTrue();
        assertThat(widens("point", "geometry")).as("not known: narrowing").isFalse();
    }

    /** CHAR and BINARY take every value, but not as it is: the change must be said. */
    @Test
    void charDropsTrailingSpacesAndBinaryPadsWithZeroBytes() {
        assertThat(TypeChange.valueChange(TypeChange.Type.of("varchar(20)", "utf8mb4"), TypeChange.Type.of("char(20)", "utf8mb4")))
                .hasValue("VARCHAR(20) utf8mb4 to CHAR(20) utf8mb4: CHAR drops a value's trailing spaces ('a ' becomes 'a')");
        assertThat(TypeChange.valueChange(TypeChange.Type.of("varbinary(16)", null), TypeChange.Type.of("binary(16)", null)))
                .hasValueSatisfying(reason -> assertThat(reason).endsWith("BINARY pads a shorter value with zero bytes to its length"));
        assertThat(TypeChange.valueChange(TypeChange.Type.of("binary(8)", null), TypeChange.Type.of("binary(16)", null)))
                .as("a longer BINARY pads again").isPresent();
        assertThat(TypeChange.valueChange(TypeChange.Type.of("char(10)", "utf8mb4"), TypeChange.Type.of("char(20)", "utf8mb4")))
                .isEmpty();
        assertThat(TypeChange.valueChange(TypeChange.Type.of("char(10)", "utf8mb4"), TypeChange.Type.of("varchar(20)", "utf8mb4")))
                .as("a CHAR is read without its trailing spaces already").isEmpty();
        assertThat(TypeChange.valueChange(TypeChange.Type.of("binary(16)", null), TypeChange.Type.of("binary(16)", null))).isEmpty();
        assertThat(TypeChange.valueChange(TypeChange.Type.of("varchar(20)", "utf8mb4"), TypeChange.Type.of("text", "utf8mb4")))
                .isEmpty();
    }

    @Test
    void theReasonNamesBothTypes() {
        assertThat(TypeChange.narrowing(TypeChange.Type.of("varchar(100)", "utf8mb4"), TypeChange.Type.of("varchar(10)", "utf8mb4")))
                .hasValue("VARCHAR(100) utf8mb4 to VARCHAR(10) utf8mb4: longer values than it holds");
    }

    @Test
    void theExampleMappingConvertsTextACharacterSetCannotHoldAndCutsTextTooLong() {
        TypeChange.Type latin1 = TypeChange.Type.of("varchar(10)", "latin1");
        assertThat(TypeChange.exampleMapping("name", TypeChange.Type.of("varchar(10)", "utf8mb4"), latin1))
                .isEqualTo("e.g. up: \"CONVERT(name USING latin1)\", where a character latin1 lacks becomes '?'");
        assertThat(TypeChange.exampleMapping("name", TypeChange.Type.of("varchar(40)", "latin1"), latin1))
                .isEqualTo("e.g. up: \"LEFT(name, 10)\"");
        assertThat(TypeChange.exampleMapping("name", null, latin1)).isEqualTo("e.g. up: \"LEFT(name, 10)\"");
    }
}
