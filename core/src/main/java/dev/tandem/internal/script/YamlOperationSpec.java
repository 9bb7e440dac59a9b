package dev.tandem.internal.script;

import dev.tandem.ScriptException;
import dev.tandem.internal.engine.SessionTag;
import dev.tandem.spi.OperationSpec;
import dev.tandem.spi.ParsedStatement;
import dev.tandem.spi.StatementSplitter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.flywaydb.core.api.MigrationVersion;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** An operation's fields in a YAML script. */
final class YamlOperationSpec implements OperationSpec {

    private final String script;
    /** A line comment's start in SQL: {@code --} then a space or the end, or {@code #}. */
    private static final Pattern LINE_COMMENT = Pattern.compile("--(?:\\s|$)|#");

    private final MappingNode body;
    private final Map<String, NodeTuple> fields;
    private final StatementSplitter splitter;
    private final MigrationVersion version;

    YamlOperationSpec(String script, MigrationVersion version, MappingNode body, StatementSplitter splitter) {
        this.script = script;
        this.version = version;
        this.body = body;
        this.fields = YamlFields.of(script, body);
        this.splitter = splitter;
    }

    @Override
    public String script() {
        return script;
    }

    @Override
    public String version() {
        return version.getVersion();
    }

    @Override
    public String sessionTag() {
        return SessionTag.of(version);
    }

    @Override
    public int line() {
        return YamlFields.line(body);
    }

    @Override
    public String requireString(String field) {
        return optionalString(field).orElseThrow(() -> error(null, "the required field '" + field + "' is missing"));
    }

    @Override
    public Optional<String> optionalString(String field) {
        NodeTuple tuple = fields.get(field);
        return tuple == null ? Optional.empty()
                : Optional.of(YamlFields.scalar(script, tuple.getValueNode(), "'" + field + "'"));
    }

    @Override
    public List<String> requireStringList(String field) {
        NodeTuple tuple = fields.get(field);
        if (tuple == null) {
            throw error(null, "the required field '" + field + "' is missing");
        }
        if (tuple.getValueNode() instanceof SequenceNode list) {
            if (list.getValue().isEmpty()) {
                throw error(field, "'" + field + "' must not be empty");
            }
            return list.getValue().stream().map(node -> YamlFields.scalar(script, node, "each item of '" + field + "'")).toList();
        }
        return List.of(YamlFields.scalar(script, tuple.getValueNode(), "'" + field + "'"));
    }

    @Override
    public Optional<Boolean> optionalBoolean(String field) {
        return optionalString(field).map(value -> switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw error(field, "'" + field + "' must be true or false, not '" + value + "'");
        });
    }

    @Override
    public List<OperationSpec> optionalMappings(String field) {
        NodeTuple tuple = fields.get(field);
        if (tuple == null) {
            return List.of();
        }
        List<Node> items = tuple.getValueNode() instanceof SequenceNode list ? list.getValue() : List.of(tuple.getValueNode());
        return items.stream().map(item -> (OperationSpec) new YamlOperationSpec(script, version, mapping(field, item), splitter))
                .toList();
    }

    private MappingNode mapping(String field, Node item) {
        if (item instanceof MappingNode mapping) {
            return mapping;
        }
        throw YamlFields.error(script, item, "each item of '" + field + "' must be a mapping of fields");
    }

    @Override
    public int lineOf(String field) {
        NodeTuple tuple = fields.get(field);
        if (tuple == null) {
            return line();
        }
        int line = YamlFields.line(tuple.getValueNode());
        // A block scalar ('|' or '>') starts on the line after its indicator.
        boolean block = tuple.getValueNode() instanceof ScalarNode s
                && (s.getScalarStyle() == ScalarStyle.LITERAL || s.getScalarStyle() == ScalarStyle.FOLDED);
        return block ? line + 1 : line;
    }

    @Override
    public void allowOnly(Set<String> known) {
        YamlFields.allowOnly(script, body, fields, known);
    }

    @Override
    public List<ParsedStatement> statements(String field) {
        requireLinesKept(field);
        return optionalString(field).map(sql -> splitter.split(sql, lineOf(field), script)).orElse(List.of());
    }

    /**
     * Refuses SQL with a comment written as a folded ({@code >}) or plain value over several lines: YAML joins those
     * lines into one, so the comment took the statements after it ("-- nullable first ALTER TABLE ..." is one
     * comment), and the phase lost them without a word. A literal block ({@code |}) keeps the lines.
     */
    private void requireLinesKept(String field) {
        NodeTuple tuple = fields.get(field);
        if (tuple != null && tuple.getValueNode() instanceof ScalarNode value
                && (value.getScalarStyle() == ScalarStyle.FOLDED || value.getScalarStyle() == ScalarStyle.PLAIN)
                && value.getEndMark().map(end -> end.getLine() + 1 > YamlFields.line(value)).orElse(false)
                && LINE_COMMENT.matcher(value.getValue()).find()) {
            throw error(field, "'" + field + "' is SQL with a comment, written as a folded (>) or plain value over several"
                    + " lines, which YAML joins into one: the comment would take the statements after it. Write it as a"
                    + " literal block ('" + field + ": |')");
        }
    }

    @Override
    public ScriptException error(String field, String problem) {
        NodeTuple tuple = field == null ? null : fields.get(field);
        return YamlFields.error(script, tuple == null ? body : tuple.getValueNode(), problem);
    }
}
