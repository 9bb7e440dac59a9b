package dev.tandem;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The names of Tandem's own tables in the target schema: {@code <prefix>migrations} (migration state),
 * {@code <prefix>instances} (the fleet registry) and {@code <prefix>backfill} (backfill checkpoints). The
 * prefix is {@code tandem_} unless {@link TandemConfiguration#tablePrefix(String)} says otherwise, e.g.
 * because the application has a table of its own under one of these names.
 */
public final class TableNames {

    public static final String DEFAULT_PREFIX = "tandem_";

    private static final String MIGRATIONS = "migrations";
    private static final String INSTANCES = "instances";
    private static final String BACKFILL = "backfill";
    private static final String MOVE = "move";
    private static final String MOVE_ACKS = "move_acks";
    /**
     * The longest table name Tandem gives itself: one that every database Tandem has a dialect for accepts
     * (see docs/configuration.md). A prefix is checked before any connection, so this is not asked of the
     * dialect.
     */
    private static final int LONGEST_TABLE_NAME = 64;
    /** Characters of an identifier that needs no quoting, so the names read the same in any SQL and any tool. */
    private static final Pattern UNQUOTED_IDENTIFIER = Pattern.compile("[A-Za-z0-9_$]+");

    private final String prefix;

    private TableNames(String prefix) {
        this.prefix = prefix;
    }

    /** The names with {@code prefix}; throws IllegalArgumentException with {@link #prefixProblem} if it is unusable. */
    public static TableNames withPrefix(String prefix) {
        prefixProblem(prefix).ifPresent(problem -> {
            throw new IllegalArgumentException("table prefix '" + prefix + "' " + problem);
        });
        return new TableNames(prefix);
    }

    /**
     * What makes {@code prefix} unusable as the start of Tandem's table names, said to follow the prefix
     * (e.g. {@code "may hold only ..."}); empty when it is usable.
     */
    public static Optional<String> prefixProblem(String prefix) {
        if (prefix.isEmpty()) {
            return Optional.of("is empty; leave it unset for the default " + DEFAULT_PREFIX);
        }
        if (!UNQUOTED_IDENTIFIER.matcher(prefix).matches()) {
            return Optional.of("may hold only letters (A-Z, a-z), digits, _ and $");
        }
        String longest = prefix + MIGRATIONS;
        if (longest.length() > LONGEST_TABLE_NAME) {
            return Optional.of("is too long: Tandem's table " + longest + " would have " + longest.length()
                    + " characters, more than the " + LONGEST_TABLE_NAME + " a table name may have; use at most "
                    + (LONGEST_TABLE_NAME - MIGRATIONS.length()));
        }
        return Optional.empty();
    }

    /** Where each migration's state, phase and steps are recorded. */
    public String migrations() {
        return prefix + MIGRATIONS;
    }

    /** The fleet registry: which application instances run and which migrations each knows. */
    public String instances() {
        return prefix + INSTANCES;
    }

    /** The checkpoints of backfills. */
    public String backfill() {
        return prefix + BACKFILL;
    }

    /** A move of the database to another server: its phase and servers (docs/move.md); created by a move only. */
    public String move() {
        return prefix + MOVE;
    }

    /** The instances' acknowledgements of a move's cut-over; created by a move only. */
    public String moveAcks() {
        return prefix + MOVE_ACKS;
    }

    /** All three, in the order migrations, instances, backfill. */
    public List<String> all() {
        return List.of(migrations(), instances(), backfill());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TableNames names && names.prefix.equals(prefix);
    }

    @Override
    public int hashCode() {
        return prefix.hashCode();
    }

    @Override
    public String toString() {
        return String.join(", ", all());
    }
}
