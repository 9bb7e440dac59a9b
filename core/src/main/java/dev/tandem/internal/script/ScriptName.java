package dev.tandem.internal.script;

import dev.tandem.ScriptException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;

/**
 * A script file name, {@code V<version>__<description>.<ext>}, read the way Flyway reads it: the
 * version's underscores are dots ({@code V2_1} is 2.1), the description's are spaces.
 */
record ScriptName(String fileName, MigrationVersion version, String description, ScriptForm form) {

    private static final Pattern NAME = Pattern.compile("V([^_].*?)__(.+)\\.(sql|yaml|yml)");

    static ScriptName parse(String fileName) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            throw new ScriptException(fileName, 0, "the name must be V<version>__<description>.sql or .yaml, "
                    + "e.g. V2__add_email.sql (two underscores after the version)");
        }
        MigrationVersion version;
        try {
            version = MigrationVersion.fromVersion(m.group(1));
        } catch (FlywayException e) {
            throw new ScriptException(fileName, 0, "'" + m.group(1) + "' is not a version: use numbers separated by"
                    + " dots or single underscores, e.g. V2, V2_1 or V2.1");
        }
        String extension = m.group(3).toLowerCase(Locale.ROOT);
        return new ScriptName(fileName, version, m.group(2).replace('_', ' '),
                extension.equals("sql") ? ScriptForm.SQL : ScriptForm.YAML);
    }
}
