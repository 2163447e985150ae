package dev.boxauth.service;

import static dev.boxauth.service.Harness.ENTERPRISE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boxauth.domain.AssertionClaims;
import dev.boxauth.domain.ClientRejectedException;
import dev.boxauth.domain.DeadlineExceededException;
import dev.boxauth.domain.EndpointUnavailableException;
import dev.boxauth.domain.Grant;
import dev.boxauth.domain.GrantRejectedException;
import dev.boxauth.domain.KeyException;
import dev.boxauth.domain.RateLimitedException;
import dev.boxauth.domain.Subject;
import dev.boxauth.port.TokenEvent;
import dev.boxauth.port.TokenSource;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenServiceRetryTest {
  private final Harness h = new Harness();

  @AfterEach
  void close() {
    h.close();
  }

  /** Makes the fake check exp against its own clock the way Box does. */
  private void serverChecksExp() {
    h.transport.otherwise(
        grant -> {
          AssertionClaims c = h.claimsOf(grant);
          Instant serverNow = h.transport.serverNow();
          if (!c.expiresAt().isAfter(serverNow)) {
            return h.transport.refuse(
                400,
                "invalid_grant",
                "Current date/time MUST be before the expiration date/time listed in the 'exp' claim",
                null);
          }
          if (c.expiresAt().isAfter(serverNow.plusSeconds(60))) {
            return h.transport.refuse(
                400,
                "invalid_grant",
                "Please check the 'exp' claim. The 'exp' value exceeds the maximum value of 60 seconds beyond the issue time.",
                null);
          }
          return h.transport.issueNext();
        });
  }

  @ParameterizedTest(name = "server clock {0} min off")
  @ValueSource(ints = {5, -5})
  void token_whenServerClockSkewed_retriesOnceWithExpFromServerDate(int minutes) {
    Duration skew = Duration.ofMinutes(minutes);
    h.transport.serverSkew(skew);
    serverChecksExp();

    h.service().source(ENTERPRISE).token();

    assertThat(h.transport.requests()).isEqualTo(2);
    AssertionClaims retry = h.grants.made.get(1);
    Instant serverNow = h.clock.instant().plus(skew);
    assertThat(Duration.between(serverNow, retry.expiresAt()))
        .isBetween(Duration.ofSeconds(25), Duration.ofSeconds(32));
    assertThat(h.service().serverClockOffset())
        .isBetween(skew.minusSeconds(1), skew.plusSeconds(1));
    assertThat(h.events(TokenEvent.ClockOffsetLearned.class)).hasSize(1);
  }

  @Test
  void token_afterOffsetLearned_skewedHostNeedsNoRejectedRequest() {
    h.transport.serverSkew(Duration.ofMinutes(5));
    serverChecksExp();
    h.service().source(ENTERPRISE).token();
    int before = h.transport.requests();

    h.service().source(Subject.user("7")).token();

    assertThat(h.transport.requests() - before).isEqualTo(1);
  }

  @Test
  void token_whenSkewRejectionRepeats_givesUpWithTypedClockError() {
    h.transport.serverSkew(Duration.ofMinutes(5));
    // Exp rejected whatever we send: the offset can't fix it.
    h.transport.otherwise(
        g ->
            h.transport.refuse(
                400,
                "invalid_grant",
                "Current date/time MUST be before the expiration date/time listed in the 'exp' claim",
                null));

    assertThatThrownBy(() -> h.service().source(ENTERPRISE).token())
        .isInstanceOfSatisfying(
            GrantRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(GrantRejectedException.Reason.CLOCK_SKEW))
        .hasMessageContaining("NTP");
    assertThat(h.transport.requests()).isEqualTo(2);
  }

  @Test
  void token_after429_retriesAfterRetryAfterWithFreshJtiAndExp() {
    h.transport.thenRateLimit("2");

    h.service().source(ENTERPRISE).token();

    assertThat(h.transport.requests()).isEqualTo(2);
    assertThat(h.sleeps).containsExactly(Duration.ofSeconds(2));
    List<AssertionClaims> made = h.grants.made;
    assertThat(made.get(1).jti()).isNotEqualTo(made.get(0).jti());
    assertThat(made.get(1).expiresAt()).isAfter(made.get(0).expiresAt());
  }

  @Test
  void token_after429WithHttpDate_waitsUntilThatDate() {
    String in3s =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            h.clock.instant().plusSeconds(3).atOffset(ZoneOffset.UTC));
    h.transport.thenRateLimit(in3s);

    h.service().source(ENTERPRISE).token();

    assertThat(h.sleeps).containsExactly(Duration.ofSeconds(3));
  }

  @Test
  void token_everyAttemptHasFreshJti() {
    h.transport.thenRateLimit("1").thenFail(503).thenDrop().thenRateLimit(null);

    h.service().source(ENTERPRISE).token();

    assertThat(h.transport.requests()).isEqualTo(5);
    assertThat(h.grants.made).extracting(AssertionClaims::jti).doesNotHaveDuplicates();
    assertThat(h.transport.grants())
        .extracting(g -> ((Grant.JwtBearer) g).assertion())
        .doesNotHaveDuplicates();
  }

  @Test
  void token_when5xxAndNetworkFailures_backsOffExponentiallyWithJitter() {
    h.random = 1.0; // the top of each jitter range
    h.transport.thenFail(500).thenDrop().thenFail(502).thenFail(503);

    h.service().source(ENTERPRISE).token();

    assertThat(h.sleeps)
        .containsExactly(
            Duration.ofMillis(250),
            Duration.ofMillis(500),
            Duration.ofMillis(1000),
            Duration.ofMillis(2000));
  }

  @Test
  void backoff_jitterKeepsAtLeastHalfTheBase() {
    h.random = 0.0;
    h.transport.thenFail(500).thenFail(500);

    h.service().source(ENTERPRISE).token();

    assertThat(h.sleeps).containsExactly(Duration.ofMillis(125), Duration.ofMillis(250));
  }

  @Test
  void backoff_isCappedAtMaxBackoff() {
    h.random = 1.0;
    h.policy = TokenPolicy.builder().maxAttempts(8).deadline(Duration.ofMinutes(5)).build();
    for (int i = 0; i < 7; i++) {
      h.transport.thenFail(503);
    }

    h.service().source(ENTERPRISE).token();

    assertThat(h.sleeps).last().isEqualTo(Duration.ofSeconds(8));
    assertThat(h.sleeps).allMatch(d -> d.compareTo(Duration.ofSeconds(8)) <= 0);
  }

  @Test
  void token_whenAttemptsRunOut_throwsLastTypedErrorNamingStatus() {
    h.transport.otherwise(g -> h.transport.refuse(503, null, null, null));

    assertThatThrownBy(() -> h.service().source(ENTERPRISE).token())
        .isInstanceOfSatisfying(
            EndpointUnavailableException.class, e -> assertThat(e.httpStatus()).isEqualTo(503))
        .hasMessageContaining("503");
    assertThat(h.transport.requests()).isEqualTo(TokenPolicy.defaults().maxAttempts());
  }

  @Test
  void token_whenRetryAfterExceedsDeadline_failsAtOnceWithDeadlineNamingRateLimit() {
    h.transport.otherwise(g -> h.transport.refuse(429, null, null, "120"));

    assertThatThrownBy(() -> h.service().source(ENTERPRISE).token())
        .isInstanceOfSatisfying(
            DeadlineExceededException.class,
            e -> {
              assertThat(e.getCause()).isInstanceOf(RateLimitedException.class);
              assertThat(e.attempts()).isEqualTo(1);
            })
        .hasMessageContaining("429");
    assertThat(h.sleeps).isEmpty();
  }

  @Test
  void token_whenWaitsWouldPassDeadline_stopsBeforeIt() {
    h.policy = TokenPolicy.builder().maxAttempts(100).deadline(Duration.ofSeconds(10)).build();
    h.transport.otherwise(g -> h.transport.refuse(429, null, null, "3"));

    assertThatThrownBy(() -> h.service().source(ENTERPRISE).token())
        .isInstanceOf(DeadlineExceededException.class);
    assertThat(h.sleeps.stream().mapToLong(Duration::toMillis).sum()).isLessThan(10_000);
    assertThat(h.transport.requests()).isEqualTo(4);
  }

  @Test
  void token_whenJtiReused_retriesOnceWithNewJti() {
    h.transport.thenRefuse(
        400, "invalid_grant", "Please check the 'jti' claim. A unique 'jti' value is required.");

    h.service().source(ENTERPRISE).token();

    assertThat(h.transport.requests()).isEqualTo(2);
    assertThat(h.grants.made.get(0).jti()).isNotEqualTo(h.grants.made.get(1).jti());
  }

  @Test
  void token_whenErrorIsPermanent_doesNotRetry() {
    h.transport.thenRefuse(400, "invalid_grant", "\"kid\" invalid, unable to lookup correct key");

    assertThatThrownBy(() -> h.service().source(ENTERPRISE).token())
        .isInstanceOfSatisfying(
            GrantRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(GrantRejectedException.Reason.UNKNOWN_KEY_ID))
        .hasMessageContaining("publicKeyID");
    assertThat(h.transport.requests()).isEqualTo(1);
  }

  @Test
  void token_whenClientRejected_failsFastWithTypedError() {
    h.transport.thenRefuse(400, "invalid_client", "The client credentials are invalid");

    assertThatThrownBy(() -> h.service().source(ENTERPRISE).token())
        .isInstanceOf(ClientRejectedException.class)
        .hasMessageNotContaining("client-secret-value");
    assertThat(h.transport.requests()).isEqualTo(1);
  }

  @Test
  void token_whenTransportThrowsUnexpectedly_reportsTypedError() {
    h.transport.then(
        g -> {
          throw new IllegalStateException("bug in a custom transport");
        });

    assertThatThrownBy(() -> h.service().source(ENTERPRISE).token())
        .isInstanceOf(EndpointUnavailableException.class)
        .hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void token_whenGrantSourceThrowsUnexpectedly_reportsTypedKeyError() {
    TokenService service =
        new TokenService(
            new dev.boxauth.port.GrantSource() {
              @Override
              public dev.boxauth.domain.ClientCredentials client() {
                return Harness.CLIENT;
              }

              @Override
              public Grant grant(Subject subject, Instant serverNow) {
                throw new IllegalStateException("hsm offline");
              }
            },
            h.transport,
            h.store,
            e -> {},
            h.clock,
            h.ticker,
            TokenPolicy.builder().maxAttempts(1).build(),
            d -> {},
            Runnable::run,
            () -> 0.5);

    assertThatThrownBy(() -> service.source(ENTERPRISE).token())
        .isInstanceOfSatisfying(
            KeyException.class,
            e -> assertThat(e.problem()).isEqualTo(KeyException.Problem.SIGNING_FAILED));
    service.close();
  }

  @Test
  void retries_emitRetryingEvents() {
    h.transport.thenRateLimit("1");

    h.service().source(ENTERPRISE).token();

    assertThat(h.events(TokenEvent.Retrying.class))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.attempt()).isEqualTo(1);
              assertThat(r.delay()).isEqualTo(Duration.ofSeconds(1));
              assertThat(r.cause()).isInstanceOf(RateLimitedException.class);
            });
    assertThat(h.events(TokenEvent.Issued.class))
        .singleElement()
        .satisfies(i -> assertThat(i.attempts()).isEqualTo(2));
  }

  @Test
  void failedFetch_doesNotPoisonCache_nextCallTriesAgain() {
    h.transport.thenRefuse(400, "invalid_client", "The client credentials are invalid");
    TokenSource source = h.service().source(ENTERPRISE);
    assertThatThrownBy(source::token).isInstanceOf(ClientRejectedException.class);

    assertThat(source.token().value()).startsWith("token-");
    assertThat(h.transport.requests()).isEqualTo(2);
  }

  @Test
  void failedRefreshAhead_keepsServingValidTokenAndRetriesAfterCooldown() {
    TokenSource source = h.service().source(ENTERPRISE);
    var old = source.token();
    h.advance(Duration.ofMinutes(56));
    h.transport.otherwise(
        g ->
            h.transport.refuse(
                400,
                "unauthorized_client",
                "This app is not authorized by the enterprise admin",
                null));

    assertThat(source.token()).isSameAs(old); // refresh runs (direct executor) and fails
    int afterFirstRefresh = h.transport.requests();
    assertThat(source.token()).isSameAs(old); // inside the cooldown: no new attempt
    assertThat(h.transport.requests()).isEqualTo(afterFirstRefresh);
    assertThat(h.events(TokenEvent.Failed.class))
        .singleElement()
        .satisfies(f -> assertThat(f.refreshAhead()).isTrue());

    h.advance(TokenPolicy.defaults().refreshCooldown());
    h.transport.otherwise(g -> h.transport.issueNext());

    assertThat(source.token()).isSameAs(old); // this call triggers the refresh that succeeds
    assertThat(source.token()).isNotEqualTo(old);
  }
}
