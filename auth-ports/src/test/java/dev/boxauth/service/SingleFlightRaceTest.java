package dev.boxauth.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.ClientCredentials;
import dev.boxauth.domain.Grant;
import dev.boxauth.domain.Subject;
import dev.boxauth.port.GrantSource;
import dev.boxauth.port.TokenListener;
import dev.boxauth.port.TokenSource;
import dev.boxauth.testing.FakeTokenTransport;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * /** Races in {@code Slot.awaitNewToken} (found by the integration suite): a caller that finds the
 * cache already refilled takes the "a flight may have landed" branch with a Flight it put in {@code
 * flight} but never claimed; a second caller reading {@code flight} in that window claims it and
 * flies a whole token request although a fresh token is cached. Scheduling is forced with a clock
 * that parks chosen threads inside {@code clock.millis()}.
 */
class SingleFlightRaceTest {

  /** Parks a registered thread at its n-th millis() call until the test opens that gate. */
  static final class GateClock extends Clock {
    final Map<Thread, AtomicInteger> calls = new ConcurrentHashMap<>();
    final Map<String, CountDownLatch> arrived = new ConcurrentHashMap<>();
    final Map<String, CountDownLatch> open = new ConcurrentHashMap<>();
    final Map<Thread, String> names = new ConcurrentHashMap<>();

    CountDownLatch arrived(String name, int call) {
      return arrived.computeIfAbsent(name + "#" + call, k -> new CountDownLatch(1));
    }

    CountDownLatch gate(String name, int call) {
      return open.computeIfAbsent(name + "#" + call, k -> new CountDownLatch(1));
    }

    void register(String name, int... gatedCalls) {
      names.put(Thread.currentThread(), name);
      calls.put(Thread.currentThread(), new AtomicInteger());
      for (int c : gatedCalls) {
        gate(name, c);
      }
    }

