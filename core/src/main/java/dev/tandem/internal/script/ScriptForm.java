package dev.tandem.internal.script;

/** The kinds of migration script (see docs/scripts.md). */
public enum ScriptForm {
    /** {@code .sql}: phased when it has {@code -- tandem:<phase>} sections, else a classic migration run at expand. */
    SQL,
    /** {@code .yaml}: declarative operations. */
    YAML
}
