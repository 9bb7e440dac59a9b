package dev.tandem.mysql.internal;

import dev.tandem.spi.StepContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The key the backfill walks: its columns, whether it is a single integer column (then chunk bounds are
 * computed, as a hand-written loop does; otherwise they are read), which of its columns hold bytes, and
 * which are ENUM or SET. Key values travel as text, and a tuple is stored as {@code length:value} pieces;
 * a bytes column's value travels in hex (read as {@code HEX(c)}, bound as {@code UNHEX(?)}): as text,
 * bytes that are no valid character would come back as other bytes, and a bound would no longer be the
 * key it was read as. An ENUM or SET value travels as its number ({@link #ordinalNumber}, bound as a number): the
 * key orders it by that number, and compared with its name, as text, the server would put the rows of a
 * name that sorts after the bound's outside every chunk.
 * <p>
 * A TIMESTAMP travels as the session reads it, in its time zone, and the server compares the column with such
 * a bound as local times: through an hour the zone repeats (its clocks put back), local times run back while
 * the key runs on, and a chunk from the first instants of the hour to the second held none of the rows
 * between. A chunk therefore ends only at a key whose TIMESTAMPs lie {@link #PAST_A_REPEATED_HOUR} hours or
 * more from any time the clocks were put back ({@link #farFromClocksPutBack}; put forward, they skip local times
 * and keep their order), and takes the rows around one whole.
 *
 * @param binary    the key columns (lower case) of a bytes type
 * @param ordinal   the key columns (lower case) of type ENUM or SET
 * @param numeric   the key columns (lower case) of an integer or DECIMAL type, bound as numbers
 * @param timestamp the key columns (lower case) of type TIMESTAMP
 */
public record BackfillKey(List<String> columns, boolean integer, Set<String> binary, Set<String> ordinal,
                          Set<String> numeric, Set<String> timestamp) {

    /** The types whose keys get computed chunk bounds. */
    static final Set<String> INTEGER_TYPES = Set.of("tinyint", "smallint", "mediumint", "int", "bigint");
    /** The types whose values are bytes, not characters: such a key column's values travel in hex. */
    private static final Set<String> BINARY_TYPES = Set.of("binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob");
    /** The types whose values are bound as numbers: compared with text, the server compares doubles. */
    private static final Set<String> NUMERIC_TYPES = Set.of("tinyint", "smallint", "mediumint", "int", "bigint", "decimal");
    /** The types whose values are walked by their number: the key sorts them by it. */
    private static final Set<String> ORDINAL_TYPES = Set.of("enum", "set");
    /**
     * The types no key is walked by: a FLOAT or DOUBLE read as text is not the value stored (0.1 for
     * 0.100000001490116...), so a bound read from the last row could leave that row out.
     */
    static final Set<String> INEXACT_TYPES = Set.of("float", "double");
    /** The type whose values a session reads through its time zone. */
    private static final Set<String> TIMESTAMP_TYPES = Set.of("timestamp");
    /**
     * Hours from a time the clocks were put back beyond which local times run in the order of their instants: clocks are
     * put back by at most two hours (Antarctica/Troll), and no zone changes them twice within three.
     */
    static final int PAST_A_REPEATED_HOUR = 3;
    private static final Pattern HEX = Pattern.compile("(?:[0-9A-F]{2})*");
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    public BackfillKey {
        columns = List.copyOf(columns);
        binary = Set.copyOf(binary);
        ordinal = Set.copyOf(ordinal);
        numeric = Set.copyOf(numeric);
        timestamp = Set.copyOf(timestamp);
    }

    /** A key with no TIMESTAMP column. */
    public BackfillKey(List<String> columns, boolean integer, Set<String> binary, Set<String> ordinal,
                       Set<String> numeric) {
        this(columns, integer, binary, ordinal, numeric, Set.of());
    }

    /** A key with no DECIMAL column, and no integer one but the column of an {@code integer} key. */
    public BackfillKey(List<String> columns, boolean integer, Set<String> binary, Set<String> ordinal) {
        this(columns, integer, binary, ordinal, integer ? Set.of(columns.get(0).toLowerCase(Locale.ROOT)) : Set.of());
    }

    /** A key none of whose columns holds bytes, an ENUM or a SET, nor is a DECIMAL. */
    public BackfillKey(List<String> columns, boolean integer) {
        this(columns, integer, Set.of(), Set.of());
    }

    /** The primary key, else the first unique key over NOT NULL columns. */
    static BackfillKey of(StepContext context, String table, String where) throws SQLException {
        return of(context.connection(), table, where);
    }

    /** {@link #of(StepContext, String, String)} for a table of the default schema of {@code c}. */
    public static BackfillKey of(Connection c, String table, String where) throws SQLException {
        SchemaInspector inspector = new SchemaInspector(c);
        return choose(inspector.indexes(table), inspector.columns(table), table, where);
    }

    /**
     * The primary key, else the first unique key (in name order) whose parts are all NOT NULL columns: a
     * NULL in a key column would leave its row outside every keyset range, and a functional key part is
     * no column to walk by. A key over a FLOAT or DOUBLE column is passed over ({@link #INEXACT_TYPES}).
     * A single column of an integer type is an integer key.
     */
    static BackfillKey choose(List<IndexInfo> indexes, List<ColumnInfo> columns, String table, String where)
            throws SQLException {
        return chosen(indexes, columns).orElseThrow(() -> new SQLException(where + ": " + table + " has no primary key and"
                + " no unique key over NOT NULL columns (other than FLOAT or DOUBLE ones), so its rows cannot be backfilled"
                + " in chunks"));
    }

    /** The key {@link #choose} walks a table with {@code indexes} and {@code columns} by; empty when it has none. */
    static Optional<BackfillKey> chosen(List<IndexInfo> indexes, List<ColumnInfo> columns) {
        List<IndexInfo> candidates = indexes.stream().filter(IndexInfo::unique)
                .sorted(Comparator.comparing(index -> !index.isPrimary())).toList();
        for (IndexInfo index : candidates) {
            if (!index.parts().isEmpty() && index.parts().stream().allMatch(p -> p.column() != null && !p.nullable())
                    && keyColumnsOf(index.columns(), columns, INEXACT_TYPES).isEmpty()) {
                List<String> keyColumns = index.columns();
                boolean integer = keyColumns.size() == 1 && columns.stream()
                        .filter(c -> c.isNamed(keyColumns.get(0))).findFirst()
                        .map(c -> INTEGER_TYPES.contains(c.dataType())).orElse(false);
                return Optional.of(new BackfillKey(keyColumns, integer, keyColumnsOf(keyColumns, columns, BINARY_TYPES),
                        keyColumnsOf(keyColumns, columns, ORDINAL_TYPES), keyColumnsOf(keyColumns, columns, NUMERIC_TYPES),
                        keyColumnsOf(keyColumns, columns, TIMESTAMP_TYPES)));
            }
        }
        return Optional.empty();
    }

    /** The names (lower case) of {@code keyColumns} whose type is one of {@code types}. */
    private static Set<String> keyColumnsOf(List<String> keyColumns, List<ColumnInfo> columns, Set<String> types) {
        return columns.stream().filter(c -> types.contains(c.dataType())).map(c -> c.name().toLowerCase(Locale.ROOT))
                .filter(c -> keyColumns.stream().anyMatch(k -> k.equalsIgnoreCase(c))).collect(Collectors.toSet());
    }

    /** Whether {@code column} of the key holds bytes, whose values travel in hex. */
    boolean isBinary(String column) {
        return binary.contains(column.toLowerCase(Locale.ROOT));
    }

    /** Whether {@code column} of the key is an ENUM or a SET, whose values travel as numbers. */
    public boolean isOrdinal(String column) {
        return ordinal.contains(column.toLowerCase(Locale.ROOT));
    }

    /** The key's values as a statement reads them to use again: a bytes column in hex, an ENUM or SET as its number. */
    public String selected() {
        return String.join(", ", columns.stream().map(c -> isBinary(c) ? "HEX(" + Identifiers.quote(c) + ")"
                : isOrdinal(c) ? ordinalNumber(c) : Identifiers.quote(c)).toList());
    }

    /**
     * An ENUM's or a SET's number, as an integer: {@code c | 0} (MySQL's {@code c + 0} is a DOUBLE, which
     * reads as {@code 3.0}, and loses a SET's bits above 2^53).
     */
    public static String ordinalNumber(String column) {
        return "(" + Identifiers.quote(column) + " | 0)";
    }

    /** The key's columns as a statement reads them for people: a bytes column in hex, an ENUM or SET by its name. */
    List<String> readable() {
        return columns.stream().map(c -> isBinary(c) ? "HEX(" + Identifiers.quote(c) + ")" : Identifiers.quote(c)).toList();
    }

    /**
     * Whether {@code values}, read earlier (a checkpoint's), are this key's as it travels now: a bytes
     * column's value in hex, an ENUM's or a SET's as a number. A checkpoint written by a version that read
     * them as text is not.
     */
    boolean travelsAs(List<String> values) {
        if (values == null) {
            return true;
        }
        for (int i = 0; i < columns.size(); i++) {
            if (isBinary(columns.get(i)) && !HEX.matcher(values.get(i)).matches()
                    || isOrdinal(columns.get(i)) && !NUMBER.matcher(values.get(i)).matches()) {
                return false;
            }
        }
        return true;
    }

    public String list() {
        return String.join(", ", columns.stream().map(Identifiers::quote).toList());
    }

    public String tuple() {
        return "(" + list() + ")";
    }

    /** A tuple of parameters for key values as they travel: {@code UNHEX(?)} for a bytes column. */
    public String placeholders() {
        return "(" + String.join(", ", columns.stream().map(c -> isBinary(c) ? "UNHEX(?)" : "?").toList()) + ")";
    }

    /**
     * Binds {@code values} from parameter {@code from}; returns the next parameter index. An integer or
     * DECIMAL column's value is bound as a number, in a key of any width: compared with text, the server
     * compares doubles, which cannot tell apart BIGINTs above 2^53 (nor DECIMALs of more than 15 digits),
     * and in a tuple {@code (a, b) <= (?, ?)} two such values taken for equal let the second column decide,
     * which put rows of the last key's neighbours outside every chunk. An ENUM's or a SET's number too:
     * compared with it, the column compares by its number, as the key orders it.
     */
    public int bind(PreparedStatement s, int from, List<String> values) throws SQLException {
        if (values == null) {
            return from;
        }
        for (int i = 0; i < values.size(); i++) {
            String column = columns.get(i).toLowerCase(Locale.ROOT);
            if (numeric.contains(column) || isOrdinal(column)) {
                s.setBigDecimal(from++, new BigDecimal(values.get(i)));
            } else {
                s.setString(from++, values.get(i));
            }
        }
        return from;
    }

    /**
     * How much of the range from {@code min} to {@code max} lies at or below {@code upper}, from 0 to 1,
     * for an integer key; 0 (unknown) for others.
     */
    double doneFraction(List<String> min, List<String> upper, List<String> max) {
        if (!integer) {
            return 0;
        }
        BigDecimal low = new BigDecimal(min.get(0));
        BigDecimal span = new BigDecimal(max.get(0)).subtract(low);
        return span.signum() == 0 ? 1 : new BigDecimal(upper.get(0)).subtract(low)
                .divide(span, MathContext.DECIMAL64).doubleValue();
    }

    /** {@code sql}, which holds one {@link #range} (from {@code cursor} up to {@code upper}), with the range bound. */
    PreparedStatement statement(Connection c, String sql, List<String> cursor, List<String> upper) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        bind(s, bind(s, 1, cursor), upper);
        return s;
    }

    /**
     * The first ({@code last} false) or last key of the table {@code t} (quoted), encoded; null when it is empty.
     * A last key's TIMESTAMP near a time the clocks were put back ({@link #farFromClocksPutBack}) is given as its local time
     * {@link #PAST_A_REPEATED_HOUR} hours on, later than the local time of every row up to it.
     */
    String edge(Connection c, String t, boolean last) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(edgeQuery(t, last)); ResultSet rs = s.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            List<String> key = row(rs);
            int past = columns.size();
            for (int i = 0; last && i < columns.size(); i++) {
                if (isTimestamp(columns.get(i)) && rs.getString(++past) != null) {
                    key.set(i, rs.getString(past));
                }
            }
            return encode(key);
        }
    }

    /**
     * The query for the first ({@code last} false) or last key of the table {@code t} (quoted); for the last, after
     * the key, for each TIMESTAMP of it a bound past it where it lies near a time the clocks were put back, else NULL.
     */
    String edgeQuery(String t, boolean last) {
        String order = String.join(", ", columns.stream().map(col -> Identifiers.quote(col) + (last ? " DESC" : "")).toList());
        String pastRepeatedHours = !last ? "" : columns.stream().filter(this::isTimestamp).map(col -> ", IF("
                + farFromClocksPutBack(col) + ", NULL, CAST(" + Identifiers.quote(col) + " AS DATETIME(6)) + INTERVAL "
                + PAST_A_REPEATED_HOUR + " HOUR)").collect(Collectors.joining());
        return "SELECT " + selected() + pastRepeatedHours + " FROM " + t + " ORDER BY " + order + " LIMIT 1";
    }

    private boolean isTimestamp(String column) {
        return timestamp.contains(column.toLowerCase(Locale.ROOT));
    }

    /**
     * Whether the session's time zone puts its clocks back at no time within {@link #PAST_A_REPEATED_HOUR} hours
     * of the TIMESTAMP {@code column}: its local time as many hours after is not less than as many hours on from
     * its own, nor as many hours before more than as many hours back (NULL, taken as no, at the ends of the
     * TIMESTAMP range). Clocks put forward in that time pass: local times then skip, but keep their order.
     */
    static String farFromClocksPutBack(String column) {
        String c = Identifiers.quote(column);
        String local = "CAST(" + c + " AS DATETIME(6))";
        String seconds = String.valueOf(PAST_A_REPEATED_HOUR * 3600);
        return "FROM_UNIXTIME(UNIX_TIMESTAMP(" + c + ") + " + seconds + ") >= " + local + " + INTERVAL " + PAST_A_REPEATED_HOUR
                + " HOUR AND FROM_UNIXTIME(UNIX_TIMESTAMP(" + c + ") - " + seconds + ") <= " + local + " - INTERVAL "
                + PAST_A_REPEATED_HOUR + " HOUR";
    }

    /** The condition for the keys after {@code cursor} (from the start when null) up to an upper bound. */
    String range(List<String> cursor) {
        return (cursor == null ? "" : tuple() + " > " + placeholders() + " AND ") + tuple() + " <= " + placeholders();
    }

    /** What {@link #walk} does with each chunk: the keys after {@code cursor} (from the start when null) up to {@code upper}. */
    interface ChunkWork {
        void run(List<String> cursor, List<String> upper) throws SQLException;
    }

    /**
     * Walks the table {@code t} (quoted) from its first key to its last, as they are when the walk begins, in
     * chunks of {@code rows} rows (bounds read, so a sparse key takes no more chunks than a dense one). Its reads
     * give way where they wait too long for a lock (a DDL statement queued for the table), as a backfill's do.
     */
    void walk(Connection c, String t, int rows, ChunkWork work) throws SQLException {
        String last = GivingWay.run(c, null, "Reading the last key of " + t, () -> edge(c, t, true));
        if (last == null) {
            return;
        }
        List<String> max = decode(last);
        List<String> cursor = null;
        while (cursor == null || !cursor.equals(max)) {
            List<String> after = cursor;
            List<String> upper = GivingWay.run(c, after, "Reading a chunk's bound", () -> readBound(c, t, after, max, rows));
            work.run(cursor, upper);
            cursor = upper;
        }
    }

    /**
     * The upper bound of the next chunk of {@code size} after {@code cursor}: for an integer key, {@code size} key
     * values from the first key after {@code cursor} (an index seek, not a walk over {@code size} rows: a gap in the
     * keys is stepped over at once, where chunks through it found nothing, 50,000 values at a time), else read.
     */
    List<String> nextBound(Connection c, String t, List<String> cursor, List<String> min, List<String> max, int size)
            throws SQLException {
        if (!integer) {
            return readBound(c, t, cursor, max, size);
        }
        if (cursor == null) {
            return computedBound(null, min, max, size);
        }
        BigInteger first = new BigInteger(readBound(c, t, cursor, max, 1).get(0));
        return computedBound(List.of(first.subtract(BigInteger.ONE).toString()), min, max, size);
    }

    /** The key {@code chunk} values after {@code cursor} (after {@code min} - 1 at the start), at most {@code max}. */
    static List<String> computedBound(List<String> cursor, List<String> min, List<String> max, int chunk) {
        BigInteger from = cursor == null ? new BigInteger(min.get(0)).subtract(BigInteger.ONE) : new BigInteger(cursor.get(0));
        BigInteger next = from.add(BigInteger.valueOf(chunk));
        BigInteger last = new BigInteger(max.get(0));
        return List.of((next.compareTo(last) >= 0 ? last : next).toString());
    }

    /**
     * The key {@code chunk} rows after {@code cursor} (or {@code max} when fewer remain), counting only rows whose
     * TIMESTAMPs lie far from any time the clocks were put back: the others are taken in with the chunk.
     */
    List<String> readBound(Connection c, String t, List<String> cursor, List<String> max, int chunk) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(boundQuery(t, cursor))) {
            int i = bind(s, 1, cursor);
            i = bind(s, i, max);
            s.setInt(i, chunk - 1);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? row(rs) : max;
            }
        }
    }

    /**
     * The query for the key some rows after {@code cursor} (from the start when null) and at most an
     * upper bound, one whose TIMESTAMPs lie far from any time the clocks were put back; its last parameter is how many such
     * rows to skip.
     */
    String boundQuery(String t, List<String> cursor) {
        String exact = columns.stream().filter(this::isTimestamp).map(c -> " AND " + farFromClocksPutBack(c))
                .collect(Collectors.joining());
        return "SELECT " + selected() + " FROM " + t + " WHERE " + range(cursor) + exact + " ORDER BY " + list()
                + " LIMIT 1 OFFSET ?";
    }

    private List<String> row(ResultSet rs) throws SQLException {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= columns.size(); i++) {
            values.add(rs.getString(i));
        }
        return values;
    }

    public static String encode(List<String> values) {
        StringBuilder out = new StringBuilder();
        values.forEach(v -> out.append(v.length()).append(':').append(v));
        return out.toString();
    }

    public static List<String> decode(String encoded) {
        List<String> values = new ArrayList<>();
        int i = 0;
        while (i < encoded.length()) {
            int colon = encoded.indexOf(':', i);
            int length = Integer.parseInt(encoded.substring(i, colon));
            values.add(encoded.substring(colon + 1, colon + 1 + length));
            i = colon + 1 + length;
        }
        return values;
    }
}
