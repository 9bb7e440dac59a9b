package dev.tandem.mysql.internal.move;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The host a move names a server by and replicates from, in every form of URL the drivers take: the first
 * host, never a user or password the URL holds (they went into labels, the move's record and MASTER_HOST).
 */
class JdbcHostTest {

    private static String host(String url) {
        return JdbcHost.of(url).map(JdbcHost::toString).orElse(null);
    }

    @Test
    void aPlainUrlGivesItsHostAndPortOrTheDefaultPort() {
        assertThat(host("jdbc:mysql://old-db:3307/shop")).isEqualTo("old-db:3307");
        assertThat(host("jdbc:mariadb://old-db/shop?useSSL=true")).isEqualTo("old-db:3306");
        assertThat(host("jdbc:mysql://old-db")).isEqualTo("old-db:3306");
        assertThat(host("jdbc:mysql:loadbalance://db1:3306,db2:3306/shop")).isEqualTo("db1:3306");
        assertThat(host("jdbc:mysql://[::1]:3308/shop")).isEqualTo("[::1]:3308");
    }

    @Test
    void aUserAndPasswordInTheUrlAreLeftOut() {
        assertThat(host("jdbc:mysql://mover:12345@new-db/shop")).isEqualTo("new-db:3306");
        assertThat(host("jdbc:mysql://mover:s3cret@new-db:3310/shop")).isEqualTo("new-db:3310");
        assertThat(host("jdbc:mysql://[app:pw@db1:3306,app:pw@db2:3306]/shop")).isEqualTo("db1:3306");
        assertThat(host("jdbc:mysql://address=(host=new-db)(port=3309)(user=mover)(password=s3cret)/shop"))
                .isEqualTo("new-db:3309");
        assertThat(host("jdbc:mysql://(host=new-db,port=3311,user=mover,password=s3cret)/shop")).isEqualTo("new-db:3311");
    }

    @Test
    void somethingElseIsNoHost() {
        assertThat(JdbcHost.of("jdbc:h2:mem:test")).isEqualTo(Optional.empty());
        assertThat(JdbcHost.of("jdbc:mysql://address=(port=3306)/shop")).as("no host").isEmpty();
        assertThat(JdbcHost.of(null)).isEmpty();
    }
}
