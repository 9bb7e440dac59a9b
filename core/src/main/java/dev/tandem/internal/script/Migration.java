package dev.tandem.internal.script;

import dev.tandem.spi.Phase;
import dev.tandem.spi.StatementSplitter;
import dev.tandem.spi.Step;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.api.MigrationVersion;

/**
 * One versioned migration found on the locations: its identity and checksum at once, its steps on
 * first use (an applied, unchanged script need not be parsed on every start).
 */
public final class Migration implements Comparable<Migration> {

    private final ScriptName name;
    private final String location;
    private final String text;
    private final int checksum;
    private final StatementSplitter splitter;
    private final OperationTypes operationTypes;
    private Map<Phase, List<Step>> steps;
    private final List<Step> checks = new java.util.ArrayList<>();

    Migration(ScriptName name, String location, String text, int checksum, StatementSplitter splitter,
              OperationTypes operationTypes) {
        this.name = name;
        this.location = location;
        this.text = text;
        this.checksum = checksum;
        this.splitter = splitter;
        this.operationTypes = operationTypes;
    }

    public MigrationVersion version() {
        return name.version();
    }

    /** The version as text, e.g. {@code 2.1}. */
    public String versionText() {
        return name.version().getVersion();
    }

    public String description() {
        return name.description();
    }

    /** The file name, e.g. {@code V2__add_email.sql}. */
    public String script() {
        return name.fileName();
    }

    /** Where the file was found, for messages. */
    public String location() {
        return location;
    }

    /**
     * The script's text as parsed: a byte order mark left out, line endings made {@code \n}; its checksum is the
     * file's (Flyway's ignores both), so a copy of this text is the same migration.
     */
    public String text() {
        return text;
    }

    public ScriptForm form() {
        return name.form();
    }

    /** Flyway's checksum of the file (CRC32 over its lines), so Flyway's history agrees with Tandem's. */
    public int checksum() {
        return checksum;
    }

    /** Parses the script if not done yet; a malformed script throws {@link dev.tandem.ScriptException}. */
    public synchronized Map<Phase, List<Step>> parse() {
        if (steps == null) {
            steps = name.form() == ScriptForm.SQL
                    ? SqlScriptReader.read(script(), text, splitter, operationTypes.lintRules())
                    : YamlScriptReader.read(script(), version(), text, splitter, operationTypes, checks);
        }
        return steps;
    }

    /** The read-only checks its operations make against the live schema before its expand. */
    public List<Step> checks() {
        parse();
        return List.copyOf(checks);
    }

    public List<Step> steps(Phase phase) {
        return parse().getOrDefault(phase, List.of());
    }

    @Override
    public int compareTo(Migration other) {
        return version().compareTo(other.version());
    }

    /** How messages name it: {@code Migration 2 (V2__add_email.yaml)}. */
    public String describe() {
        return "Migration " + versionText() + " (" + script() + ")";
    }

    @Override
    public String toString() {
        return script();
    }
}
