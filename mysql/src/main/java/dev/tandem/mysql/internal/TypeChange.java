package dev.tandem.mysql.internal;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether every value a column of one type can hold fits a column of another, as the server reports
 * both ({@code information_schema.columns.column_type} and character set). A change that keeps every
 * value is widening; any other narrows, and old code's writes of the values that no longer fit would
 * fail once a sync trigger copies them into the new type. When in doubt, it narrows.
 */
final class TypeChange {

    private static final Pattern TYPE = Pattern.compile("([a-z]+)(?:\\(([^)]*)\\))?(.*)");
    private static final Map<String, Integer> INTEGER_BITS = Map.of("tinyint", 8, "smallint", 16, "mediumint", 24,
            "int", 32, "integer", 32, "bigint", 64);
    private static final Map<String, Long> TEXT_BYTES = Map.of("tinytext", 255L, "text", 65_535L, "mediumtext",
            16_777_215L, "longtext", 4_294_967_295L, "tinyblob", 255L, "blob", 65_535L, "mediumblob", 16_777_215L,
            "longblob", 4_294_967_295L);
    /** The text types, by their data type. */
    static final Set<String> CHARACTERS = Set.of("char", "varchar", "tinytext", "text", "mediumtext", "longtext");
    /** The byte-string types, by their data type. */
    static final Set<String> BYTES = Set.of("binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob");
    /** Character sets in which each one's characters all exist, widest last. */
    private static final List<String> CHARSET_ORDER = List.of("ascii", "latin1", "utf8mb3", "utf8mb4");
    private static final Map<String, Integer> BYTES_PER_CHARACTER = Map.of("ascii", 1, "latin1", 1, "utf8mb3", 3,
            "utf8mb4", 4, "binary", 1);

    private TypeChange() {
    }

    /** A column type as the server reports it. */
    record Type(String base, String arguments, boolean unsigned, String charset) {

        static Type of(String columnType, String charset) {
            Matcher m = TYPE.matcher(columnType.toLowerCase(Locale.ROOT).strip());
            if (!m.matches()) {
                return new Type(columnType.toLowerCase(Locale.ROOT), null, false, charset);
            }
            String cs = charset == null ? null : charset.toLowerCase(Locale.ROOT);
            // An integer's display width (MariaDB's int(11)) says nothing about the values it holds.
            String arguments = INTEGER_BITS.containsKey(m.group(1)) ? null : m.group(2);
            return new Type(m.group(1), arguments, m.group(3).contains("unsigned"), "utf8".equals(cs) ? "utf8mb3" : cs);
        }

        int length() {
            return Integer.parseInt(arguments.split(",")[0].strip());
        }

        int scale() {
            String[] parts = arguments.split(",");
            return parts.length > 1 ? Integer.parseInt(parts[1].strip()) : 0;
        }

        /** Fractional-second digits of a time type. */
        int fraction() {
            return arguments == null ? 0 : Integer.parseInt(arguments.strip());
        }

        @Override
        public String toString() {
            return base.toUpperCase(Locale.ROOT) + (arguments == null ? "" : "(" + arguments + ")")
                    + (unsigned ? " UNSIGNED" : "") + (charset == null ? "" : " " + charset);
        }
    }

    /** Empty when every value of {@code from} fits {@code to}; else why not. */
    static Optional<String> narrowing(Type from, Type to) {
        String why = reason(from, to);
        return Optional.ofNullable(why).map(reason -> from + " to " + to + ": " + reason);
    }

    /**
     * Empty when every value of {@code from} comes into {@code to} as it is (or the change narrows, which
     * {@link #narrowing} says); else how a value that fits still changes: CHAR drops trailing spaces, BINARY pads
     * with zero bytes. The server's own MODIFY changes them alike, silently.
     */
    static Optional<String> valueChange(Type from, Type to) {
        if (to.base().equals("char") && CHARACTERS.contains(from.base()) && !from.base().equals("char")) {
            return Optional.of(from + " to " + to + ": CHAR drops a value's trailing spaces ('a ' becomes 'a')");
        }
        if (to.base().equals("binary") && BYTES.contains(from.base()) && !(from.base().equals("binary")
                && from.arguments() != null && to.arguments() != null && from.length() == to.length())) {
            return Optional.of(from + " to " + to + ": BINARY pads a shorter value with zero bytes to its length");
        }
        return Optional.empty();
    }

    /** Whether a type of base {@code base} ({@code int}, say) is an integer type. */
    static boolean isInteger(String base) {
        return INTEGER_BITS.containsKey(base);
    }

