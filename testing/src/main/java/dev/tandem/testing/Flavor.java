package dev.tandem.testing;

/** The two server families Tandem supports. Every integration test runs on both. */
public enum Flavor {
    MARIADB("MariaDB"),
    MYSQL("MySQL");

    private final String displayName;

    Flavor(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    /** Tells the flavor from what {@code SELECT VERSION()} answers: MariaDB says so, MySQL does not. */
    public static Flavor ofVersionString(String version) {
        return version.toLowerCase(java.util.Locale.ROOT).contains("mariadb") ? MARIADB : MYSQL;
    }
}
