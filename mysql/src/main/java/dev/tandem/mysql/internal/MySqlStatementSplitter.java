package dev.tandem.mysql.internal;

import dev.tandem.ScriptException;
import dev.tandem.spi.ParsedStatement;
import dev.tandem.spi.StatementSplitter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.ClassicConfiguration;
import org.flywaydb.core.internal.parser.ParsingContext;
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
        parse(new ExecutableCommentParser(configuration), sql, firstLine, source, statement -> statements.add(
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
            if (e.getCause() instanceof UnendedExecutableComment unended) {
                throw new ScriptException(source, firstLine + unended.line - 1, unended.getMessage());
            }
            throw new ScriptException(source, firstLine, "cannot split the SQL into statements: " + e.getMessage());
        }
    }

    /**
     * Flyway's MySQL parser, keeping a statement written wholly inside an executable comment without a
     * version ({@code /*! CREATE INDEX i ON t (a) ...}, or MariaDB's {@code /*M! ...}): Flyway reads only
     * {@code /*!} followed by a version as SQL, so it took such a statement for a comment and dropped it,
     * while the servers and the {@code mysql} client run it.
     */
    private static class ExecutableCommentParser extends MySQLParser {

        /** The line of an executable comment Flyway calls a comment in the statement read so far; 0 if none. */
        private int executableComment;

        ExecutableCommentParser(ClassicConfiguration configuration) {
            super(configuration, new ParsingContext());
        }

        @Override
        protected boolean shouldDiscard(Token token, boolean nonCommentPartSeen) {
            if (token.getType() == TokenType.COMMENT && token.getText() != null
                    && (token.getText().startsWith("!") || token.getText().startsWith("M!"))) {
                executableComment = token.getLine();
            }
            if (token.getType() == TokenType.EOF && executableComment > 0 && !nonCommentPartSeen) {
                // At the end of the script Flyway drops a statement of comments without asking.
                throw new UnendedExecutableComment(executableComment);
            }
            boolean discard = super.shouldDiscard(token, nonCommentPartSeen) && executableComment == 0;
            if (token.getType() == TokenType.DELIMITER) {
                executableComment = 0;
            }
            return discard;
        }
    }

    /** A script's last statement is wholly an executable comment with no delimiter after it. */
    private static final class UnendedExecutableComment extends RuntimeException {

        private final int line;

        UnendedExecutableComment(int line) {
            super("a statement written wholly inside an executable comment (/*! ... or /*M! ...) must end with its"
                    + " delimiter, even the last of a script: add ';' after it, or it would not run");
            this.line = line;
        }
    }

    /**
     * Flyway's MySQL parser, noting the lines that start with a comment token, so those lines are
     * exactly the ones the splitter reads as comments. Flyway has no public token stream, but hands
     * every token it reads to {@code shouldDiscard}.
     */
    private static final class CommentLineParser extends ExecutableCommentParser {

        private final String sql;
        private final Set<Integer> commentLines = new TreeSet<>();

        CommentLineParser(ClassicConfiguration configuration, String sql) {
            super(configuration);
            this.sql = sql;
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
