package dev.tandem.mysql.internal.move;

import dev.tandem.MoveProblem;
import java.util.Optional;

/**
 * Which server versions a database may move between, and why not. Replication is supported by both vendors
 * from a server to one of the same release series or a newer one (MariaDB: the next long-term release
 * included; MySQL: from an LTS to the next LTS or a release of the same series), and never between MariaDB
 * and MySQL: their binary logs, GTIDs and system tables differ, and so do data types and defaults (JSON is a
 * binary type on MySQL, text on MariaDB). A move to an older release series is refused: the older server
 * may not read what the newer one writes (collations such as MariaDB 11's {@code utf8mb4_uca1400_ai_ci},
 * new binary log events). The replication back after a cut-over goes that way on purpose, over a database
 * whose schema came from the older server; see {@link #checkBack}.
 */
final class MoveDirection {

    private MoveDirection() {
    }

    /** The problem with moving from {@code source} to {@code target}, if any. */
    static Optional<MoveProblem> check(ServerFacts source, ServerFacts target) {
        if (source.mariaDb() != target.mariaDb()) {
            return Optional.of(MoveProblem.error("target", "the source is " + source.label() + " and the target "
                    + target.label() + ": MariaDB and MySQL do not replicate to each other (different binary log events,"
                    + " GTIDs, system tables and data types).", "move to a server of the source's flavor; to change"
                    + " flavors, dump and load with the application stopped"));
        }
        int[] s = source.versionNumbers();
        int[] t = target.versionNumbers();
        int series = compare(t[0], t[1], s[0], s[1]);
        if (series < 0) {
            return Optional.of(MoveProblem.error("target", "the target (" + target.label() + ") is of an older release series"
                    + " than the source (" + source.label() + "): an older server may not read what a newer one writes.",
                    "move to a server of the source's series or a newer one"));
        }
        if (series == 0 && t[2] < s[2]) {
            return Optional.of(MoveProblem.warning("target", "the target (" + target.label() + ") is an older patch release"
                    + " than the source (" + source.label() + ").", "upgrade the target to " + s[0] + "." + s[1] + "."
                    + s[2] + " or later first"));
        }
        if (series > 0 && !supportedUpgrade(source.mariaDb(), s, t)) {
            return Optional.of(MoveProblem.warning("target", "replication from " + source.label() + " to " + target.label()
                    + " skips a long-term release; the vendor supports it to the next one.", "move in steps through each"
                    + " long-term release, or check the vendor's replication compatibility notes"));
        }
        return Optional.empty();
    }

    /**
     * The problem with replicating back, after a cut-over, from the new server {@code newer} to the old one
     * {@code older}: allowed down to the previous release series (the schema came from the old server), with
     * a warning that nothing the old server lacks may be used meanwhile.
     */
    static Optional<MoveProblem> checkBack(ServerFacts newer, ServerFacts older) {
        Optional<MoveProblem> forward = check(older, newer);
        if (forward.isPresent() && forward.get().severity() == MoveProblem.Severity.ERROR) {
            return forward;
        }
        if (compare(newer.versionNumbers()[0], newer.versionNumbers()[1], older.versionNumbers()[0],
                older.versionNumbers()[1]) > 0) {
            return Optional.of(MoveProblem.warning("source", "replication back runs from " + newer.label() + " to the older "
                    + older.label() + ": it works while the database uses nothing the older server lacks.",
                    "run no schema changes (no new collations, types or features) until the move is finished"));
        }
        return Optional.empty();
    }

    /** MariaDB: within 10.x and to the next LTS (10.6 to 10.11, 10.11 to 11.4, 11.4 to 11.8); MySQL: 8.0 to 8.x. */
    private static boolean supportedUpgrade(boolean mariaDb, int[] s, int[] t) {
        if (mariaDb) {
            int from = s[0] * 100 + s[1];
            int to = t[0] * 100 + t[1];
            return (from == 1006 && to <= 1011) || (from == 1011 && to <= 1104) || (from == 1104 && to <= 1108)
                    || (s[0] == t[0] && to - from <= 5);
        }
        return s[0] == 8 && t[0] == 8;
    }

    private static int compare(int major, int minor, int otherMajor, int otherMinor) {
        return major != otherMajor ? Integer.compare(major, otherMajor) : Integer.compare(minor, otherMinor);
    }
}
