package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A row's bytes, built without a server: values joined, then a trailer of lengths and NULL flags. */
class CompareRowBytesTest {

    private static ColumnInfo column(String type, boolean nullable) {
        return new ColumnInfo("c", new Columns(type, null, null, nullable, null, "", ""), null);
    }

    private static CompareSql.Value value(String name, String sourceType, String targetType, boolean nullable) {
        ColumnInfo s = column(sourceType, nullable);
        ColumnInfo t = column(targetType, false);
        return new CompareSql.Value(name, "`" + name + "`", "t." + name, "", "", CompareRowBytes.delimited(s, t),
                s.definition().nullable() || t.definition().nullable(), CompareRowBytes.digested(s, t));
    }

    @Test
    void textCarriesItsLengthNumbersAndTimesOnlyTheirNullFlagAndLongTypesAreDigested() {
        List<CompareSql.Value> values = List.of(value("id", "bigint", "bigint", false), value("name", "varchar(10)", "varchar(10)", false),
                value("note", "text", "text", true), value("at", "datetime(6)", "datetime(6)", true));

        assertThat(CompareRowBytes.of(values, CompareSql.Value::source)).isEqualTo("CONCAT_WS(0x23, CAST(`id` AS BINARY),"
                + " CAST(`name` AS BINARY), MD5(`note`), CAST(`at` AS BINARY),"
                + " CONCAT_WS(',', LENGTH(`name`), COALESCE(LENGTH(`note`), 'N'), ISNULL(`at`)))");
        assertThat(CompareRowBytes.of(values, CompareSql.Value::target)).as("the other side: its own expressions, the same shape")
                .isEqualTo("CONCAT_WS(0x23, CAST(t.id AS BINARY), CAST(t.name AS BINARY), MD5(t.note),"
                        + " CAST(t.at AS BINARY), CONCAT_WS(',', LENGTH(t.name), COALESCE(LENGTH(t.note), 'N'), ISNULL(t.at)))");
    }

    @Test
    void aColumnThatIsANumberOnOneSideAndTextOnTheOtherCarriesItsLengthOnBoth() {
        CompareSql.Value v = value("code", "int", "varchar(10)", false);

        assertThat(v.delimited()).isFalse();
        assertThat(CompareRowBytes.of(List.of(v), CompareSql.Value::source))
                .isEqualTo("CONCAT_WS(0x23, CAST(`code` AS BINARY), CONCAT_WS(',', LENGTH(`code`)))");
    }

    @Test
    void aColumnOfALongTypeOnEitherSideIsDigestedOnBoth() {
        for (String type : List.of("tinytext", "longtext", "blob", "mediumblob", "json", "geometry", "multipolygon")) {
            assertThat(CompareRowBytes.digested(column(type, false), column("varchar(10)", false))).as(type).isTrue();
            assertThat(CompareRowBytes.digested(column("varbinary(10)", false), column(type, false))).as(type).isTrue();
        }
        for (String type : List.of("varchar(10)", "char(3)", "varbinary(255)", "enum('a')", "bit(8)", "int")) {
            assertThat(CompareRowBytes.digested(column(type, false), column(type, false))).as(type).isFalse();
        }
    }

    @Test
    void numbersAndTimesNeverNullNeedNoTrailer() {
        assertThat(CompareRowBytes.of(List.of(value("id", "int", "int", false)), CompareSql.Value::source))
                .isEqualTo("CONCAT_WS(0x23, CAST(`id` AS BINARY), '')");
    }

    @Test
    void bytesJsonEnumsAndBitsAreNotDelimited() {
        for (String type : List.of("blob", "json", "enum('a','b')", "bit(8)", "char(3)", "set('x')")) {
            assertThat(CompareRowBytes.delimited(column(type, false), column(type, false))).as(type).isFalse();
        }
        for (String type : List.of("int(11) unsigned", "decimal(10,2)", "double", "timestamp(3)", "year", "time")) {
            assertThat(CompareRowBytes.delimited(column(type, false), column(type, false))).as(type).isTrue();
        }
    }
}
