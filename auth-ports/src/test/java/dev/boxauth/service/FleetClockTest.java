package dev.boxauth.service;

import static dev.boxauth.service.Harness.ENTERPRISE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.port.TokenReply;
import dev.boxauth.testing.OffsetClock;
import dev.boxauth.testing.SharedMemoryStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, finding 2: hosts whose wall clocks differ share tokens through a store that measures
 * remaining lifetimes; each host re-anchors them to its own ticker. True time is the harness's
 * clock; every token's true expiry is recorded when the fake Box issues it. On the first release a
 * host 3 min behind served a token 1 min after Box expired it, and a host 6 min ahead minted its
 * own instead of adopting one with 11 min left.
 */
class FleetClockTest {
  private final Harness h = new Harness();
  private final SharedMemoryStore store = new SharedMemoryStore(h.ticker);
  private final Map<String, Instant> trueExpiry = new ConcurrentHashMap<>();
  private final List<TokenService> hosts = new ArrayList<>();

  FleetClockTest() {
    h.transport.otherwise(
        g -> {
          TokenReply.Issued r = h.transport.issueNext();
          trueExpiry.put(r.token().value(), h.clock.instant().plus(Duration.ofHours(1)));
          return r;
        });
  }

  @AfterEach
  void tearDown() {
    hosts.forEach(TokenService::close);
  }

  private TokenService host(Duration clockOff, Executor refresher) {
    Clock clock = new OffsetClock(h.clock, clockOff);
    TokenService s =
        new TokenService(
            h.grants,
            h.transport,
            store,
            e -> {},
            clock,
            h.ticker,
            TokenPolicy.defaults(),
            h::advance,
            refresher,
            () -> 0.5);
    hosts.add(s);
    return s;
  }

  private void assertUnexpiredByTrueTime(AccessToken t, String when) {
    assertThat(trueExpiry.get(t.value())).as(when).isAfter(h.clock.instant());
  }

  @Test
  void token_hostThreeMinutesBehind_neverServesATokenExpiredByTrueTime() {
    TokenService a = host(Duration.ZERO, Runnable::run);
    // B's refresh pool is busy: its refresh never runs, so only expiry protects it.
    TokenService b = host(Duration.ofMinutes(-3), new Harness.ManualExecutor());
    a.source(ENTERPRISE).token();

    for (int minute = 1; minute <= 70; minute++) {
      h.advance(Duration.ofMinutes(1));
      assertUnexpiredByTrueTime(b.source(ENTERPRISE).token(), "minute " + minute);
    }
  }

  @Test
  void token_hostSixMinutesAhead_adoptsATokenFreshByTrueTime() {
    TokenService a = host(Duration.ZERO, Runnable::run);
    TokenService b = host(Duration.ofMinutes(6), Runnable::run);
    a.source(ENTERPRISE).token();
    h.advance(Duration.ofMinutes(49)); // 11 min left by true time: fresh

    AccessToken adopted = b.source(ENTERPRISE).token();

    assertThat(h.transport.requests()).isEqualTo(1);
    // B shows it on its own clock: 11 min from B's now.
    assertThat(adopted.expiresAt())
        .isEqualTo(h.clock.instant().plus(Duration.ofMinutes(6)).plus(Duration.ofMinutes(11)));
  }

  @Test
  void token_hostsMinusFiveZeroPlusFiveMinutes_oneRequestPerLifetimeAndNothingExpired() {
    List<TokenService> fleet =
        List.of(
            host(Duration.ofMinutes(-5), Runnable::run),
            host(Duration.ZERO, Runnable::run),
            host(Duration.ofMinutes(5), Runnable::run));

    for (int minute = 0; minute < 180; minute++) {
      for (TokenService host : fleet) {
        assertUnexpiredByTrueTime(host.source(ENTERPRISE).token(), "minute " + minute);
      }
      h.advance(Duration.ofMinutes(1));
    }

    // Stale 5.5 min before expiry: one refresh every 55 min of the 180, by whichever host is first.
    assertThat(h.transport.requests()).isEqualTo(4);
  }
}
