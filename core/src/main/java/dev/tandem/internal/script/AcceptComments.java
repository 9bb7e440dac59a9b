package dev.tandem.internal.script;

import dev.tandem.ScriptException;
import dev.tandem.internal.lint.Acceptance;
import dev.tandem.spi.LintRuleId;
import dev.tandem.spi.ParsedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code -- tandem:accept <rule> <reason>} lines of a {@code .sql} script. Each belongs to the
 * statement it stands directly above: between them only other {@code --} or {@code #} comment lines,
 * no blank line, no section marker. An accept line that belongs to no statement is an error, so a
 * misplaced one is never silently ignored.
 */
final class AcceptComments {

    private static final Pattern ACCEPT = Pattern.compile("^\\s*--\\s*tandem\\s*:\\s*accept\\b(.*)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern RULE_AND_REASON = Pattern.compile("\\s*(\\S*)\\s*(.*)");
    private static final Pattern LINE_COMMENT = Pattern.compile("^\\s*(--(\\s|$)|#).*");

    private final String script;
    private final String[] lines;
    /** The lines (1-based) the splitter reads as comments: text inside a string is no accept line. */
    private final Set<Integer> commentLines;
    /** The rules accept lines may name: the dialect's linter's. */
    private final List<LintRuleId> lintRules;
    /** Accept lines (1-based) not yet claimed by a statement, with what they accept. */
    private final Map<Integer, Acceptance> unclaimed = new TreeMap<>();

    AcceptComments(String script, String[] lines, Set<Integer> commentLines, List<LintRuleId> lintRules) {
        this.script = script;
        this.lines = lines;
        this.commentLines = commentLines;
        this.lintRules = lintRules;
        for (int i = 0; i < lines.length; i++) {
            Matcher accept = ACCEPT.matcher(lines[i]);
            if (isLineComment(i + 1) && accept.matches()) {
                unclaimed.put(i + 1, parse(i + 1, accept.group(1)));
            }
        }
    }

    static boolean isAccept(String line) {
        return ACCEPT.matcher(line).matches();
    }

    private Acceptance parse(int line, String rest) {
        Matcher m = RULE_AND_REASON.matcher(rest);
        m.matches(); // matches any text, the rule id and the reason perhaps empty
        return Acceptance.of(m.group(1), m.group(2), lintRules, problem -> new ScriptException(script, line,
                problem + "; the form is '-- tandem:accept <rule id> <reason>', directly above the statement"));
    }

    /**
     * The acceptances above {@code statement}, claimed by it; {@code firstLine} is the first line of the
     * statement's section (1-based), above which nothing belongs to it.
     */
    List<Acceptance> claimAbove(ParsedStatement statement, int firstLine) {
        int code = statement.line();
        while (code <= lines.length && isBlankOrComment(code)) {
            code++; // a splitter may count the statement from the comments before it
        }
        List<Acceptance> claimed = new ArrayList<>();
        for (int line = code - 1; line >= firstLine && isLineComment(line); line--) {
            Acceptance acceptance = unclaimed.remove(line);
            if (acceptance != null) {
                claimed.add(0, acceptance);
            }
        }
        return claimed;
    }

    private boolean isBlankOrComment(int line) {
        return lines[line - 1].isBlank() || isLineComment(line);
    }

    private boolean isLineComment(int line) {
        return commentLines.contains(line) && LINE_COMMENT.matcher(lines[line - 1]).matches();
    }

    /** Fails on the first accept line no statement claimed. */
    void requireAllClaimed() {
        unclaimed.keySet().stream().findFirst().ifPresent(line -> {
            throw new ScriptException(script, line, "'-- tandem:accept' must stand directly above the statement it"
                    + " accepts, in the same section (only other comment lines may come between, no blank line)");
        });
    }
}
