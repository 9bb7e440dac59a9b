package dev.tandem.internal.engine;

import org.flywaydb.core.api.MigrationVersion;

/**
 * The tag an app's sessions carry: its highest known migration version, written so that text order
 * is version order (every number zero-padded to 10 digits: 2.1 is {@code 0000000002.0000000001}).
 * A trigger for migration M then tells new writers from old with one string comparison, the
 * cheapest test a trigger can make on every row.
 */
public final class SessionTag {

    /** The tag of an app that knows no migration: it sorts before every version. */
    public static final String NONE = "";

    private SessionTag() {
    }

    public static String of(MigrationVersion version) {
        if (version == null) {
            return NONE;
        }
        StringBuilder tag = new StringBuilder();
        for (String part : version.getVersion().split("\\.")) {
            if (tag.length() > 0) {
                tag.append('.');
            }
            tag.append(part.matches("\\d+") ? String.format("%10s", part).replace(' ', '0') : part);
        }
        return tag.toString();
    }
}
