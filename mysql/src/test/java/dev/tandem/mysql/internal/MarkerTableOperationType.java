package dev.tandem.mysql.internal;

import dev.tandem.internal.script.SqlStep;
import dev.tandem.spi.Operation;
import dev.tandem.spi.OperationSpec;
import dev.tandem.spi.OperationType;
import dev.tandem.spi.ParsedStatement;
import java.util.List;
import java.util.Set;

/**
 * A test-only operation, plugged in through {@code META-INF/services}, to show that the YAML model
 * takes operations from outside core and reports their missing fields.
 */
public final class MarkerTableOperationType implements OperationType {

    @Override
    public String name() {
        return "create_marker_table";
    }

    @Override
    public Operation create(OperationSpec spec) {
        spec.allowOnly(Set.of("table"));
        String table = spec.requireString("table");
        int line = spec.lineOf("table");
        return phase -> switch (phase) {
            case EXPAND -> List.of(new SqlStep(spec.script(), new ParsedStatement(
                    "CREATE TABLE " + Identifiers.quote(table) + " (id INT PRIMARY KEY)", line)));
            case ROLLBACK -> List.of(new SqlStep(spec.script(), new ParsedStatement(
                    "DROP TABLE " + Identifiers.quote(table), line)));
            default -> List.<dev.tandem.spi.Step>of();
        };
    }
}
