package dev.tandem.mysql.internal;

import dev.tandem.TableNames;
import dev.tandem.spi.BackfillObserver;
import dev.tandem.spi.DdlPolicy;
import dev.tandem.spi.StepContext;
import dev.tandem.spi.Throttle;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the statements of migration steps on MySQL/MariaDB, through the {@link OnlineDdl} rules. */
final class MySqlStepContext implements StepContext {

    private static final Logger LOG = LoggerFactory.getLogger(MySqlStepContext.class);

    /**
     * Errors that, for a statement that already ran once before the process died, mean "its effect is
     * there": the table, column, index, trigger, routine or constraint it creates exists, or the one it
     * drops or renames is gone. Same codes on MySQL and MariaDB, but for a CHECK's.
     */
    private static final Set<Integer> ALREADY_APPLIED = Set.of(
            1050, // ER_TABLE_EXISTS_ERROR (tables and views)
            1051, // ER_BAD_TABLE_ERROR: DROP TABLE of a table that is gone
            1054, // ER_BAD_FIELD_ERROR: renaming or dropping a column that is gone
            1060, // ER_DUP_FIELDNAME
            1061, // ER_DUP_KEYNAME
            1091, // ER_CANT_DROP_FIELD_OR_KEY
            1304, // ER_SP_ALREADY_EXISTS
            1305, // ER_SP_DOES_NOT_EXIST
            1359, // ER_TRG_ALREADY_EXISTS
            1360, // ER_TRG_DOES_NOT_EXIST
            1826, // ER_FK_DUP_NAME
            1146, // ER_NO_SUCH_TABLE: renaming or dropping a table that is gone
            3821, // MySQL's ER_CHECK_CONSTRAINT_NOT_FOUND: DROP CHECK of one that is gone (MariaDB: 1091)
            3822  // MySQL's ER_CHECK_CONSTRAINT_DUP_NAME: ADD CONSTRAINT ... CHECK of one that is there
    );

    /** ER_BINLOG_CREATE_ROUTINE_NEED_SUPER, MySQL and MariaDB alike. */
    private static final int TRIGGER_NEEDS_SUPER = 1419;

    private final Connection connection;
    private final DataSource dataSource;
    private final TableNames tables;
    private final OnlineDdl ddl;
    private final DdlPolicy policy;
    private final Throttle throttle;
    private final BackfillObserver observer;

    MySqlStepContext(Connection connection, DataSource dataSource, TableNames tables, DdlPolicy policy, Throttle throttle,
                     BackfillObserver observer) throws SQLException {
        this.connection = connection;
        this.dataSource = dataSource;
        this.tables = tables;
        this.ddl = new OnlineDdl(connection, policy);
        this.policy = policy;
        this.throttle = throttle;
        this.observer = observer;
    }

    @Override
    public void reportProgress(dev.tandem.BackfillProgress progress) {
        observer.backfillProgress(progress);
    }

    @Override
    public java.time.Duration chunkTarget() {
        return throttle.unitTarget();
    }

    @Override
    public void awaitThrottle(String who) throws SQLException {
        try {
            if (Thread.interrupted()) {
                throw new InterruptedException(); // asked to stop (Tandem closing), throttled or not
            }
            throttle.awaitGo(who);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException(who + ": stopped: its thread was interrupted", e);
        }
    }

    @Override
    public DdlPolicy ddlPolicy() {
        return policy;
    }

    @Override
    public TableNames tables() {
        return tables;
    }

    @Override
    public Connection connection() {
        return connection;
    }

    @Override
    public Connection openConnection() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public void execute(String sql, boolean resumed) throws SQLException {
        try {
            ddl.execute(sql);
        } catch (SQLException e) {
            if (e.getErrorCode() == TRIGGER_NEEDS_SUPER) {
                throw new SQLException("The server refused to create a trigger: with binary logging on, creating triggers"
                        + " needs the SUPER privilege or log_bin_trust_function_creators = 1. On Amazon RDS or Aurora, set"
                        + " log_bin_trust_function_creators = 1 in the DB parameter group; elsewhere SET GLOBAL"
                        + " log_bin_trust_function_creators = 1 (and in the server's configuration). The server said: "
                        + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
            }
            if (resumed && ALREADY_APPLIED.contains(e.getErrorCode())) {
                LOG.warn("Resumed statement answered '{}' (error {}): the interrupted run had applied it; going on",
                        e.getMessage(), e.getErrorCode());
                return;
            }
            throw e;
        }
    }
}
