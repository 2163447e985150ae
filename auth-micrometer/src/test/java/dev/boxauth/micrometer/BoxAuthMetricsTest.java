package dev.boxauth.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxauth.BoxAuth;
import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.ClientId;
import dev.boxauth.domain.EndpointUnavailableException;
import dev.boxauth.domain.Subject;
import dev.boxauth.domain.TokenKey;
import dev.boxauth.port.TokenEvent;
import dev.boxauth.service.TokenPolicy;
import dev.boxauth.service.TokenStatus;
import dev.boxauth.testkit.BoxEmulator;
import dev.boxauth.testkit.EmulatedApp;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BoxAuthMetricsTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final TokenKey USER_KEY =
      TokenKey.of(new ClientId("client123"), Subject.user("987654321"));

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final BoxAuthMetrics metrics =
      new BoxAuthMetrics(BoxAuthMetrics.Grant.JWT, Clock.fixed(NOW, ZoneOffset.UTC));

  private double requests(String grant, String outcome) {
    return registry
        .get("boxauth.token.requests")
        .tags("grant", grant, "outcome", outcome)
        .functionCounter()
        .count();
  }

  private long timed(String grant, String outcome) {
    return registry
        .get("boxauth.token.request")
        .tags("grant", grant, "outcome", outcome)
        .timer()
        .count();
  }

  private double gauge(String name) {
    return registry.get(name).gauge().value();
  }

  private static EndpointUnavailableException outage() {
    return new EndpointUnavailableException(503, "HTTP 503", true, null);
  }

  @Test
  void on_issuedAfterThreeAttempts_countsOneSuccessAndTwoFailures() {
    metrics.bindTo(registry);

    metrics.on(new TokenEvent.Issued(USER_KEY, Duration.ofMillis(40), 3, false));

    assertThat(requests("jwt", "success")).isEqualTo(1);
    assertThat(requests("jwt", "failure")).isEqualTo(2);
    assertThat(timed("jwt", "success")).isEqualTo(1);
    assertThat(timed("jwt", "failure")).isZero();
    assertThat(
            registry
                .get("boxauth.token.request")
                .tags("grant", "jwt", "outcome", "success")
                .timer()
                .totalTime(java.util.concurrent.TimeUnit.MILLISECONDS))
        .isEqualTo(40);
  }

  @Test
  void on_failed_countsEveryAttemptAsAFailureAndTimesIt() {
    metrics.bindTo(registry);

    metrics.on(new TokenEvent.Failed(USER_KEY, outage(), Duration.ofSeconds(2), 5, false));

    assertThat(requests("jwt", "failure")).isEqualTo(5);
    assertThat(requests("jwt", "success")).isZero();
    assertThat(timed("jwt", "failure")).isEqualTo(1);
  }

  @Test
  void on_downscoped_countsUnderTokenExchange() {
    metrics.bindTo(registry);

    metrics.on(new TokenEvent.Downscoped(Set.of("item_preview"), Duration.ofMillis(5), 1));

    assertThat(requests("token_exchange", "success")).isEqualTo(1);
    assertThat(requests("jwt", "success")).isZero();
  }

  @Test
  void on_storeFailed_countsStoreFailures() {
    metrics.bindTo(registry);

    metrics.on(new TokenEvent.StoreFailed("get", new IllegalStateException("redis down")));
    metrics.on(new TokenEvent.StoreFailed("put", new IllegalStateException("redis down")));

    assertThat(registry.get("boxauth.store.failures").functionCounter().count()).isEqualTo(2);
  }

  @Test
  void counters_keepRequestsMadeBeforeBinding() {
    metrics.on(new TokenEvent.Issued(USER_KEY, Duration.ofMillis(10), 1, false));

    metrics.bindTo(registry);

    assertThat(requests("jwt", "success")).isEqualTo(1);
  }

  @Test
  void grantTag_ofACcgApp_isClientCredentials() {
    BoxAuthMetrics ccg = new BoxAuthMetrics(BoxAuthMetrics.Grant.CLIENT_CREDENTIALS);
    ccg.bindTo(registry);

    ccg.on(new TokenEvent.Issued(USER_KEY, Duration.ofMillis(10), 1, false));

    assertThat(requests("client_credentials", "success")).isEqualTo(1);
  }

  @Test
  void gauges_readTtlAndClockOffsetFromStatus() {
    TokenStatus status =
        new TokenStatus(
            2, Optional.of(NOW.plusSeconds(1800)), Optional.empty(), Duration.ofMillis(-2500), 0);
    metrics.statusFrom(() -> status).bindTo(registry);

    assertThat(gauge("boxauth.token.ttl")).isEqualTo(1800.0);
    assertThat(gauge("boxauth.clock.offset")).isEqualTo(-2.5);
  }

  @Test
  void gauges_withoutStatusOrCachedTokenOrWhenStatusThrows_readNaN() {
    metrics.bindTo(registry);
    assertThat(gauge("boxauth.token.ttl")).isNaN();
    assertThat(gauge("boxauth.clock.offset")).isNaN();

    metrics.statusFrom(
        () -> new TokenStatus(0, Optional.empty(), Optional.empty(), Duration.ZERO, 0));
    assertThat(gauge("boxauth.token.ttl")).isNaN();
    assertThat(gauge("boxauth.clock.offset")).isZero();

    metrics.statusFrom(
        () -> {
          throw new IllegalStateException("not built yet");
        });
    assertThat(gauge("boxauth.token.ttl")).isNaN();
  }

  @Test
  void meters_carryNoSubjectClientOrEnterpriseTag() {
    metrics.bindTo(registry);
    metrics.on(new TokenEvent.Issued(USER_KEY, Duration.ofMillis(10), 1, false));
    metrics.on(new TokenEvent.Failed(USER_KEY, outage(), Duration.ofMillis(10), 1, false));

    assertThat(registry.getMeters()).isNotEmpty();
    for (Meter meter : registry.getMeters()) {
      for (Tag tag : meter.getId().getTags()) {
        assertThat(tag.getKey()).isIn("grant", "outcome");
        assertThat(tag.getValue()).doesNotContain("987654321").doesNotContain("client123");
      }
    }
  }

  @Test
  void boxAuthFlow_withTwo503s_countsWhatTheEmulatorReceived() {
    try (BoxEmulator emulator = BoxEmulator.start()) {
      EmulatedApp app = emulator.newJwtApp();
      BoxAuthMetrics flow = new BoxAuthMetrics(BoxAuthMetrics.Grant.JWT);
      TokenPolicy fastRetries =
          TokenPolicy.builder().backoff(Duration.ofMillis(1), Duration.ofMillis(2)).build();
      try (BoxAuth auth =
          BoxAuth.builder()
              .configJson(app.configJson())
              .baseUrl(emulator.baseUrl())
              .policy(fastRetries)
              .listener(flow)
              .build()) {
        flow.statusFrom(auth::status).bindTo(registry);
        emulator.faults().failNext(2, 503);

        AccessToken token = auth.enterprise().token();
        auth.downscope(token, Set.of("item_preview"));

        assertThat(requests("jwt", "success")).isEqualTo(1);
        assertThat(requests("jwt", "failure")).isEqualTo(2);
        assertThat(requests("token_exchange", "success")).isEqualTo(1);
        double total =
            requests("jwt", "success")
                + requests("jwt", "failure")
                + requests("token_exchange", "success");
        assertThat(total).isEqualTo(emulator.tokenRequests());
        assertThat(gauge("boxauth.token.ttl"))
            .isPositive()
            .isLessThanOrEqualTo(EmulatedApp.DEFAULT_TOKEN_LIFETIME.toSeconds());
      }
    }
  }
}
