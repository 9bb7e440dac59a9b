package dev.tandem.spring.boot;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.Tandem;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Gives the application's HikariCP pools Tandem's session tag as their connection-init SQL, before the
 * pool opens its first connection, so the dual-write triggers know which shape the application writes.
 * Tandem is looked up only when a DataSource is created, so it is not created early for this.
 */
class SessionTagging implements BeanPostProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(SessionTagging.class);

    private final ObjectProvider<Tandem> tandem;

    SessionTagging(ObjectProvider<Tandem> tandem) {
        this.tandem = tandem;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool && ApplicationDatabase.ofAnotherKind(pool.getJdbcUrl())) {
            // PostgreSQL, say: the tag is a MySQL statement. A MySQL pool is tagged whatever its address says: one of
            // the migrated database by another address left untagged would have its writes taken for old code's.
            LOG.debug("DataSource bean '{}' is no MySQL or MariaDB pool: its sessions are not tagged", beanName);
        } else if (bean instanceof HikariDataSource pool) {
            tag(pool, beanName);
        } else if (bean instanceof DataSource) {
            LOG.warn("DataSource bean '{}' is a {}, not HikariCP: Tandem cannot tag its sessions, and the dual-write"
                    + " triggers take its writes for an old app version's. Run tandem.sessionInitSql() on each new"
                    + " connection of that pool, or set tandem.tag-data-source=false if it does not write to Tandem's"
                    + " schema.", beanName, bean.getClass().getName());
        }
        return bean;
    }

    private void tag(HikariDataSource pool, String beanName) {
        String existing = pool.getConnectionInitSql();
        if (pool.isRunning()) {
            // Sealed: only a pool given the tag before it started is fit (no server is asked for the tag otherwise).
            if (existing == null || !existing.equals(tandem.getObject().sessionInitSql())) {
                throw new IllegalStateException("DataSource bean '" + beanName + "' is a HikariDataSource already started"
                        + " (made with new HikariDataSource(config)), whose settings no one can change, so Tandem cannot give"
                        + " it its session tag, and the dual-write triggers would take its writes for an old app version's."
                        + " Make it with new HikariDataSource() and set its properties, or call"
                        + " config.setConnectionInitSql(tandem.sessionInitSql()) before; or set tandem.tag-data-source=false"
                        + " if it does not write to Tandem's schema.");
            }
            LOG.debug("DataSource bean '{}' was started with Tandem's session tag", beanName);
            return;
        }
        String tag = tandem.getObject().sessionInitSql();
        if (existing != null && !existing.isBlank() && !existing.equals(tag)) {
            throw new IllegalStateException("DataSource bean '" + beanName + "' already has a connection-init SQL ("
                    + existing + "), and Tandem needs that place for its session tag (" + tag + "). Remove"
                    + " spring.datasource.hikari.connection-init-sql, or run both in a session variable of your own;"
                    + " or set tandem.tag-data-source=false and run tandem.sessionInitSql() on each new connection yourself.");
        }
        pool.setConnectionInitSql(tag);
        LOG.debug("DataSource bean '{}' tags its sessions for Tandem: {}", beanName, tag);
    }
}