    @Override
    public long millis() {
      String name = names.get(Thread.currentThread());
      if (name != null) {
        int n = calls.get(Thread.currentThread()).incrementAndGet();
        CountDownLatch gate = open.get(name + "#" + n);
        if (gate != null) {
          arrived(name, n).countDown();
          try {
            gate.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }
      return System.currentTimeMillis();
    }

    @Override
    public Instant instant() {
      return Instant.now();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  private static GrantSource ccgGrants() {
    ClientCredentials client = ClientCredentials.of("app123", "secret");
    return new GrantSource() {
      @Override
      public ClientCredentials client() {
        return client;
      }

      @Override
      public Grant grant(Subject subject, Instant serverNow) {
        return new Grant.ClientCredentialsGrant(client, subject);
      }
    };
  }

  /** Waits up to 300 ms for {@code f}: long enough for a wrongly flying caller to finish. */
  private static void awaitQuietly(Future<?> f) throws Exception {
    try {
      f.get(300, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException expected) {
      // it is waiting on the other caller's flight, as it should
    }
  }

  @Test
  void token_callerRacingTheLandedFlightBranch_makesNoSecondRequest() throws Exception {
    GateClock clock = new GateClock();
    GrantSource grants = ccgGrants();
    CountDownLatch firstRequestArrived = new CountDownLatch(1);
    CountDownLatch releaseFirstRequest = new CountDownLatch(1);
    AtomicInteger hookCalls = new AtomicInteger();
    FakeTokenTransport transport =
        new FakeTokenTransport(Clock.systemUTC())
            .onRequest(
                () -> {
                  if (hookCalls.incrementAndGet() == 1) {
                    firstRequestArrived.countDown();
                    try {
                      releaseFirstRequest.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }
                });
    TokenService service =
        new TokenService(
            grants,
            transport,
            new InMemoryTokenStore(Clock.systemUTC()),
            TokenListener.NONE,
            clock,
            TokenPolicy.defaults());
    TokenSource source = service.source(Subject.enterprise("42"));
    ExecutorService threads = Executors.newFixedThreadPool(3);
    try {
      // A starts the one flight; its request is held.
      Future<AccessToken> a = threads.submit(source::token);
      assertThat(firstRequestArrived.await(10, TimeUnit.SECONDS)).isTrue();
      // X and Y find no token and park at awaitNewToken's first clock call.
      Future<AccessToken> x =
          threads.submit(
              () -> {
                clock.register("X", 1, 2);
                return source.token();
              });
      Future<AccessToken> y =
          threads.submit(
              () -> {
                clock.register("Y", 1);
                return source.token();
              });
      assertThat(clock.arrived("X", 1).await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(clock.arrived("Y", 1).await(10, TimeUnit.SECONDS)).isTrue();
      // A's flight lands: the cache holds a fresh token, no flight is in progress.
      releaseFirstRequest.countDown();
      AccessToken cached = a.get(10, TimeUnit.SECONDS);
      // X puts a new Flight in `flight`, sees the fresh token, and parks before clearing it.
      clock.gate("X", 1).countDown();
      assertThat(clock.arrived("X", 2).await(10, TimeUnit.SECONDS)).isTrue();
      // Y now reads X's Flight. It must wait for it (X runs it), not claim and fly it: give Y time
      // to do the wrong thing, then let X finish.
      clock.gate("Y", 1).countDown();
      awaitQuietly(y);
      clock.gate("X", 2).countDown();
      AccessToken fromX = x.get(10, TimeUnit.SECONDS);
      AccessToken fromY = y.get(10, TimeUnit.SECONDS);

      assertThat(fromX).isEqualTo(cached);
      assertThat(transport.requests())
          .as("token requests, with a fresh token cached after the first")
          .isEqualTo(1);
      assertThat(fromY).isEqualTo(cached);
    } finally {
      clock.gate("X", 1).countDown();
      clock.gate("X", 2).countDown();
      clock.gate("Y", 1).countDown();
      threads.shutdownNow();
      service.close();
    }
  }

  /**
   * The refill path itself: X publishes its Flight, reads the (expired) entry and calls {@code
   * clock.millis()} before {@code mine.claim()}; Y, arriving in that window, claims X's Flight and
   * flies it; X then ignores that its own {@code claim()} failed and flies the same Flight again.
   * Two concurrent token requests in one process (with a Redis store: one request and one extra
   * adoption, as FleetIT observed).
   */
  @Test
  void token_twoCallersRefillingAnExpiredToken_makeOneRequest() throws Exception {
    GateClock clock = new GateClock();
    GrantSource grants = ccgGrants();
    FakeTokenTransport transport =
        new FakeTokenTransport(Clock.systemUTC()).lifetime(java.time.Duration.ofSeconds(2));
    TokenService service =
        new TokenService(
            grants,
            transport,
            new InMemoryTokenStore(Clock.systemUTC()),
            TokenListener.NONE,
            clock,
            TokenPolicy.defaults());
    TokenSource source = service.source(Subject.enterprise("42"));
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      AccessToken first = source.token();
      // 2 s tokens are not served in their last 0.5 s: wait until this one is unusable.
      Thread.sleep(Math.max(0, first.expiresAt().toEpochMilli() - System.currentTimeMillis()));
      // X: token() reads the clock once, awaitNewToken once, then once more between publishing
      // its Flight and claiming it: park it there.
      Future<AccessToken> x =
          threads.submit(
              () -> {
                clock.register("X", 3);
                return source.token();
              });
      assertThat(clock.arrived("X", 3).await(10, TimeUnit.SECONDS)).isTrue();
      // Y finds X's Flight: it must wait for it, not fly it too. Give it time to go wrong.
      Future<AccessToken> y = threads.submit(source::token);
      awaitQuietly(y);
      clock.gate("X", 3).countDown();
      AccessToken fromX = x.get(10, TimeUnit.SECONDS);
      AccessToken fromY = y.get(10, TimeUnit.SECONDS);

      assertThat(fromY).isNotEqualTo(first);
      assertThat(transport.requests())
          .as("token requests: the first token, then one refill")
          .isEqualTo(2);
      assertThat(fromX).isEqualTo(fromY);
    } finally {
      clock.gate("X", 3).countDown();
      threads.shutdownNow();
      service.close();
    }
  }
}
