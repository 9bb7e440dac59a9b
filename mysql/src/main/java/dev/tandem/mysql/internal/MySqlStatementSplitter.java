package dev.tandem.mysql.internal;

import dev.tandem.ScriptException;
import dev.tandem.spi.ParsedStatement;
import dev.tandem.spi.StatementSplitter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.ClassicConfiguration;
import org.flywaydb.core.internal.parser.ParserContext;
import org.flywaydb.core.internal.parser.ParsingContext;
import org.flywaydb.core.internal.parser.PeekingReader;
import org.flywaydb.core.internal.parser.Token;
import org.flywaydb.core.internal.parser.TokenType;
import org.flywaydb.core.internal.resource.StringResource;
import org.flywaydb.core.internal.sqlscript.SqlStatement;
import org.flywaydb.core.internal.sqlscript.SqlStatementIterator;
import org.flywaydb.database.mysql.MySQLParser;

/**
 * Splits scripts with Flyway's MySQL parser: comments, quoted strings, {@code DELIMITER} blocks for
 * triggers and procedures, MySQL's {@code #} comments and executable comments all as Flyway reads
 * them, without a database connection.
 */
final class MySqlStatementSplitter implements StatementSplitter {

    private final ClassicConfiguration configuration;

    MySqlStatementSplitter() {
        configuration = new ClassicConfiguration();
        // ${...} in SQL is text, not a Flyway placeholder: Tandem scripts have no placeholders.
        configuration.setPlaceholderReplacement(false);
    }

    @Override
    public List<ParsedStatement> split(String sql, int firstLine, String source) {
        List<ParsedStatement> statements = new ArrayList<>();
        parse(new ExecutableCommentParser(configuration, sql), sql, firstLine, source, statement -> statements.add(
                withoutLeadingComments(statement.getSql(), statement.getLineNumber() + firstLine - 1)));
        return statements;
    }

    @Override
    public Set<Integer> commentLines(String sql, String source) {
        CommentLineParser parser = new CommentLineParser(configuration, sql);
        parse(parser, sql, 1, source, statement -> { });
        return parser.commentLines;
    }

    private static void parse(MySQLParser parser, String sql, int firstLine, String source, Consumer<SqlStatement> each) {
        try (SqlStatementIterator it = parser.parse(new StringResource(sql))) {
            it.forEachRemaining(each);
        } catch (FlywayException e) {
            if (e.getCause() instanceof Unended unended) {
                throw new ScriptException(source, firstLine + unended.line - 1, unended.getMessage());
            }
            throw new ScriptException(source, firstLine, "cannot split the SQL into statements: " + e.getMessage());
        }
    }

    /**
     * Flyway's MySQL parser, reading as the servers do what Flyway reads otherwise:
     * <ul>
     *   <li>a statement written wholly inside an executable comment without a version
     *       ({@code /*! CREATE INDEX i ON t (a) ...}, or MariaDB's {@code /*M! ...}): Flyway reads only
     *       {@code /*!} followed by a version as SQL, so it took such a statement for a comment and dropped it,
     *       while the servers and the {@code mysql} client run it;</li>
     *   <li>a comment ends at its first {@code *}{@code /}: Flyway nests comments, so a {@code /*} inside one
     *       ({@code /* see docs/*.md *}{@code /}) made it run to the end of the script, and the statements and
     *       section markers after it were dropped without a word;</li>
     *   <li>a string or a comment never closed is refused, with its line: Flyway ends it at the end of the
     *       script, which made the rest of the script (the sections after it too) part of one statement.</li>
     * </ul>
     */
    private static class ExecutableCommentParser extends MySQLParser {

        private static final String COMMENT_START = "/*";
        private static final String COMMENT_END = "*/";

        /** The text parsed, whose strings are looked at whole. */
        final String sql;
        /** The line of an executable comment Flyway calls a comment in the statement read so far; 0 if none. */
        private int executableComment;

        ExecutableCommentParser(ClassicConfiguration configuration, String sql) {
            super(configuration, new ParsingContext());
            this.sql = sql;
        }

        @Override
        protected Token handleMultilineComment(PeekingReader reader, ParserContext context, int pos, int line, int col)
                throws IOException {
            reader.swallow(COMMENT_START.length());
            String text = reader.readUntilExcluding(COMMENT_END);
            if (!reader.peek(COMMENT_END)) {
                throw new Unended(line, "a comment begun here (/*) is never closed with */");
            }
            reader.swallow(COMMENT_END.length());
            return new Token(TokenType.COMMENT, pos, line, col, text, text, context.getParensDepth());
        }

