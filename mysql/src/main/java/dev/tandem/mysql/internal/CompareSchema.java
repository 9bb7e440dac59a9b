package dev.tandem.mysql.internal;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The schema differences of a table between two databases, one sentence each: columns (type,
 * nullability, default, extra, character set, collation, their order), indexes, foreign keys, triggers
 * (not Tandem's own {@code tandem_*}) and the default collation. The two servers spell some things differently (MariaDB
 * shows integer display widths, quotes string defaults and writes {@code NULL} for no default; MySQL
 * marks expression defaults {@code DEFAULT_GENERATED}; MariaDB's JSON is a LONGTEXT with a
 * {@code json_valid} check): each side is read in its own spelling, so MariaDB and MySQL compare where the
 * types map.
 */
final class CompareSchema {

    /** The prefix of Tandem's own triggers, which a copy need not have. */
    private static final String OWN_TRIGGER_PREFIX = "tandem_";
    /** How a sentence says that a column has no default. */
    private static final String NO_DEFAULT = "no default";

    /**
     * One side's table.
     *
     * @param mariaDb whether its server is MariaDB, whose information_schema spells defaults otherwise
     */
    record Side(TableInfo table, List<ColumnInfo> columns, List<IndexInfo> indexes, List<TriggerInfo> triggers,
                List<ForeignKeyInfo> foreignKeys, boolean mariaDb) {

        /** Reads the table of one side; MariaDB's JSON columns are spelled as MySQL's ({@link #asJson}). */
        static Side read(SchemaInspector inspector, String table, boolean mariaDb) throws SQLException {
            Optional<TableInfo> info = inspector.table(table);
            if (info.isEmpty()) {
                return null;
            }
            List<ColumnInfo> columns = inspector.columns(table);
            if (mariaDb) {
                List<String> json = inspector.mariaDbJsonColumns(table);
                columns = columns.stream().map(c -> json.stream().anyMatch(c::isNamed) ? asJson(c) : c).toList();
            }
            List<ForeignKeyInfo> foreignKeys = inspector.foreignKeys(table).stream().filter(k -> k.table().equals(table)).toList();
            return new Side(info.get(), columns, inspector.indexes(table), inspector.triggers(table), foreignKeys, mariaDb);
        }

        Optional<ColumnInfo> column(String name) {
            return columns.stream().filter(c -> c.isNamed(name)).findFirst();
        }
    }

    /**
     * What differs, and what a charset conversion asked for explains (a note, not a difference).
     *
     * @param differences each schema difference, one sentence each
     * @param notes       character sets and collations that differ as the requested conversion expects
     */
    record Found(List<String> differences, List<String> notes) {
    }

    private CompareSchema() {
    }

    /** A MariaDB JSON column (LONGTEXT under a json_valid check) as MySQL shows one: type json, no character set. */
    static ColumnInfo asJson(ColumnInfo column) {
        Columns d = column.definition();
        return new ColumnInfo(column.name(), new Columns("json", null, null, d.nullable(), d.columnDefault(), d.extra(),
                d.comment()), column.generationExpression());
    }

    /**
     * The differences of {@code source} and {@code target}, leaving out the columns in {@code ignored}
     * (lower case); with {@code afterCharsetConversion}, differing character sets and collations are notes.
     */
    static Found differences(Side source, Side target, Set<String> ignored, boolean afterCharsetConversion) {
        List<String> differences = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> charsets = afterCharsetConversion ? notes : differences;
        differ("default collation", source.table().collation(), target.table().collation(), charsets);
        for (ColumnInfo s : source.columns()) {
            if (ignored.contains(s.name().toLowerCase(Locale.ROOT))) {
                continue;
            }
            Optional<ColumnInfo> t = target.column(s.name());
            if (t.isEmpty()) {
                differences.add("column " + s.name() + " is only in the source");
                continue;
            }
            Columns a = s.definition();
            Columns b = t.get().definition();
            String what = "column " + s.name() + " ";
            differ(what + "type", type(a.type()), type(b.type()), differences);
            differ(what + "nullability", a.nullable() ? "NULL" : "NOT NULL", b.nullable() ? "NULL" : "NOT NULL", differences);
            differ(what + "default", Objects.toString(defaultOf(a, source.mariaDb()), NO_DEFAULT),
                    Objects.toString(defaultOf(b, target.mariaDb()), NO_DEFAULT), differences);
            differ(what + "extra", extra(a.extra()), extra(b.extra()), differences);
            differ(what + "character set", a.characterSet(), b.characterSet(), charsets);
            differ(what + "collation", a.collation(), b.collation(), charsets);
            if (source.mariaDb() == target.mariaDb()) {
                // Each flavor writes an expression its own way (MySQL adds character set introducers): compared within one.
                differ(what + "generation expression", expression(s.generationExpression()),
                        expression(t.get().generationExpression()), differences);
            }
        }
        target.columns().stream().filter(t -> source.column(t.name()).isEmpty())
                .filter(t -> !ignored.contains(t.name().toLowerCase(Locale.ROOT)))
                .forEach(t -> differences.add("column " + t.name() + " is only in the target"));
        List<String> sourceOrder = source.columns().stream().map(ColumnInfo::name)
                .filter(n -> target.column(n).isPresent() && !ignored.contains(n.toLowerCase(Locale.ROOT))).toList();
        List<String> targetOrder = target.columns().stream().map(ColumnInfo::name)
                .filter(n -> source.column(n).isPresent() && !ignored.contains(n.toLowerCase(Locale.ROOT))).toList();
        if (!sourceOrder.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList()
                .equals(targetOrder.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList())) {
            // An INSERT without a column list, or a SELECT * read by position, fills or reads other columns.
            differences.add("column order: " + String.join(", ", sourceOrder) + " in the source, "
                    + String.join(", ", targetOrder) + " in the target");
        }
        compareNamed("index", source.indexes(), target.indexes(), IndexInfo::name, CompareSchema::index, differences);
        compareNamed("foreign key", source.foreignKeys(), target.foreignKeys(), ForeignKeyInfo::name,
                CompareSchema::foreignKey, differences);
        compareNamed("trigger", ownless(source.triggers()), ownless(target.triggers()), TriggerInfo::name,
                tr -> tr.timing() + " " + tr.event(), differences);
        return new Found(differences, notes);
    }

