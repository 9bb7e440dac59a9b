package dev.tandem.spi;

/** The parts of a migration, run at different times of a rolling deploy (see docs/architecture.md). */
public enum Phase {
    /** Additive, backward-compatible changes; old and new app versions both keep working. */
    EXPAND,
    /** Bring existing rows into the new shape; runs after expand, before the node is ready. */
    BACKFILL,
    /** Destructive cleanup once no running instance needs the old shape. */
    CONTRACT,
    /** Undo an expand that was never contracted. */
    ROLLBACK;

    /** The name used in scripts: {@code expand}, {@code backfill}, ... */
    public String scriptName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
