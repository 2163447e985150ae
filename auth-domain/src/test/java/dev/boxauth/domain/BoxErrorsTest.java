package dev.boxauth.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BoxErrorsTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  @Test
  void parseRetryAfter_readsSecondsAndHttpDates() {
    assertThat(BoxErrors.parseRetryAfter("3", NOW)).isEqualTo(Duration.ofSeconds(3));
    assertThat(BoxErrors.parseRetryAfter(" 0 ", NOW)).isZero();
    assertThat(BoxErrors.parseRetryAfter("Sun, 01 Mar 2026 10:00:07 GMT", NOW))
        .isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void parseRetryAfter_whenAbsentPastOrGarbage_returnsZero() {
    assertThat(BoxErrors.parseRetryAfter(null, NOW)).isZero();
    assertThat(BoxErrors.parseRetryAfter("soon", NOW)).isZero();
    assertThat(BoxErrors.parseRetryAfter("-5", NOW)).isZero();
    assertThat(BoxErrors.parseRetryAfter("Sun, 01 Mar 2026 09:00:00 GMT", NOW)).isZero();
  }

  @Test
  void parseRetryAfter_capsAbsurdWaits() {
    assertThat(BoxErrors.parseRetryAfter("999999999999", NOW)).isEqualTo(Duration.ofMinutes(10));
    assertThat(BoxErrors.parseRetryAfter("86400", NOW)).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void classify_5xx_isTransientEndpointFailure() {
    AuthException e = BoxErrors.classify(502, null, null, Duration.ZERO);

    assertThat(e).isInstanceOf(EndpointUnavailableException.class);
    assertThat(e.isTransient()).isTrue();
  }

  @Test
  void classify_4xxWithoutBoxCode_isNotTransientAndPointsAtBaseUrl() {
    AuthException e = BoxErrors.classify(404, null, null, Duration.ZERO);

    assertThat(e).isInstanceOf(EndpointUnavailableException.class);
    assertThat(e.isTransient()).isFalse();
    assertThat(e.getMessage()).contains("base URL");
  }

  @Test
  void classify_429_carriesRetryAfter() {
    AuthException e =
        BoxErrors.classify(429, "rate_limit_exceeded", "slow down", Duration.ofSeconds(4));

    assertThat(e)
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            r -> assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(4)));
  }

  @Test
  void classify_oldStyleExpDescription_isClockSkew() {
    AuthException e =
        BoxErrors.classify(400, "invalid_grant", "Please check the 'exp' claim.", Duration.ZERO);

    assertThat(((GrantRejectedException) e).reason())
        .isEqualTo(GrantRejectedException.Reason.CLOCK_SKEW);
    assertThat(e.isTransient()).isTrue();
  }

  @Test
  void classify_grantTypeNotAllowed_fromEitherCode() {
    assertThat(
            ((GrantRejectedException)
                    BoxErrors.classify(
                        400,
                        "invalid_request",
                        "The grant type is unauthorized for this client_id",
                        Duration.ZERO))
                .reason())
        .isEqualTo(GrantRejectedException.Reason.GRANT_TYPE_NOT_ALLOWED);
    assertThat(
            ((GrantRejectedException)
                    BoxErrors.classify(
                        400,
                        "unauthorized_client",
                        "The grant type is unauthorized for this client_id",
                        Duration.ZERO))
                .reason())
        .isEqualTo(GrantRejectedException.Reason.GRANT_TYPE_NOT_ALLOWED);
  }

  @Test
  void messages_nameTheFixAndStripControlCharacters() {
    AuthException e =
        BoxErrors.classify(
            400,
            "unauthorized_client",
            "This app is not authorized\r\nInjected: line",
            Duration.ZERO);

    assertThat(e.getMessage())
        .contains("not authorized")
        .contains("Admin Console")
        .doesNotContain("\n")
        .doesNotContain("\r");
    assertThat(e.fix()).isNotBlank();
  }

  @Test
  void messages_truncateHugeDescriptions() {
    AuthException e = BoxErrors.classify(400, "invalid_grant", "x".repeat(10_000), Duration.ZERO);

    assertThat(e.getMessage().length()).isLessThan(1_000);
  }
}
