package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading column names and determinism out of up/down expressions, with the server's identifier rules. */
class ExpressionsTest {

    private static final Map<String, String> COLUMNS = new LinkedHashMap<>();

    static {
        COLUMNS.put("id", "");
        COLUMNS.put("straße", "");
        COLUMNS.put("名前", "");
        COLUMNS.put("first name", "");
        COLUMNS.put("user", "");
        COLUMNS.put("C2", "");
        COLUMNS.put("3d", "");
    }

    @Test
    void arithmeticAndNumberMakingFunctionsConvertToANumberOutsideStringsAndQuotedNames() {
        assertThat(Expressions.convertsToNumber("CONCAT('#', code + 0)")).isTrue();
        assertThat(Expressions.convertsToNumber("CAST(code AS SIGNED)")).isTrue();
        assertThat(Expressions.convertsToNumber("ROUND(price)")).isTrue();
        assertThat(Expressions.convertsToNumber("code DIV 2")).isTrue();
        assertThat(Expressions.convertsToNumber("CONCAT(code << 0)")).isTrue();
        assertThat(Expressions.convertsToNumber("CONCAT(first, ' - ', last, '+1%')")).as("inside strings").isFalse();
        assertThat(Expressions.convertsToNumber("UPPER(`full-name`)")).as("inside a quoted name").isFalse();
        assertThat(Expressions.convertsToNumber("COALESCE(rounded_name, signed_by)")).as("words inside names").isFalse();
    }

    @Test
    void comparisonsAreOperatorsAndTheConstructsThatCompareOutsideStringsAndQuotedNames() {
        assertThat(Expressions.compares("IF(code = amount, 'none', code)")).isTrue();
        assertThat(Expressions.compares("IF(code<>amount, code, 'x')")).isTrue();
        assertThat(Expressions.compares("IF(code IN (amount, 2), code, 'x')")).isTrue();
        assertThat(Expressions.compares("IF(code BETWEEN low AND high, code, 'x')")).isTrue();
        assertThat(Expressions.compares("CASE code WHEN amount THEN 'a' ELSE code END")).isTrue();
        assertThat(Expressions.compares("COALESCE(NULLIF(code, amount), 'x')")).isTrue();
        assertThat(Expressions.compares("GREATEST(code, amount)")).isTrue();
        assertThat(Expressions.compares("CONCAT(code, amount)")).as("no comparison").isFalse();
        assertThat(Expressions.compares("CONCAT(code, '=', amount)")).as("inside a string").isFalse();
        assertThat(Expressions.compares("CONCAT(`a=b`, inside, cases)")).as("inside a quoted name, words inside names")
                .isFalse();
    }

    @Test
    void comparisonsWithANumberWrittenOutConvertToANumber() {
        assertThat(Expressions.convertsToNumber("IF(code = 0, 'none', code)")).isTrue();
        assertThat(Expressions.convertsToNumber("IF(0<code, code, 'none')")).isTrue();
        assertThat(Expressions.convertsToNumber("IF(code <> ( 1.5 ), code, 'x')")).isTrue();
        assertThat(Expressions.convertsToNumber("IF(code >= .5, code, 'x')")).isTrue();
        assertThat(Expressions.convertsToNumber("IF(code <=> 2e3, code, 'x')")).isTrue();
        assertThat(Expressions.convertsToNumber("IF(code BETWEEN 1 AND 9, code, 'x')")).isTrue();
        assertThat(Expressions.convertsToNumber("IF(code IN (1, 2), code, 'x')")).isTrue();
        assertThat(Expressions.convertsToNumber("IF(code = '0', 'none', code)")).as("with a string").isFalse();
        assertThat(Expressions.convertsToNumber("IF(code = c2, 'none', code)")).as("with a column").isFalse();
        assertThat(Expressions.convertsToNumber("IF(c2 = code, 'none', code)")).as("a name ending in a digit").isFalse();
        assertThat(Expressions.convertsToNumber("IF(code = 3d, 'none', code)")).as("a name starting with one").isFalse();
        assertThat(Expressions.convertsToNumber("IF(code IN ('a', 'b'), code, 'x')")).as("in strings").isFalse();
        assertThat(Expressions.convertsToNumber("IF(`a=1` = code, code, 'x')")).as("inside a quoted name").isFalse();
    }

    @Test
    void namesOutsideAsciiAreColumns() {
        assertThat(Expressions.columnsNamed("UPPER(straße)", COLUMNS)).containsOnlyKeys("straße");
        assertThat(Expressions.columnsNamed("CONCAT(名前, '!')", COLUMNS)).containsOnlyKeys("名前");
    }

