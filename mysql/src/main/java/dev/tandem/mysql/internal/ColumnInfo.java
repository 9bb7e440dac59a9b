package dev.tandem.mysql.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A column of an application table as {@code information_schema.columns} (or {@code SHOW FULL COLUMNS})
 * describes it.
 *
 * @param name                 the column's name as the server spells it
 * @param definition           its type, character set, nullability, default, extra and comment
 * @param generationExpression what a generated column is computed from; empty or null for others
 */
record ColumnInfo(String name, Columns definition, String generationExpression) {

    /** The spatial types, as {@link #dataType()} names them (MySQL says geomcollection, MariaDB geometrycollection). */
    static final Set<String> SPATIAL_TYPES = Set.of("geometry", "point", "linestring", "polygon", "multipoint",
            "multilinestring", "multipolygon", "geometrycollection", "geomcollection");

    /** {@code types} and the {@link #SPATIAL_TYPES}: for the sets of types that treat a spatial value alike. */
    static Set<String> withSpatial(String... types) {
        Set<String> all = new HashSet<>(SPATIAL_TYPES);
        all.addAll(List.of(types));
        return Set.copyOf(all);
    }

    /** Whether this is the column {@code other} names: column names compare without case on both servers. */
    boolean isNamed(String other) {
        return name.equalsIgnoreCase(other);
    }

    /** The type without length, sign or attributes, e.g. {@code bigint} for {@code bigint(20) unsigned}. */
    String dataType() {
        return definition.type().toLowerCase(Locale.ROOT).split("[ (]", 2)[0];
    }

    /** Whether the column holds instants ({@code TIMESTAMP}), which a session converts through its time zone. */
    boolean isTimestamp() {
        return "timestamp".equals(dataType());
    }

    /** Whether the column sets itself on every update ({@code ON UPDATE CURRENT_TIMESTAMP}). */
    boolean isSelfUpdating() {
        return extra().contains("on update");
    }

    boolean isAutoIncrement() {
        return extra().contains("auto_increment");
    }

    boolean isGenerated() {
        return generationExpression != null && !generationExpression.isEmpty();
    }

    /** Whether the column is generated and stored ({@code STORED GENERATED} on both servers), not computed when read. */
    boolean isStoredGenerated() {
        return isGenerated() && extra().contains("stored");
    }

    private String extra() {
        return definition.extra() == null ? "" : definition.extra().toLowerCase(Locale.ROOT);
    }
}
