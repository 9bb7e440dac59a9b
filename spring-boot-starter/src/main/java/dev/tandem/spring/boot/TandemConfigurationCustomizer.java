package dev.tandem.spring.boot;

import dev.tandem.TandemConfiguration;

/**
 * A bean that finishes Tandem's configuration after the {@code tandem.*} properties were applied, for what
 * properties cannot say: throttle signals, replicas, contract policies per migration. Listener beans
 * ({@link dev.tandem.TandemListener}) need no customizer: every one is registered.
 */
@FunctionalInterface
public interface TandemConfigurationCustomizer {

    void customize(TandemConfiguration configuration);
}
