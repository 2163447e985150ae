package dev.boxauth.service;

import static dev.boxauth.service.Harness.ENTERPRISE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.AssertionClaims;
import dev.boxauth.domain.Subject;
import dev.boxauth.port.TokenSource;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, finding 8: tokens age on the ticker, so wall-clock steps (NTP, a resumed VM, an
 * operator) neither serve an expired token nor drop a good one early. On the first release, after a
 * 40 min step back, a 60 min token was served 65 min after it was issued, and a step forward
 * started a refresh a token 1 min old did not need.
 */
class MonotonicAgeingTest {
  private final Harness h = new Harness();

  @AfterEach
  void tearDown() {
    h.close();
  }

  @Test
  void token_afterAWallClockStepBack_isNeverServedPastItsLifetime() {
    h.executor = h.manualExecutor;
    TokenSource source = h.service().source(ENTERPRISE);
    AccessToken first = source.token();
    h.advance(Duration.ofMinutes(30));
    h.stepWall(Duration.ofMinutes(-40));
    h.advance(Duration.ofMinutes(35)); // 65 min after issue; the wall clock says 25

    assertThat(source.token().value()).isNotEqualTo(first.value());
  }

  @Test
  void token_afterAWallClockStepForward_keepsServingAGoodTokenWithoutRefresh() {
    h.executor = h.manualExecutor;
    TokenSource source = h.service().source(ENTERPRISE);
    AccessToken first = source.token();
    h.advance(Duration.ofMinutes(1));
    h.stepWall(Duration.ofMinutes(56)); // the wall clock says 57 min after issue

    assertThat(source.token()).isSameAs(first);
    assertThat(h.manualExecutor.pending()).as("refreshes started").isZero();
  }

  @Test
  void assertionExp_afterAWallClockStep_staysOnBoxsClock() {
    h.service().source(ENTERPRISE).token(); // Box's Date anchors its clock
    h.advance(Duration.ofMinutes(2));
    h.stepWall(Duration.ofHours(1));

    h.service().source(Subject.user("7")).token();

    AssertionClaims second = h.grants.made.get(1);
    Instant boxNow = h.transport.serverNow().minus(Duration.ofHours(1)); // Box did not step
    assertThat(Duration.between(boxNow, second.expiresAt()))
        .isBetween(Duration.ofSeconds(29), Duration.ofSeconds(31));
  }
}
