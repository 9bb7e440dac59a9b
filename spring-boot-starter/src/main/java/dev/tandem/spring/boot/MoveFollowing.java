package dev.tandem.spring.boot;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.Tandem;
import dev.tandem.internal.config.Redaction;
import dev.tandem.internal.move.SwitchableDataSource;
import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;

/**
 * Replaces the application's HikariCP DataSource beans by {@link Tandem#followMoves}, so that a cut-over of the
 * database to another server holds, drains and switches the application's own connections (docs/move.md):
 * without it they would go on writing to the old server, which refuses writes from the cut-over on. After
 * initialization, so the pool is wrapped with every setting bound and its session tag set
 * ({@link SessionTagging}); Spring's unwrapping (pool metrics, metadata, JMX) reaches the pool lent from
 * now. Only a pool of the database Tandem migrates: another one (a reporting database, another server) is left
 * alone, where it used to be held at a cut-over and switched to the moving database's new server. On only when a
 * move target is configured, or with {@code tandem.follow-moves=true} ({@link FollowMovesCondition}).
 *
 * <p>Spring closes the pool it made, not what replaced it as the bean; after a switch that is the pool Tandem
 * opened on the new server, so the DataSource lent through is closed with the bean, as Tandem asks of the
 * application: else every context closed after a move (a shutdown, a devtools restart) left that pool open.
 */
class MoveFollowing implements DestructionAwareBeanPostProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(MoveFollowing.class);

    private final ObjectProvider<Tandem> tandem;
    private final ApplicationDatabase database;
    /** The DataSources lent through, by the pool each was made for (the bean Spring destroys). */
    private final Map<HikariDataSource, AutoCloseable> followed = Collections.synchronizedMap(new IdentityHashMap<>());

    MoveFollowing(ObjectProvider<Tandem> tandem, ApplicationDatabase database) {
        this.tandem = tandem;
        this.database = database;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool && !database.reaches(pool.getJdbcUrl())) {
            LOG.warn("DataSource bean '{}' ({}) names another database than the one Tandem migrates, so it does not follow"
                    + " moves of that one. If it is that database under another address, give both the same URL: after a"
                    + " cut-over it would write to the old server", beanName, Redaction.url(pool.getJdbcUrl()));
            return bean;
        }
        if (bean instanceof HikariDataSource pool) {
            LOG.debug("DataSource bean '{}' follows moves of the database", beanName);
            DataSource lent = tandem.getObject().followMoves(pool);
            followed.put(pool, (AutoCloseable) lent);
            return lent;
        }
        if (bean instanceof DataSource dataSource && !follows(dataSource)) {
            LOG.warn("DataSource bean '{}' is a {}, not HikariCP: a cut-over of the database to another server neither"
                    + " holds nor switches its connections, and its writes fail once the old server is read-only. Make it"
                    + " a HikariDataSource, or lend its connections from tandem.dataSource(); or set"
                    + " tandem.follow-moves=false if it does not write to the moving database.", beanName,
                    bean.getClass().getName());
        }
        return bean;
    }

    @Override
    public boolean requiresDestruction(Object bean) {
        return followed.containsKey(bean);
    }

    @Override
    public void postProcessBeforeDestruction(Object bean, String beanName) {
        AutoCloseable lent = followed.remove(bean);
        if (lent != null) {
            try {
                lent.close();
            } catch (Exception e) {
                LOG.warn("DataSource bean '{}': the pool it lent from could not be closed: {}", beanName, e.toString());
            }
        }
    }

    /** Whether it lends from Tandem's DataSource (tandem.dataSource() made a bean, or a proxy of a followed pool). */
    private static boolean follows(DataSource dataSource) {
        try {
            return dataSource.isWrapperFor(SwitchableDataSource.class);
        } catch (SQLException e) {
            return false;
        }
    }
}
