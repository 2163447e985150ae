package dev.boxauth.it;

import com.google.inject.Module;
import dev.boxauth.http.HttpTransportConfig;
import dev.boxauth.port.TokenListener;
import dev.boxauth.service.TokenPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What a test varies when it opens a stack: transport timeouts, the token policy, modules that
 * override bindings (with {@code Modules.override} semantics, as {@code BoxAuth.Builder.module}
 * has), and extra listeners.
 */
record Setup(
    HttpTransportConfig http,
    TokenPolicy policy,
    List<Module> overrides,
    List<TokenListener> listeners) {

  Setup {
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(policy, "policy");
    overrides = List.copyOf(overrides);
    listeners = List.copyOf(listeners);
  }

  /**
   * The suites' default: generous timeouts, a 10 s deadline, 5 attempts and a short backoff, so
   * faults cost milliseconds rather than seconds.
   */
  static Setup defaults(URI baseUrl) {
    return new Setup(
        HttpTransportConfig.builder()
            .baseUrl(baseUrl)
            .connectTimeout(Duration.ofSeconds(2))
            .readTimeout(Duration.ofSeconds(5))
            .callTimeout(Duration.ofSeconds(8))
            .build(),
        TokenPolicy.builder()
            .deadline(Duration.ofSeconds(10))
            .backoff(Duration.ofMillis(20), Duration.ofMillis(100))
            .build(),
        List.of(),
        List.of());
  }

  Setup http(UnaryOperator<HttpTransportConfig.Builder> change) {
    return new Setup(change.apply(http.toBuilder()).build(), policy, overrides, listeners);
  }

  Setup policy(UnaryOperator<TokenPolicy> change) {
    return new Setup(http, change.apply(policy), overrides, listeners);
  }

  Setup override(Module override) {
    List<Module> more = new ArrayList<>(overrides);
    more.add(override);
    return new Setup(http, policy, more, listeners);
  }

  Setup listener(TokenListener listener) {
    List<TokenListener> more = new ArrayList<>(listeners);
    more.add(listener);
    return new Setup(http, policy, overrides, more);
  }
}
