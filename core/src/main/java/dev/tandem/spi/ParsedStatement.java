package dev.tandem.spi;

/** One SQL statement of a script, with the line it starts on (1-based, in the whole file). */
public record ParsedStatement(String sql, int line) {
}
