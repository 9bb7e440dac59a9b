package dev.tandem.internal.script;

import dev.tandem.ScriptException;
import dev.tandem.spi.Operation;
import dev.tandem.spi.OperationType;
import dev.tandem.spi.Phase;
import dev.tandem.spi.StatementSplitter;
import dev.tandem.spi.Step;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.api.MigrationVersion;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Reads a {@code .yaml} script: a mapping with an optional {@code description} and a non-empty list
 * of {@code operations}, each a mapping with one key, the operation's name:
 *
 * <pre>
 * operations:
 *   - sql:
 *       expand: CREATE TABLE audit (id BIGINT PRIMARY KEY)
 *       rollback: DROP TABLE audit
 * </pre>
 *
 * Errors carry the line and column of the offending node.
 */
final class YamlScriptReader {

    private YamlScriptReader() {
    }

    static Map<Phase, List<Step>> read(String script, MigrationVersion version, String text, StatementSplitter splitter,
                                       OperationTypes types, List<Step> checks) {
        MappingNode root = asMapping(script, compose(script, text), "the script must be a mapping with an 'operations' list");
        Map<String, NodeTuple> fields = YamlFields.of(script, root);
        YamlFields.allowOnly(script, root, fields, java.util.Set.of("description", "operations"));
        NodeTuple operations = fields.get("operations");
        if (operations == null) {
            throw YamlFields.error(script, root, "the script has no 'operations' list");
        }
        if (!(operations.getValueNode() instanceof SequenceNode list) || list.getValue().isEmpty()) {
            throw YamlFields.error(script, operations.getValueNode(), "'operations' must be a non-empty list of operations");
        }
        Map<Phase, List<Step>> steps = new EnumMap<>(Phase.class);
        for (Phase phase : Phase.values()) {
            steps.put(phase, new ArrayList<>());
        }
        for (Node item : list.getValue()) {
            Operation operation = operation(script, version, item, splitter, types);
            for (Phase phase : Phase.values()) {
                // A rollback undoes the last operation first: an earlier one's object may be what a later one needs
                // (the index a foreign key uses, the column a drop_column's 'down' reads).
                steps.get(phase).addAll(phase == Phase.ROLLBACK ? 0 : steps.get(phase).size(), operation.steps(phase));
            }
            checks.addAll(operation.checks());
        }
        return steps;
    }

    private static Operation operation(String script, MigrationVersion version, Node item, StatementSplitter splitter,
                                       OperationTypes types) {
        MappingNode mapping = asMapping(script, item, "an operation must be a mapping with one key, its name, e.g. '- sql: {...}'");
        if (mapping.getValue().size() != 1) {
            throw YamlFields.error(script, item, "an operation must have exactly one key, its name; found "
                    + mapping.getValue().size() + " (is the indentation of its fields right?)");
        }
        NodeTuple tuple = mapping.getValue().get(0);
        String name = YamlFields.scalar(script, tuple.getKeyNode(), "the operation name");
        OperationType type = types.find(name).orElseThrow(() -> YamlFields.error(script, tuple.getKeyNode(),
                "unknown operation '" + name + "'; known operations: " + String.join(", ", types.names())));
        MappingNode body = asMapping(script, tuple.getValueNode(), "the fields of '" + name + "' must be a mapping");
        return type.create(new YamlOperationSpec(script, version, body, splitter));
    }

    private static Node compose(String script, String text) {
        LoadSettings settings = LoadSettings.builder().setLabel(script).build();
        try {
            Optional<Node> node = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)))
                    .getSingleNode();
            return node.orElseThrow(() -> new ScriptException(script, 0, "the script is empty"));
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> mark = e.getProblemMark();
            throw new ScriptException(script, mark.map(m -> m.getLine() + 1).orElse(0),
                    mark.map(m -> "column " + (m.getColumn() + 1) + ": ").orElse("") + "malformed YAML: " + e.getProblem());
        } catch (YamlEngineException e) {
            throw new ScriptException(script, 0, "malformed YAML: " + e.getMessage());
        }
    }

    private static MappingNode asMapping(String script, Node node, String problem) {
        if (node instanceof MappingNode mapping) {
            return mapping;
        }
        throw YamlFields.error(script, node, problem);
    }
}