    @Test
    void quotedNamesMayHoldSpacesAndBackticks() {
        assertThat(Expressions.columnsNamed("TRIM(`first name`)", COLUMNS)).containsOnlyKeys("first name");
        assertThat(Expressions.words("`a``b` + 1")).containsExactly("a`b");
    }

    @Test
    void namesMatchInAnyCaseAndNotInsideStrings() {
        assertThat(Expressions.columnsNamed("c2 + 1", COLUMNS)).containsOnlyKeys("C2");
        assertThat(Expressions.columnsNamed("CONCAT('id straße', \"user\")", COLUMNS)).isEmpty();
        assertThat(Expressions.columnsNamed("CONCAT('it''s', id)", COLUMNS)).containsOnlyKeys("id");
    }

    @Test
    void numbersAreNotNamesButNamesMayStartWithDigits() {
        assertThat(Expressions.words("3 + 3d + 1.5")).containsExactly("3d");
        assertThat(Expressions.columnsNamed("3d * 2", COLUMNS)).containsOnlyKeys("3d");
    }

    @Test
    void bareColumn() {
        assertThat(Expressions.bareColumn(" straße ")).isEqualTo("straße");
        assertThat(Expressions.bareColumn("`first name`")).isEqualTo("first name");
        assertThat(Expressions.bareColumn("UPPER(x)")).isNull();
        assertThat(Expressions.bareColumn("a + b")).isNull();
    }

    @Test
    void clockRandomSessionAndSubqueriesAreNotDeterministic() {
        assertThat(Expressions.isDeterministic("UUID()")).isFalse();
        assertThat(Expressions.isDeterministic("now( )")).isFalse();
        assertThat(Expressions.isDeterministic("CURRENT_TIMESTAMP")).isFalse();
        assertThat(Expressions.isDeterministic("COALESCE(a, RAND())")).isFalse();
        assertThat(Expressions.isDeterministic("(SELECT MAX(x) FROM other)")).isFalse();
        assertThat(Expressions.isDeterministic("UNIX_TIMESTAMP()")).isFalse();
    }

    @Test
    void columnsNamedLikeFunctionsAndFunctionsOfTheRowAreDeterministic() {
        assertThat(Expressions.isDeterministic("UPPER(user)")).isTrue();
        assertThat(Expressions.isDeterministic("CONCAT(first_name, ' ', last_name)")).isTrue();
        assertThat(Expressions.isDeterministic("UNIX_TIMESTAMP(created_at)")).isTrue();
        assertThat(Expressions.isDeterministic("'now()'")).isTrue();
        assertThat(Expressions.isDeterministic("`select`")).isTrue();
        assertThat(Expressions.isDeterministic("now_playing")).isTrue();
    }

    @Test
    void subqueriesTheTablesTheyReadAndTheirUnqualifiedNames() {
        String up = "CONCAT(name, ' of ', (SELECT name FROM countries WHERE id = country_id AND note <> '(select x)'),"
                + " (SELECT MAX(c.id) FROM `shop`.`cities` c JOIN regions r ON r.id = c.region_id))";

        assertThat(Expressions.subqueries(up)).containsExactly(
                "SELECT name FROM countries WHERE id = country_id AND note <> ''",
                "SELECT MAX(c.id) FROM `shop`.`cities` c JOIN regions r ON r.id = c.region_id");
        assertThat(Expressions.tablesRead(Expressions.subqueries(up).get(1))).containsExactly(
                new Expressions.TableRead("shop", "cities"), new Expressions.TableRead(null, "regions"));
        assertThat(Expressions.unqualifiedWords(Expressions.subqueries(up).get(0)))
                .containsExactly("SELECT", "name", "FROM", "countries", "WHERE", "id", "country_id", "AND", "note");
        assertThat(Expressions.unqualifiedWords("MAX(c.id) + `t` . `n` + LOWER(x)")).containsExactly("x");
        assertThat(Expressions.unqualifiedWords("SELECT o.total AS total, CAST(d AS DATE) FROM o JOIN r USING (region_id)"))
                .containsExactly("SELECT", "AS", "d", "AS", "FROM", "o", "JOIN", "r");
        assertThat(Expressions.tablesRead("SELECT 1 FROM a STRAIGHT_JOIN b ON a.x = b.x")).extracting(Expressions.TableRead::name)
                .containsExactly("a", "b");
        assertThat(Expressions.subqueries("CONCAT(a, b)")).isEmpty();
    }

