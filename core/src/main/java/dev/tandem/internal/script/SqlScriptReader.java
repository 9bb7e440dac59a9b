package dev.tandem.internal.script;

import dev.tandem.ScriptException;
import dev.tandem.internal.lint.Acceptance;
import dev.tandem.spi.LintRuleId;
import dev.tandem.spi.ParsedStatement;
import dev.tandem.spi.Phase;
import dev.tandem.spi.StatementSplitter;
import dev.tandem.spi.Step;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code .sql} script. With section markers ({@code -- tandem:expand}, {@code -- tandem:backfill},
 * {@code -- tandem:contract}, {@code -- tandem:rollback}, each on a line of its own) every section's
 * statements belong to that phase; without any marker the whole script is a classic migration that
 * runs at expand. Each section is split on its own, starting with the default delimiter. A
 * {@code -- tandem:accept <rule> <reason>} line accepts a lint rule for the statement right below it
 * (see {@link AcceptComments}). Both count only on lines the splitter reads as comments, never inside a
 * multi-line string, quoted identifier or block comment.
 */
final class SqlScriptReader {

    /**
     * Any comment line that starts with the word tandem: a marker, an accept line, or a misspelt one; after
     * {@code --} or MySQL's {@code #}, which was read as a plain comment, so a {@code # tandem:backfill} section's
     * statements silently joined the section before it.
     */
    private static final Pattern MARKER_LIKE = Pattern.compile("^\\s*(?:--|#)\\s*tandem\\b(.*)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern MARKER = Pattern.compile("^\\s*:\\s*([a-z]+)\\s*$");

    private SqlScriptReader() {
    }

    /** The steps of {@code script}; its accept lines may name {@code lintRules}. */
    static Map<Phase, List<Step>> read(String script, String text, StatementSplitter splitter, List<LintRuleId> lintRules) {
        String[] lines = text.split("\n", -1);
        Set<Integer> commentLines = splitter.commentLines(text, script);
        List<int[]> sections = new ArrayList<>(); // {phase ordinal, marker line (1-based)}
        Map<Phase, Integer> seen = new EnumMap<>(Phase.class);
        for (int i = 0; i < lines.length; i++) {
            Matcher like = MARKER_LIKE.matcher(lines[i]);
            if (!commentLines.contains(i + 1) || !like.matches() || AcceptComments.isAccept(lines[i])) {
                continue;
            }
            Phase phase = markerPhase(script, i + 1, like.group(1));
            Integer earlier = seen.put(phase, i + 1);
            if (earlier != null) {
                throw new ScriptException(script, i + 1, "a second '-- tandem:" + phase.scriptName()
                        + "' section (the first is at line " + earlier + "); put all " + phase.scriptName()
                        + " statements in one section");
            }
            sections.add(new int[] {phase.ordinal(), i + 1});
        }

        AcceptComments accepts = new AcceptComments(script, lines, commentLines, lintRules);
        Map<Phase, List<Step>> steps = new EnumMap<>(Phase.class);
        if (sections.isEmpty()) {
            steps.put(Phase.EXPAND, toSteps(script, splitter.split(text, 1, script), st -> accepts.claimAbove(st, 1)));
        } else {
            List<ParsedStatement> preamble = splitter.split(join(lines, 0, sections.get(0)[1] - 1), 1, script);
            if (!preamble.isEmpty()) {
                throw new ScriptException(script, preamble.get(0).line(), "a statement before the first section marker;"
                        + " in a phased script every statement belongs to a section such as '-- tandem:expand'");
            }
            for (int s = 0; s < sections.size(); s++) {
                int from = sections.get(s)[1]; // 0-based index of the line after the marker
                int to = s + 1 < sections.size() ? sections.get(s + 1)[1] - 1 : lines.length;
                Phase phase = Phase.values()[sections.get(s)[0]];
                steps.put(phase, toSteps(script, splitter.split(join(lines, from, to), from + 1, script),
                        st -> accepts.claimAbove(st, from + 1)));
            }
        }
        accepts.requireAllClaimed();
        if (steps.values().stream().allMatch(List::isEmpty)) {
            throw new ScriptException(script, 0, "the script has no SQL statement");
        }
        return steps;
    }

    private static Phase markerPhase(String script, int line, String rest) {
        Matcher marker = MARKER.matcher(rest.toLowerCase(Locale.ROOT));
        if (marker.matches()) {
            for (Phase phase : Phase.values()) {
                if (phase.scriptName().equals(marker.group(1))) {
                    return phase;
                }
            }
        }
        throw new ScriptException(script, line, "'--" + " tandem" + rest + "' is not a section marker; a marker is one of"
                + " '-- tandem:expand', '-- tandem:backfill', '-- tandem:contract', '-- tandem:rollback' on a line of its own"
                + " (and '-- tandem:accept <rule id> <reason>' accepts a lint rule for the statement below it)");
    }

    private static String join(String[] lines, int from, int to) {
        return String.join("\n", java.util.Arrays.asList(lines).subList(from, to));
    }

    /** The statements as steps, each with the lint rules {@code accepted} gives for it. */
    static List<Step> toSteps(String script, List<ParsedStatement> statements,
                              Function<ParsedStatement, List<Acceptance>> accepted) {
        List<Step> steps = new ArrayList<>(statements.size());
        statements.forEach(st -> steps.add(new SqlStep(script, st, accepted.apply(st))));
        return steps;
    }
}
