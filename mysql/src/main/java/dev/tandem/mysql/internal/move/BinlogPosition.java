package dev.tandem.mysql.internal.move;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A point in a server's binary log: the file and the offset of the next event, and the GTID set executed up
 * to there when the server keeps one (MySQL with {@code gtid_mode=ON}: its {@code gtid_executed}; MariaDB:
 * the {@code gtid_binlog_pos} of that point), else null. The GTID set is recorded for operators and for a
 * GTID-based setup; replication here is started by file and offset.
 */
public record BinlogPosition(String file, long offset, String gtids) implements Comparable<BinlogPosition> {

    /** A binary log file name ends with its sequence number: {@code binlog.000042}. */
    private static final Pattern SEQUENCE = Pattern.compile(".*\\.(\\d+)$");

    public BinlogPosition {
        if (file == null || file.isEmpty()) {
            throw new IllegalArgumentException("a binary log position needs a file");
        }
        gtids = gtids == null || gtids.isBlank() ? null : gtids.strip();
    }

    /**
     * Orders positions of one server's log: by the file's sequence number, then the offset (files of one
     * server share their base name).
     */
    @Override
    public int compareTo(BinlogPosition other) {
        int byFile = Long.compare(sequence(file), sequence(other.file));
        return byFile != 0 ? byFile : Long.compare(offset, other.offset);
    }

    private static long sequence(String file) {
        Matcher m = SEQUENCE.matcher(file);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a binary log file name: " + file);
        }
        return Long.parseLong(m.group(1));
    }

    /** This position as one line of text, read back by {@link #parse}: {@code file:offset}, then {@code |gtids} if any. */
    public String text() {
        return file + ":" + offset + (gtids == null ? "" : "|" + gtids);
    }

    /** The position {@link #text()} wrote. */
    public static BinlogPosition parse(String text) {
        int bar = text.indexOf('|');
        String point = bar < 0 ? text : text.substring(0, bar);
        int colon = point.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("not a binary log position (file:offset): " + text);
        }
        return new BinlogPosition(point.substring(0, colon), Long.parseLong(point.substring(colon + 1)),
                bar < 0 ? null : text.substring(bar + 1));
    }

    @Override
    public String toString() {
        return file + ":" + offset + (gtids == null ? "" : " (GTIDs " + gtids + ")");
    }
}
