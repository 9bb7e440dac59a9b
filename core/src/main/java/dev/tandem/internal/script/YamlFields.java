package dev.tandem.internal.script;

import dev.tandem.ScriptException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** Reading YAML nodes with errors that point at the node's line and column. */
final class YamlFields {

    private YamlFields() {
    }

    /** The fields of a mapping by name; a repeated name is an error (YAML parsers keep the last silently). */
    static Map<String, NodeTuple> of(String script, MappingNode mapping) {
        Map<String, NodeTuple> fields = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = scalar(script, tuple.getKeyNode(), "a field name");
            if (fields.put(key, tuple) != null) {
                throw error(script, tuple.getKeyNode(), "the field '" + key + "' is given twice");
            }
        }
        return fields;
    }

    static void allowOnly(String script, Node where, Map<String, NodeTuple> fields, Set<String> known) {
        NodeTuple previous = null;
        for (Map.Entry<String, NodeTuple> field : fields.entrySet()) {
            if (!known.contains(field.getKey())) {
                throw error(script, field.getValue().getKeyNode(), "unknown field '" + field.getKey()
                        + "'; known fields here: " + String.join(", ", new TreeSet<>(known))
                        + cutByComma(where, previous, field.getKey(), field.getValue()));
            }
            previous = field.getValue();
        }
    }

    /**
     * In a {@code { }} mapping a comma ends a value, so {@code {type: DECIMAL(20,2)}} reads as the value
     * {@code DECIMAL(20} and a field {@code 2)} without one: where an unknown field looks so, the value
     * quoted; else nothing.
     */
    private static String cutByComma(Node where, NodeTuple previous, String key, NodeTuple field) {
        if (where instanceof MappingNode mapping && mapping.getFlowStyle() == FlowStyle.FLOW && previous != null
                && previous.getKeyNode() instanceof ScalarNode previousKey
                && previous.getValueNode() instanceof ScalarNode value && value.getScalarStyle() == ScalarStyle.PLAIN
                && field.getValueNode() instanceof ScalarNode none && none.getValue().isEmpty()) {
            return ". In { } a comma ends a value: quote a value that holds one, " + previousKey.getValue() + ": \""
                    + value.getValue() + "," + key + "\"";
        }
        return "";
    }

    static String scalar(String script, Node node, String what) {
        if (node instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        throw error(script, node, what + " must be a single value, not a " + (node instanceof MappingNode ? "mapping" : "list"));
    }

    static int line(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    static ScriptException error(String script, Node node, String problem) {
        String column = node.getStartMark().map(m -> "column " + (m.getColumn() + 1) + ": ").orElse("");
        return new ScriptException(script, line(node), column + problem);
    }
}