    /** Whether a type of base {@code base} ({@code varchar}, say) holds text: char, varchar and the texts. */
    static boolean isText(String base) {
        return CHARACTERS.contains(base);
    }

    /** Whether a type of base {@code base} holds geometries, which a SPATIAL index takes. */
    static boolean isGeometry(String base) {
        return ColumnInfo.SPATIAL_TYPES.contains(base);
    }

    /**
     * Whether the type the server gives an {@code up} can show that it fits {@code to}: text of a length, which
     * {@code LEFT(..., n)} gives (and {@code CONVERT(... USING charset)} the character set); a number capped
     * with {@code LEAST} keeps its wider type.
     */
    static boolean fitShowsInType(Type to) {
        return CHARACTERS.contains(to.base()) && to.arguments() != null;
    }

    /**
     * An {@code up} that maps {@code column}'s values, of type {@code from} (null if not known), into {@code to},
     * for a message that asks for one.
     */
    static String exampleMapping(String column, Type from, Type to) {
        if (from != null && CHARACTERS.contains(from.base()) && CHARACTERS.contains(to.base()) && !charsetHolds(from, to)) {
            return "e.g. up: \"CONVERT(" + column + " USING " + to.charset() + ")\", where a character " + to.charset()
                    + " lacks becomes '?'";
        }
        if (fitShowsInType(to)) {
            return "e.g. up: \"LEFT(" + column + ", " + to.length() + ")\"";
        }
        if (INTEGER_BITS.containsKey(to.base()) || to.base().equals("decimal")) {
            return "e.g. up: \"GREATEST(" + column + ", 0)\" for an unsigned type, or LEAST for a smaller one";
        }
        return "an expression over the row, e.g. up: \"" + column + "\" to accept that such writes fail";
    }

    private static String reason(Type from, Type to) {
        if (INTEGER_BITS.containsKey(from.base())) {
            return fromInteger(from, to);
        }
        if (from.base().equals("decimal")) {
            if (to.base().equals("decimal")) {
                return to.scale() >= from.scale() && to.length() - to.scale() >= from.length() - from.scale()
                        && (from.unsigned() || !to.unsigned()) ? null : "fewer digits, or no sign";
            }
            return intoText(from.length() + 2, to);
        }
        if (from.base().equals("float") || from.base().equals("double")) {
            return to.base().equals("double") || (from.base().equals("float") && to.base().equals("float"))
                    ? floatingTarget(from, to) : "a floating-point value does not fit exactly";
        }
        if (CHARACTERS.contains(from.base()) || from.base().equals("enum") || from.base().equals("set")) {
            return fromText(from, to);
        }
        if (BYTES.contains(from.base())) {
            long bytes = TEXT_BYTES.getOrDefault(from.base(), from.arguments() == null ? 0L : (long) from.length());
            return BYTES.contains(to.base()) && capacity(to, 1) >= bytes ? null : "fewer bytes";
        }
        return fromTime(from, to);
    }

    private static String fromInteger(Type from, Type to) {
        BigInteger[] range = range(from);
        if (INTEGER_BITS.containsKey(to.base())) {
            BigInteger[] target = range(to);
            return target[0].compareTo(range[0]) <= 0 && target[1].compareTo(range[1]) >= 0 ? null
                    : "values outside " + target[0] + ".." + target[1];
        }
        int digits = range[1].toString().length();
        if (to.base().equals("decimal")) {
            return to.length() - to.scale() >= digits && (from.unsigned() || !to.unsigned()) ? null : "fewer digits, or no sign";
        }
        if (to.base().equals("double")) {
            return INTEGER_BITS.get(from.base()) <= 32 ? integerIntoFloating(from, to, digits)
                    : "integers past 2^53 do not fit a DOUBLE exactly";
        }
        if (to.base().equals("float")) {
            return INTEGER_BITS.get(from.base()) <= 16 ? integerIntoFloating(from, to, digits)
                    : "integers past 2^24 do not fit a FLOAT exactly";
        }
        return intoText(digits + 1, to);
    }

    /**
     * Why a FLOAT or DOUBLE of {@code (M,D)} or UNSIGNED, into which a floating-point {@code from} goes, does not
     * take its every value as it is, or null: it rounds to D decimals and refuses more than M - D integer digits
     * (unless {@code from} is bounded alike), and refuses negatives.
     */
    private static String floatingTarget(Type from, Type to) {
        if (to.unsigned() && !from.unsigned()) {
            return "no sign";
        }
        if (!digitsBounded(to)) {
            return null;
        }
        return digitsBounded(from) && to.scale() >= from.scale() && to.length() - to.scale() >= from.length() - from.scale()
                ? null : "fewer digits";
    }

