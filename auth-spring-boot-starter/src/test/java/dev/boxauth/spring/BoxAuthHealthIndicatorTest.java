package dev.boxauth.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.boxauth.BoxAuth;
import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.EndpointUnavailableException;
import dev.boxauth.service.TokenPolicy;
import dev.boxauth.testing.MutableTicker;
import dev.boxauth.testkit.BoxEmulator;
import dev.boxauth.testkit.BoxEmulatorExtension;
import dev.boxauth.testkit.EmulatedApp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class BoxAuthHealthIndicatorTest {
  @RegisterExtension static final BoxEmulatorExtension EMULATOR = BoxEmulatorExtension.ccg();

  private static BoxEmulator emulator;
  private static EmulatedApp app;

  private final MutableTicker ticker = new MutableTicker();
  private final LastTokenRequest lastRequest = new LastTokenRequest();
  private BoxAuth auth;
  private BoxAuthHealthIndicator indicator;

  @BeforeEach
  void build() {
    auth =
        BoxAuth.builder()
            .clientCredentials(app.clientId(), app.clientSecret())
            .enterpriseId(app.enterpriseId())
            .baseUrl(emulator.baseUrl())
            .ticker(ticker)
            .policy(TokenPolicy.builder().maxAttempts(1).build())
            .listener(lastRequest)
            .build();
    indicator = new BoxAuthHealthIndicator(auth, lastRequest, "memory");
  }

  @AfterEach
  void close() {
    auth.close();
  }

  private void failOneRequest(String userId) {
    emulator.faults().failNext(1, 503);
    assertThatThrownBy(() -> auth.user(userId).token())
        .isInstanceOf(EndpointUnavailableException.class);
  }

  @Test
  void health_beforeAnyToken_isUpWithNothingCached() {
    Health health = indicator.health();

    assertThat(health.getStatus()).isEqualTo(Status.UP);
    assertThat(health.getDetails())
        .containsEntry("subjectsCached", 0)
        .containsEntry("store", Map.of("type", "memory", "failures", 0L))
        .doesNotContainKeys("soonestExpiry", "lastFailure");
  }

  @Test
  void health_afterAToken_reportsItFromCacheWithoutRequestingOne() {
    AccessToken token = auth.enterprise().token();
    long before = emulator.tokenRequests();

    Health first = indicator.health();
    Health second = indicator.health();

    assertThat(emulator.tokenRequests()).isEqualTo(before);
    assertThat(first.getStatus()).isEqualTo(Status.UP);
    assertThat(second.getStatus()).isEqualTo(Status.UP);
    assertThat(first.getDetails())
        .containsEntry("subjectsCached", 1)
        .containsKey("serverClockOffset");
    // Whole seconds on the wall clock; the cache ages the token on the ticker.
    assertThat(Instant.parse((String) first.getDetails().get("soonestExpiry")))
        .isCloseTo(token.expiresAt(), within(5, ChronoUnit.SECONDS));
    assertThat(first.getDetails().toString())
        .doesNotContain(token.value())
        .doesNotContain(app.clientSecret());
  }

  @Test
  void health_whenTheLastRequestFailedAndNothingIsCached_isDownWithTheFailure() {
    failOneRequest("12345");

    Health health = indicator.health();

    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
    assertThat(health.getDetails()).containsEntry("subjectsCached", 0);
    @SuppressWarnings("unchecked")
    Map<String, Object> failure = (Map<String, Object>) health.getDetails().get("lastFailure");
    assertThat(failure)
        .containsEntry("type", "EndpointUnavailableException")
        .containsEntry("reason", "HTTP 503")
        .containsKey("at");
    assertThat(health.getDetails().toString()).doesNotContain("12345");
  }

  @Test
  void health_failureWhileATokenIsCached_staysUpShowingTheFailure() {
    auth.enterprise().token();
    failOneRequest("12345");

    Health health = indicator.health();

    assertThat(health.getStatus()).isEqualTo(Status.UP);
    assertThat(health.getDetails()).containsEntry("subjectsCached", 1).containsKey("lastFailure");
  }

  @Test
  void health_tokensThatLapsedAfterTheLastSuccess_isUp() {
    failOneRequest("12345");
    auth.enterprise().token();
    ticker.advance(Duration.ofHours(3));

    Health health = indicator.health();

    assertThat(health.getDetails()).containsEntry("subjectsCached", 0).containsKey("lastFailure");
    assertThat(health.getStatus()).isEqualTo(Status.UP);
  }
}
