package dev.tandem.mysql.internal;

import dev.tandem.spi.OperationSpec;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code type} field of {@code add_column} and {@code alter_column}: a data type with its own attributes
 * (length, UNSIGNED, CHARACTER SET, COLLATE), not the column's attributes other fields or operations say. The
 * type goes into the operation's DDL as written, after which Tandem adds NULL or NOT NULL and the default:
 * {@code type: VARCHAR(200) NOT NULL} became {@code ... NOT NULL NULL}, which the server takes as NULL without a
 * word; and an {@code add_column}'s {@code type: INT DEFAULT 0} with {@code up} gave every existing row 0 at the
 * expand, so the backfill, which fills NULLs, never gave them {@code up}. (A bare {@code NULL} agrees with
 * Tandem's; a default in an {@code alter_column}'s type is taken, as documented.)
 */
final class ColumnTypeField {

    /** The column attributes refused in a type, each with the field or operation that says it. */
    private static final Map<String, String> ATTRIBUTES = Map.of(
            "NOT NULL", "say it with 'nullable: false'",
            "DEFAULT", "give it as 'default': with 'up', the existing rows get up's value, not the default",
            "AUTO_INCREMENT", "AUTO_INCREMENT is no attribute an expand can add online; make it in a plain SQL migration",
            "PRIMARY", "a key is an operation of its own (create_index), or a plain SQL migration",
            "UNIQUE", "a unique key is an operation of its own (create_index with unique: true)",
            "INVISIBLE", "Tandem decides when the column is visible",
            "GENERATED", "a generated column is made in a plain SQL migration",
            "CHECK", "a check is an operation of its own (add_check)",
            "REFERENCES", "a foreign key is an operation of its own (add_foreign_key)");

    private ColumnTypeField() {
    }

    /**
     * The spec's {@code type}, refused with the field to use instead where it holds a column attribute;
     * {@code DEFAULT} only where {@code defaultRefused} (an add_column with up).
     */
    static String of(OperationSpec spec, boolean defaultRefused) {
        String type = spec.requireString("type");
        Optional<String> attribute = attributeIn(type, defaultRefused);
        if (attribute.isPresent()) {
            throw spec.error("type", "'" + type + "' holds " + attribute.get() + ", a column attribute, not part of the"
                    + " type: " + ATTRIBUTES.get(attribute.get()));
        }
        return type;
    }

    /**
     * The first of the refused attributes ({@code DEFAULT} only where {@code defaultRefused}) that {@code type}
     * holds as a word outside quotes and parentheses.
     */
    static Optional<String> attributeIn(String type, boolean defaultRefused) {
        StringBuilder word = new StringBuilder();
        int depth = 0;
        char quote = 0;
        boolean afterNot = false;
        for (int i = 0; i <= type.length(); i++) {
            char ch = i < type.length() ? type.charAt(i) : ' ';
            if (quote != 0) {
                quote = ch == quote ? 0 : quote;
                continue;
            }
            if (ch == '\'' || ch == '"' || ch == '`') {
                quote = ch;
            } else if (ch == '(') {
                depth++;
            } else if (ch == ')') {
                depth--;
            } else if (depth == 0 && (Character.isLetterOrDigit(ch) || ch == '_')) {
                word.append(ch);
                continue;
            }
            String found = word.toString().toUpperCase(Locale.ROOT);
            word.setLength(0);
            if (found.equals("NOT")) {
                afterNot = true;
                continue;
            }
            String attribute = afterNot && found.equals("NULL") ? "NOT NULL" : found;
            afterNot = afterNot && found.isEmpty();
            if (ATTRIBUTES.containsKey(attribute) && (defaultRefused || !attribute.equals("DEFAULT"))) {
                return Optional.of(attribute);
            }
        }
        return Optional.empty();
    }
}