    /** {@code what} as sentence when the two sides' values differ. */
    private static void differ(String what, String source, String target, List<String> into) {
        if (!Objects.equals(source, target)) {
            into.add(what + ": " + source + " in the source, " + target + " in the target");
        }
    }

    /** Things compared by name (without case): on one side only, or described differently. */
    private static <T> void compareNamed(String kind, List<T> source, List<T> target, Function<T, String> name,
                                         Function<T, String> description, List<String> into) {
        for (T s : source) {
            Optional<T> t = target.stream().filter(x -> name.apply(x).equalsIgnoreCase(name.apply(s))).findFirst();
            if (t.isEmpty()) {
                into.add(kind + " " + name.apply(s) + " is only in the source: " + description.apply(s));
            } else {
                differ(kind + " " + name.apply(s), description.apply(s), description.apply(t.get()), into);
            }
        }
        target.stream().filter(t -> source.stream().noneMatch(s -> name.apply(s).equalsIgnoreCase(name.apply(t))))
                .forEach(t -> into.add(kind + " " + name.apply(t) + " is only in the target: " + description.apply(t)));
    }

    private static List<TriggerInfo> ownless(List<TriggerInfo> triggers) {
        return triggers.stream().filter(t -> !t.name().toLowerCase(Locale.ROOT).startsWith(OWN_TRIGGER_PREFIX)).toList();
    }

    /** An index as a sentence shows it: {@code UNIQUE (a, b(10))}. */
    static String index(IndexInfo index) {
        return (index.unique() ? "UNIQUE " : "") + "(" + String.join(", ", index.parts().stream()
                .map(p -> (p.column() == null ? "<expression>" : p.column()) + (p.subPart() == null ? "" : "(" + p.subPart() + ")"))
                .toList()) + ")";
    }

    /**
     * A foreign key as a sentence shows it: {@code (customer_id) REFERENCES customers (id) ON UPDATE RESTRICT ON DELETE
     * CASCADE}; {@code NO ACTION} as {@code RESTRICT}, which InnoDB makes it (MySQL and MariaDB name an unsaid rule apart).
     */
    static String foreignKey(ForeignKeyInfo key) {
        return "(" + String.join(", ", key.columns()) + ") REFERENCES " + key.referencedTable() + " ("
                + String.join(", ", key.referencedColumns()) + ") " + key.actions().replace("NO ACTION", "RESTRICT");
    }

    /**
     * A column type without integer display widths, which MariaDB shows and MySQL 8 does not: {@code int(11)} is
     * {@code int}. In lower case but for the members of an ENUM or a SET, whose case is what a row stores.
     */
    static String type(String type) {
        int members = type.indexOf('(');
        String name = (members < 0 ? type : type.substring(0, members)).toLowerCase(Locale.ROOT);
        if (members >= 0 && (name.equals("enum") || name.equals("set"))) {
            return name + type.substring(members);
        }
        return type.toLowerCase(Locale.ROOT).replaceAll("^(tinyint|smallint|mediumint|int|integer|bigint)\\(\\d+\\)", "$1");
    }

    /**
     * A generation expression as the server writes it (its canonical form: the same definition reads alike on
     * one flavor; no spacing or case is taken away, which in a literal is the value); null for a plain column.
     */
    static String expression(String generation) {
        return generation == null || generation.isEmpty() ? null : generation;
    }

    /**
     * A column's default in one spelling: null for none, a literal unquoted, {@code CURRENT_TIMESTAMP}
     * upper case without empty parentheses. MariaDB writes SQL (string literals quoted, {@code NULL} for
     * none); MySQL writes the bare value (null for none).
     */
    static String defaultOf(Columns column, boolean mariaDb) {
        String d = column.columnDefault();
        if (d == null || (mariaDb && d.equals("NULL"))) {
            return null;
        }
        if (mariaDb && d.length() >= 2 && d.startsWith("'") && d.endsWith("'")) {
            return d.substring(1, d.length() - 1).replace("''", "'").replace("\\\\", "\\");
        }
        return d.replaceAll("(?i)^current_timestamp(\\(\\))?", "CURRENT_TIMESTAMP").replaceAll("(?i)^current_timestamp\\(",
                "CURRENT_TIMESTAMP(");
    }

    /** A column's extra in one spelling: lower case, without MySQL's DEFAULT_GENERATED, {@code current_timestamp} without (). */
    static String extra(String extra) {
        return extra == null ? "" : extra.toLowerCase(Locale.ROOT).replace("default_generated", "")
                .replace("current_timestamp()", "current_timestamp").strip();
    }
}
