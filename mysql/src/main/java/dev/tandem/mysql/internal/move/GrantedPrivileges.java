package dev.tandem.mysql.internal.move;

import dev.tandem.mysql.internal.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The privileges the connection's account holds globally and on its default database, from
 * {@code information_schema.user_privileges} and {@code schema_privileges} (which list MySQL's dynamic
 * privileges too, and {@code ALL PRIVILEGES} one by one). Privileges that come through a role are not seen:
 * a missing privilege found here may then be a false alarm, which the problem's text says.
 */
final class GrantedPrivileges {

    private final Set<String> global;
    private final Set<String> onDatabase;

    private GrantedPrivileges(Set<String> global, Set<String> onDatabase) {
        this.global = global;
        this.onDatabase = onDatabase;
    }

    static GrantedPrivileges of(Connection c) throws SQLException {
        String grantee = "CONCAT('''', SUBSTRING_INDEX(CURRENT_USER(), '@', 1), '''@''', SUBSTRING_INDEX(CURRENT_USER(), '@', -1), '''')";
        return new GrantedPrivileges(
                names(Jdbc.rows(c, "SELECT privilege_type FROM information_schema.user_privileges WHERE grantee = " + grantee)),
                names(Jdbc.rows(c, "SELECT privilege_type FROM information_schema.schema_privileges WHERE grantee = " + grantee
                        + " AND table_schema = DATABASE()")));
    }

    private static Set<String> names(List<List<String>> rows) {
        Set<String> names = new HashSet<>();
        rows.forEach(r -> names.add(r.get(0).toUpperCase(Locale.ROOT).replace('_', ' ')));
        return names;
    }

    /** Whether any of {@code privileges} is held globally (names compare without case, {@code _} as a space). */
    boolean anyGlobal(String... privileges) {
        for (String p : privileges) {
            if (global.contains(p.toUpperCase(Locale.ROOT).replace('_', ' '))) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code privilege} is held globally or on the default database. */
    boolean onDatabase(String privilege) {
        String name = privilege.toUpperCase(Locale.ROOT).replace('_', ' ');
        return global.contains(name) || onDatabase.contains(name);
    }
}
