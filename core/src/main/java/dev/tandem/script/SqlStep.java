package dev.tandem.script;

import dev.tandem.spi.ParsedStatement;
import dev.tandem.spi.Step;
import dev.tandem.spi.StepContext;
import java.sql.SQLException;

/** A step that runs one SQL statement written in a script. */
public final class SqlStep implements Step {

    private static final int SHOWN_SQL = 120;

    private final String script;
    private final ParsedStatement statement;

    public SqlStep(String script, ParsedStatement statement) {
        this.script = script;
        this.statement = statement;
    }

    @Override
    public String sql() {
        return statement.sql();
    }

    @Override
    public String description() {
        String oneLine = statement.sql().replaceAll("\\s+", " ").strip();
        return script + " line " + statement.line() + ": "
                + (oneLine.length() > SHOWN_SQL ? oneLine.substring(0, SHOWN_SQL) + "..." : oneLine);
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
