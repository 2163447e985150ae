package dev.boxauth.service;

import static dev.boxauth.service.Harness.ENTERPRISE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.port.TokenEvent;
import dev.boxauth.port.TokenReply;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, finding 10: Box's clock offset is learned only from Box's own replies (a token, or
 * Box's JSON error), within ±24 h; a skew rejection that teaches a new offset is retried again. On
 * the first release a proxy's 502 taught its Date (so the next assertion was refused and cost a
 * request), an offset of 1,000 years was accepted, and a second skew rejection failed the call.
 */
class ClockOffsetTest {
  private static final String EXP_REJECTED =
      "Current date/time MUST be before the expiration date/time listed in the 'exp' claim";

  private final Harness h = new Harness();

  @AfterEach
  void tearDown() {
    h.close();
  }

  /** The fake checks exp against its own clock the way Box does. */
  private void serverChecksExp() {
    h.transport.otherwise(
        grant -> {
          Instant exp = h.claimsOf(grant).expiresAt();
          Instant serverNow = h.transport.serverNow();
          if (!exp.isAfter(serverNow)) {
            return h.transport.refuse(400, "invalid_grant", EXP_REJECTED, null);
          }
          if (exp.isAfter(serverNow.plusSeconds(60))) {
            return h.transport.refuse(
                400,
                "invalid_grant",
                "Please check the 'exp' claim. The 'exp' value exceeds the maximum value of 60"
                    + " seconds beyond the issue time.",
                null);
          }
          return h.transport.issueNext();
        });
  }

  @Test
  void token_afterAProxyReplyWithAWrongDate_learnsNothingFromIt() {
    Instant wrong = h.clock.instant().plus(Duration.ofHours(3));
    h.transport.then(g -> h.transport.proxyError(502, wrong));
    serverChecksExp();

    h.service().source(ENTERPRISE).token();

    assertThat(h.transport.requests()).as("the 502, then the token").isEqualTo(2);
    assertThat(h.service().serverClockOffset().abs()).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void token_whenBoxsDateIsBeyondTheBound_ignoresItAndSaysSoOnce() {
    Instant absurd = h.clock.instant().plus(Duration.ofDays(365L * 1000));
    h.transport.then(
        g ->
            new TokenReply.Issued(
                AccessToken.bearer("far", h.clock.instant(), Duration.ofHours(1)), absurd));

    h.service().source(ENTERPRISE).token();

    assertThat(h.service().serverClockOffset().abs()).isLessThan(Duration.ofSeconds(2));
    assertThat(h.events(TokenEvent.ClockOffsetIgnored.class)).hasSize(1);
    assertThat(h.events(TokenEvent.ClockOffsetLearned.class)).isEmpty();
  }

  @Test
  void token_whenASkewRetryIsRejectedWithAnotherNewOffset_relearnsAndRetriesAgain() {
    h.transport.serverSkew(Duration.ofMinutes(5));
    h.transport.thenRefuse(400, "invalid_grant", EXP_REJECTED);
    h.transport.then(
        g -> {
          h.transport.serverSkew(Duration.ofMinutes(10)); // Box's clock moved again
          return h.transport.refuse(400, "invalid_grant", EXP_REJECTED, null);
        });

    AccessToken token = h.service().source(ENTERPRISE).token();

    assertThat(token).isNotNull();
    assertThat(h.transport.requests()).isEqualTo(3);
    assertThat(h.service().serverClockOffset())
        .isBetween(Duration.ofMinutes(10).minusSeconds(1), Duration.ofMinutes(10).plusSeconds(1));
  }
}
