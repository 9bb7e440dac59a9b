package dev.tandem.spi;

import dev.tandem.ScriptException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The fields of one operation as written in a script, with positions for error messages. */
public interface OperationSpec {

    /** The script's file name. */
    String script();

    /** The migration's version, e.g. {@code 2.1}. */
    String version();

    /** The session tag of that version: sessions whose tag is lower (or unset) are old writers. */
    String sessionTag();

    /** The line the operation starts on. */
    int line();

    /** A required text field; missing or not text is an error that names the field and line. */
    String requireString(String field);

    Optional<String> optionalString(String field);

    /** A required non-empty list of text values (a YAML list, or a single value as a one-item list). */
    List<String> requireStringList(String field);

    /** An optional {@code true}/{@code false} field; anything else is an error naming the field and line. */
    Optional<Boolean> optionalBoolean(String field);

    /**
     * The items of an optional list of mappings, e.g. {@code accept: [{rule: TL101, reason: ...}]}, each
     * read as fields of its own (a single mapping counts as a one-item list); empty when absent.
     */
    List<OperationSpec> optionalMappings(String field);

    /** The line a field's value starts on (the operation's line when the field is absent). */
    int lineOf(String field);

    /** Refuses fields other than {@code known}, naming the first unknown one and the known ones. */
    void allowOnly(Set<String> known);

    /** The statements of a text field holding SQL, split by the dialect, with lines into the script. */
    List<ParsedStatement> statements(String field);

    /** An error about {@code field} (or the whole operation when null), positioned in the script. */
    ScriptException error(String field, String problem);
}
