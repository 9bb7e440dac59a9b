package dev.tandem.internal.lint;

/** How much a lint finding weighs. */
public enum Severity {
    /** Breaks app versions that still run; stops the expand unless the script accepts it with a reason. */
    ERROR,
    /** Blocks writes, copies a table, or is in an unusual place; reported, never stops anything. */
    WARNING;

    /** {@code error} or {@code warning}, as compilers print it. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