    /** As {@link #floatingTarget}, for an integer of at most {@code digits} digits. */
    private static String integerIntoFloating(Type from, Type to, int digits) {
        if (to.unsigned() && !from.unsigned()) {
            return "no sign";
        }
        return !digitsBounded(to) || to.length() - to.scale() >= digits ? null : "fewer digits";
    }

    /** Whether a FLOAT or DOUBLE is of {@code (M,D)}: one argument alone ({@code FLOAT(p)}) is its precision. */
    private static boolean digitsBounded(Type floating) {
        return floating.arguments() != null && floating.arguments().contains(",");
    }

    private static BigInteger[] range(Type integer) {
        int bits = INTEGER_BITS.get(integer.base());
        return integer.unsigned() ? new BigInteger[] {BigInteger.ZERO, BigInteger.TWO.pow(bits).subtract(BigInteger.ONE)}
                : new BigInteger[] {BigInteger.TWO.pow(bits - 1).negate(), BigInteger.TWO.pow(bits - 1).subtract(BigInteger.ONE)};
    }

    /** A number written as up to {@code characters} characters, into text. */
    private static String intoText(int characters, Type to) {
        return CHARACTERS.contains(to.base()) && capacity(to, 1) >= characters ? null : "not as text of that length";
    }

    private static String fromText(Type from, Type to) {
        if (from.base().equals("enum") || from.base().equals("set")) {
            if (to.base().equals(from.base())) {
                return members(to).containsAll(members(from)) ? null : "members are missing";
            }
            int longest = from.base().equals("set") ? from.arguments().length()
                    : members(from).stream().mapToInt(String::length).max().orElse(0);
            return CHARACTERS.contains(to.base()) && capacity(to, 1) >= longest && charsetHolds(from, to) ? null
                    : "not every member fits";
        }
        if (!CHARACTERS.contains(to.base())) {
            return "text does not fit " + to.base().toUpperCase(Locale.ROOT);
        }
        if (!charsetHolds(from, to)) {
            return "characters of " + from.charset() + " that " + to.charset() + " cannot hold";
        }
        long characters = TEXT_BYTES.containsKey(from.base()) ? TEXT_BYTES.get(from.base()) : from.length();
        int width = BYTES_PER_CHARACTER.getOrDefault(to.charset(), 4);
        return capacity(to, width) >= characters ? null : "longer values than it holds";
    }

    /** Characters {@code type} holds, characters being {@code width} bytes at most in its text types. */
    private static long capacity(Type type, int width) {
        Long bytes = TEXT_BYTES.get(type.base());
        return bytes != null ? bytes / width : type.arguments() == null ? 1 : type.length();
    }

    private static boolean charsetHolds(Type from, Type to) {
        if (from.charset() == null || to.charset() == null || from.charset().equals(to.charset())) {
            return true;
        }
        int f = CHARSET_ORDER.indexOf(from.charset());
        int t = CHARSET_ORDER.indexOf(to.charset());
        return f >= 0 && t >= f;
    }

    private static List<String> members(Type enumOrSet) {
        return List.of(enumOrSet.arguments().split(",")).stream().map(String::strip).toList();
    }

    private static String fromTime(Type from, Type to) {
        String f = from.base();
        String t = to.base();
        if (f.equals(t) && (f.equals("date") || f.equals("year") || f.equals("json") || from.arguments() == null
                && to.arguments() == null)) {
            return null;
        }
        boolean finer = to.fraction() >= (from.arguments() == null ? 0 : from.fraction());
        return switch (f) {
            case "date" -> t.equals("datetime") ? null : t.equals("timestamp") ? "dates outside 1970-2038" : "not a date";
            case "datetime" -> t.equals("datetime") && finer ? null
                    : t.equals("timestamp") ? "dates outside 1970-2038" : "fewer fractional digits, or not a date and time";
            case "timestamp" -> (t.equals("timestamp") || t.equals("datetime")) && finer ? null : "fewer fractional digits";
            case "time" -> t.equals("time") && finer ? null : "fewer fractional digits, or not a time";
            case "year" -> INTEGER_BITS.containsKey(t) && INTEGER_BITS.get(t) >= 16 ? null : "not a year";
            default -> "Tandem cannot tell that every " + f.toUpperCase(Locale.ROOT) + " value fits";
        };
    }
}
