package dev.boxauth.spring;

import dev.boxauth.BoxAuth;
import java.util.Locale;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The actuator health contributor {@code boxauth} (Spring Boot 4's health API): the token cache's
 * state, read without requesting a token, so probes are free. It joins the default health group
 * only, not the liveness probe (a Box outage must not restart the application). {@code
 * management.health.boxauth.enabled=false} turns it off.
 */
@AutoConfiguration(after = BoxAuthAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean(BoxAuth.class)
public final class BoxAuthHealthAutoConfiguration {

  /** Instantiated by Spring. */
  public BoxAuthHealthAutoConfiguration() {}

  /**
   * Nested, so that Boot 4's health condition is read only once its class is known to be there (an
   * application on an older Boot has none).
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnEnabledHealthIndicator("boxauth")
  static final class Contributor {

    /** Named so that the contributor is {@code boxauth}. */
    @Bean
    @ConditionalOnMissingBean(name = "boxauthHealthIndicator")
    HealthIndicator boxauthHealthIndicator(
        BoxAuth auth,
        ObjectProvider<LastTokenRequest> lastRequest,
        ObjectProvider<BoxAuthProperties> properties) {
      BoxAuthProperties p = properties.getIfAvailable();
      String store = p == null ? "unknown" : p.getStore().getType().name().toLowerCase(Locale.ROOT);
      return new BoxAuthHealthIndicator(auth, lastRequest.getIfAvailable(), store);
    }
  }
}
