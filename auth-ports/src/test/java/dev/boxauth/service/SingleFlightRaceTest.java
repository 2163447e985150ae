package dev.boxauth.service;

import static dev.boxauth.service.Harness.ENTERPRISE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.port.Ticker;
import dev.boxauth.port.TokenSource;
import dev.boxauth.testing.MutableTicker;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Races around publishing a flight (two were found by the integration suite in the first release):
 * a caller that publishes its flight and is descheduled before it runs it must be waited for, not
 * raced. Scheduling is forced with a ticker that parks chosen threads at their n-th reading, and a
 * sleeper that says when a caller starts waiting on a flight.
 */
class SingleFlightRaceTest {
  private final Harness h = new Harness();
  private final GateTicker ticker = new GateTicker(h.ticker);
  private final CountDownLatch yWaiting = new CountDownLatch(1);
  private final ExecutorService threads = Executors.newFixedThreadPool(3);
  private volatile Thread y;

  @AfterEach
  void tearDown() {
    ticker.openAll();
    threads.shutdownNow();
    h.close();
  }

  /** Parks a registered thread at its n-th reading until the test opens that gate. */
  static final class GateTicker implements Ticker {
    private final MutableTicker inner;
    private final Map<Thread, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> arrived = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> open = new ConcurrentHashMap<>();
    private final Map<Thread, String> names = new ConcurrentHashMap<>();

    GateTicker(MutableTicker inner) {
      this.inner = inner;
    }

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

    void openAll() {
      open.values().forEach(CountDownLatch::countDown);
    }

    @Override
    public long nanos() {
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
      return inner.nanos();
    }
  }

  private TokenService service() {
    Sleeper sleeper =
        new Sleeper() {
          @Override
          public void sleep(Duration d) {
            h.advance(d);
          }

          @Override
          public <T> T await(CompletableFuture<T> result, long timeoutNanos)
              throws InterruptedException, ExecutionException, TimeoutException {
            if (Thread.currentThread() == y) {
              yWaiting.countDown();
            }
            return Sleeper.super.await(result, timeoutNanos);
          }
        };
    return new TokenService(
        h.grants,
        h.transport,
        h.store,
        e -> {},
        h.clock,
        ticker,
        TokenPolicy.defaults(),
        sleeper,
        Runnable::run,
        () -> 0.5);
  }

  @Test
  void token_callerDescheduledAfterPublishingItsFlight_isWaitedForNotRaced() throws Exception {
    CountDownLatch firstRequest = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    h.transport.onRequest(
        () -> {
          if (h.transport.requests() == 1) {
            firstRequest.countDown();
            try {
              releaseFirst.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        });
    TokenService service = service();
    TokenSource source = service.source(ENTERPRISE);
    // A starts the one flight; its request is held.
    Future<AccessToken> a = threads.submit(source::token);
    assertThat(firstRequest.await(10, TimeUnit.SECONDS)).isTrue();
    // X read the empty entry and parks before looking at the flight.
    Future<AccessToken> x =
        threads.submit(
            () -> {
              ticker.register("X", 2, 3);
              return source.token();
            });
    assertThat(ticker.arrived("X", 2).await(10, TimeUnit.SECONDS)).isTrue();
    // A's flight lands: the cache holds a fresh token, no flight is in progress.
    releaseFirst.countDown();
    AccessToken cached = a.get(10, TimeUnit.SECONDS);
    // X publishes a flight (it read no token) and parks inside it, before its re-check.
    ticker.gate("X", 2).countDown();
    assertThat(ticker.arrived("X", 3).await(10, TimeUnit.SECONDS)).isTrue();
    // Y meanwhile is served the cached token at once: a published flight never hides it.
    assertThat(source.token()).isSameAs(cached);
    ticker.gate("X", 3).countDown();

    // X's flight re-checks after claiming and lands the cached token without a request.
    assertThat(x.get(10, TimeUnit.SECONDS)).isSameAs(cached);
    assertThat(h.transport.requests()).as("token requests with a fresh token cached").isEqualTo(1);
  }

  @Test
  void token_twoCallersRefillingAnUnusableToken_makeOneRequest() throws Exception {
    TokenService service = service();
    TokenSource source = service.source(ENTERPRISE);
    AccessToken first = source.token();
    h.advance(Duration.ofMinutes(59).plusSeconds(30)); // unusable: inside the expiry margin
    // X publishes its flight and parks inside it before requesting.
    Future<AccessToken> x =
        threads.submit(
            () -> {
              ticker.register("X", 3);
              return source.token();
            });
    assertThat(ticker.arrived("X", 3).await(10, TimeUnit.SECONDS)).isTrue();
    // Y finds X's flight: it must wait for it, not run it too.
    Future<AccessToken> yResult =
        threads.submit(
            () -> {
              y = Thread.currentThread();
              return source.token();
            });
    assertThat(yWaiting.await(10, TimeUnit.SECONDS)).isTrue();
    ticker.gate("X", 3).countDown();
    AccessToken fromX = x.get(10, TimeUnit.SECONDS);
    AccessToken fromY = yResult.get(10, TimeUnit.SECONDS);

    assertThat(fromY.value()).isNotEqualTo(first.value());
    assertThat(fromX).isSameAs(fromY);
    assertThat(h.transport.requests()).as("the first token, then one refill").isEqualTo(2);
  }
}