    @Test
    void aCommaJoinReadsEveryTableOfItsList() {
        assertThat(Expressions.tablesRead("SELECT c.name FROM countries c, regions AS r, `other`.cities WHERE r.id = x"))
                .containsExactly(new Expressions.TableRead(null, "countries"), new Expressions.TableRead(null, "regions"),
                        new Expressions.TableRead("other", "cities"));
        assertThat(Expressions.tablesRead("SELECT name FROM countries, regions")).extracting(Expressions.TableRead::name)
                .containsExactly("countries", "regions");
        assertThat(Expressions.tablesRead("SELECT a, b FROM t WHERE f(x, y) > 0 AND z IN (1, 2)"))
                .extracting(Expressions.TableRead::name).containsExactly("t");
        assertThat(Expressions.tablesRead("SELECT 1 FROM t JOIN u ON u.id = GREATEST(t.id, 0), v WHERE v.a = t.a"))
                .extracting(Expressions.TableRead::name).containsExactlyInAnyOrder("t", "u", "v");
        assertThat(Expressions.tablesRead("SELECT 1 FROM (SELECT a, b FROM w) d, somewhere_else")).extracting(Expressions.TableRead::name)
                .containsExactlyInAnyOrder("w", "somewhere_else");
    }

    @Test
    void aUnitOfTimeIsNoColumnAndExtractsFromReadsNoTable() {
        assertThat(Expressions.unqualifiedWords("SELECT MAX(at) FROM events WHERE at > created + INTERVAL 1 YEAR"))
                .doesNotContain("YEAR").contains("at", "created");
        assertThat(Expressions.unqualifiedWords("SELECT 1 FROM e WHERE at < d - INTERVAL (n + 1) DAY AND at > d + INTERVAL -n hour"))
                .doesNotContain("DAY", "hour").contains("n", "d");
        assertThat(Expressions.unqualifiedWords("SELECT year FROM e WHERE EXTRACT(YEAR FROM d) = year AND TIMESTAMPDIFF(DAY, a, b) > 1"))
                .containsExactly("SELECT", "year", "FROM", "e", "WHERE", "d", "year", "AND", "a", "b");
        assertThat(Expressions.tablesRead("SELECT 1 FROM e WHERE EXTRACT(YEAR FROM d) = 2000")).extracting(Expressions.TableRead::name)
                .containsExactly("e");
    }

    /** A quote in a comment hid what follows it from every reading of the expression's words: NOW() and a column. */
    @Test
    void aCommentOrAVariableMakesAnExpressionUnreadable() {
        assertThat(Expressions.unreadable("CASE WHEN paid_at IS NULL THEN NULL -- don't stamp\nELSE NOW() END"))
                .contains("a comment (-- don't stamp)");
        assertThat(Expressions.unreadable("net * qty # the seller's share")).contains("a comment (# the seller's share)");
        assertThat(Expressions.unreadable("net /* share */ * qty")).contains("a comment (/* share */ * qty)");
        assertThat(Expressions.unreadable("ROUND(net * @vat, 2)")).contains("the variable @vat, 2)");
        assertThat(Expressions.unreadable("@@session.time_zone")).contains("the variable @@session.time_zone");
        assertThat(Expressions.unreadable("CONCAT('-- not a comment', \"it's # no comment\", `odd--name`, 'a@b', 'it''s')"))
                .as("in strings and quoted names").isEmpty();
        assertThat(Expressions.unreadable("1--1")).as("minus minus one").isEmpty();
        assertThat(Expressions.unreadable("CONCAT('\\'', name)")).as("an escaped quote").isEmpty();
    }

    @Test
    void aColumnNamedThroughTheTableIsSeen() {
        assertThat(Expressions.qualifiedBy("orders.price * orders.qty", "orders")).isTrue();
        assertThat(Expressions.qualifiedBy("`orders` . `price`", "orders")).isTrue();
        assertThat(Expressions.qualifiedBy("(SELECT c.name FROM countries c WHERE c.id = Orders.country_id)", "orders")).isTrue();
        assertThat(Expressions.qualifiedBy("(SELECT codes.code FROM codes WHERE codes.id = code_id)", "orders")).isFalse();
        assertThat(Expressions.qualifiedBy("CONCAT('orders.price', price)", "orders")).as("in a string").isFalse();
        assertThat(Expressions.qualifiedBy("old_orders.price + shop.orders_archive.x", "orders")).isFalse();
    }
}
