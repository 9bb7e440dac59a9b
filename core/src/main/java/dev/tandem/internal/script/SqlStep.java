package dev.tandem.internal.script;

import dev.tandem.internal.lint.Acceptance;
import dev.tandem.spi.ParsedStatement;
import dev.tandem.spi.Step;
import dev.tandem.spi.StepContext;
import java.sql.SQLException;
import java.util.List;

/** A step that runs one SQL statement written in a script, with the lint rules the script accepts for it. */
public final class SqlStep implements Step {

    private final String script;
    private final ParsedStatement statement;
    private final List<Acceptance> acceptances;

    public SqlStep(String script, ParsedStatement statement) {
        this(script, statement, List.of());
    }

    public SqlStep(String script, ParsedStatement statement, List<Acceptance> acceptances) {
        this.script = script;
        this.statement = statement;
        this.acceptances = List.copyOf(acceptances);
    }

    @Override
    public String sql() {
        return statement.sql();
    }

    /** The script's file name. */
    public String script() {
        return script;
    }

    /** The line the statement starts on, in its file. */
    public int line() {
        return statement.line();
    }

    /** The lint rules the script accepts for this statement, with its reasons. */
    public List<Acceptance> acceptances() {
        return acceptances;
    }

    /** The statement and the line it starts on. */
    public ParsedStatement statement() {
        return statement;
    }

    /** The statement on one line, cut after 120 characters, for messages. */
    public String oneLine() {
        return statement.oneLine();
    }

    @Override
    public String description() {
        return script + " line " + statement.line() + ": " + oneLine();
    }

    @Override
    public void apply(StepContext context, boolean resumed) throws SQLException {
        context.execute(statement.sql(), resumed);
    }

    @Override
    public String toString() {
        return description();
    }
}
