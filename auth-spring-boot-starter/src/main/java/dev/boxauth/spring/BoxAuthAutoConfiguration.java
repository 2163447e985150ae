package dev.boxauth.spring;

import dev.boxauth.BoxAuth;
import dev.boxauth.http.BoxAuthInterceptor;
import dev.boxauth.micrometer.BoxAuthMetrics;
import dev.boxauth.port.TokenListener;
import dev.boxauth.port.TokenSource;
import dev.boxauth.port.TokenStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;

/**
 * boxauth from {@code boxauth.*} properties ({@link BoxAuthProperties}): a {@link BoxAuth}, the
 * default subject's {@link TokenSource} and a {@link BoxAuthInterceptor} for OkHttp clients, each
 * replaced by a bean of the application's own type. Every {@link TokenListener} bean receives
 * boxauth's events, {@link BoxAuthMetrics} (bound to Micrometer by Spring Boot) among them; a
 * {@link TokenStore} bean of the application's replaces the in-memory store.
 *
 * <p>A bad configuration fails start-up with a report naming the property and the fix. {@code
 * BoxAuth} is built at start-up (config read, key decrypted) but requests no token until one is
 * asked for, and is closed with the context. {@code boxauth.enabled=false} turns all of it off.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "boxauth", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(BoxAuthProperties.class)
public final class BoxAuthAutoConfiguration {

  /** Instantiated by Spring. */
  public BoxAuthAutoConfiguration() {}

  /**
   * Token request counts and timings, token lifetime and clock offset gauges; Spring Boot binds it
   * to the application's meter registry.
   */
  @Bean
  @ConditionalOnMissingBean
  BoxAuthMetrics boxAuthMetrics(BoxAuthProperties properties, ObjectProvider<BoxAuth> auth) {
    // Read lazily: the BoxAuth this listens to is built after it.
    return new BoxAuthMetrics(BoxAuthFactory.grant(properties))
        .statusFrom(() -> auth.getObject().status());
  }

  @Bean
  LastTokenRequest boxAuthLastTokenRequest() {
    return new LastTokenRequest();
  }

  /** The front door, closed with the context (it stops refreshes, then closes what it opened). */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  BoxAuth boxAuth(
      BoxAuthProperties properties,
      ObjectProvider<TokenListener> listeners,
      ObjectProvider<TokenStore> tokenStore,
      ResourceLoader resourceLoader) {
    return new BoxAuthFactory(properties, resourceLoader.getClassLoader())
        .create(listeners.orderedStream().toList(), tokenStore.getIfAvailable());
  }

  /** Tokens for the configured subject: the enterprise, or the user when no enterprise is set. */
  @Bean
  @ConditionalOnMissingBean
  TokenSource boxAuthTokenSource(BoxAuth auth) {
    return auth.defaultSource();
  }

  /**
   * Adds {@code Authorization: Bearer} to an OkHttp client's Box API calls, and on a 401 drops that
   * token and retries once.
   */
  @Bean
  @ConditionalOnMissingBean
  BoxAuthInterceptor boxAuthInterceptor(TokenSource tokens) {
    return new BoxAuthInterceptor(tokens);
  }

  /** Masks boxauth's secrets in the actuator's env and configprops endpoints. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.SanitizingFunction")
  static final class Sanitizing {
    @Bean
    SanitizingFunction boxAuthSanitizer() {
      return new BoxAuthSanitizer();
    }
  }
}