        @Override
        protected Token handleStringLiteral(PeekingReader reader, ParserContext context, int pos, int line, int col)
                throws IOException {
            requireClosed(pos, line);
            return super.handleStringLiteral(reader, context, pos, line, col);
        }

        @Override
        protected Token handleAlternativeStringLiteral(PeekingReader reader, ParserContext context, int pos, int line,
                                                       int col) throws IOException {
            requireClosed(pos, line);
            return super.handleAlternativeStringLiteral(reader, context, pos, line, col);
        }

        /** Refuses a string that opens at {@code pos} and is never closed (a quote doubled or after a backslash goes on). */
        private void requireClosed(int pos, int line) {
            if (pos < 0 || pos >= sql.length()) {
                return;
            }
            char quote = sql.charAt(pos);
            for (int i = pos + 1; i < sql.length(); i++) {
                char c = sql.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                        i++;
                    } else {
                        return;
                    }
                }
            }
            throw new Unended(line, "a string begun here (" + quote + ") is never closed: the rest of the script would be"
                    + " part of it; close it, or double a quote that is part of the text (" + quote + quote + ")");
        }

        @Override
        protected boolean shouldDiscard(Token token, boolean nonCommentPartSeen) {
            if (token.getType() == TokenType.COMMENT && token.getText() != null
                    && (token.getText().startsWith("!") || token.getText().startsWith("M!"))) {
                executableComment = token.getLine();
            }
            if (token.getType() == TokenType.EOF && executableComment > 0 && !nonCommentPartSeen) {
                // At the end of the script Flyway drops a statement of comments without asking.
                throw new Unended(executableComment, "a statement written wholly inside an executable comment (/*! ... or"
                        + " /*M! ...) must end with its delimiter, even the last of a script: add ';' after it, or it would"
                        + " not run");
            }
            boolean discard = super.shouldDiscard(token, nonCommentPartSeen) && executableComment == 0;
            if (token.getType() == TokenType.DELIMITER) {
                executableComment = 0;
            }
            return discard;
        }
    }

    /**
     * Something begun on {@code line} that the script never ends: a string, a comment, or, as its last statement, an
     * executable comment with no delimiter after it.
     */
    private static final class Unended extends RuntimeException {

        private final int line;

        Unended(int line, String message) {
            super(message);
            this.line = line;
        }
    }

    /**
     * Flyway's MySQL parser, noting the lines that start with a comment token, so those lines are
     * exactly the ones the splitter reads as comments. Flyway has no public token stream, but hands
     * every token it reads to {@code shouldDiscard}.
     */
    private static final class CommentLineParser extends ExecutableCommentParser {

        private final Set<Integer> commentLines = new TreeSet<>();

        CommentLineParser(ClassicConfiguration configuration, String sql) {
            super(configuration, sql);
        }

        @Override
        protected boolean shouldDiscard(Token token, boolean nonCommentPartSeen) {
            if (token.getType() == TokenType.COMMENT && startsItsLine(token)) {
                commentLines.add(token.getLine());
            }
            return super.shouldDiscard(token, nonCommentPartSeen);
        }

        private boolean startsItsLine(Token token) {
            int lineStart = sql.lastIndexOf('\n', token.getPos() - 1) + 1;
            return sql.substring(lineStart, token.getPos()).isBlank();
        }
    }

    /**
     * Flyway keeps the comments before a statement in its text (its line number already points at
     * the statement); they are dropped so a step's description shows the statement. Executable
     * comments ({@code /*!...}, {@code /*M!...}) are SQL and stay.
     */
    static ParsedStatement withoutLeadingComments(String sql, int line) {
        int i = 0;
        while (i < sql.length()) {
            if (Character.isWhitespace(sql.charAt(i))) {
                i++;
            } else if (sql.startsWith("--", i) || sql.charAt(i) == '#') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? sql.length() : end;
            } else if (sql.startsWith("/*", i) && !sql.startsWith("/*!", i) && !sql.startsWith("/*M!", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? sql.length() : end + 2;
            } else {
                break;
            }
        }
        return new ParsedStatement(sql.substring(i).strip(), line);
    }
}
