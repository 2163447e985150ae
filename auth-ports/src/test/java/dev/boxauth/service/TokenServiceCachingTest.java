package dev.boxauth.service;

import static dev.boxauth.service.Harness.ENTERPRISE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.Subject;
import dev.boxauth.port.TokenEvent;
import dev.boxauth.port.TokenSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TokenServiceCachingTest {
  private final Harness h = new Harness();

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void token_whenFresh_isServedFromCacheWithoutRequest() {
    TokenSource source = h.service().source(ENTERPRISE);

    AccessToken first = source.token();
    h.advance(Duration.ofMinutes(30));
    AccessToken second = source.token();

    assertThat(second).isSameAs(first);
    assertThat(h.transport.requests()).isEqualTo(1);
  }

  @Test
  void source_forSameSubject_sharesOneToken() {
    AccessToken a = h.service().source(Subject.user("7")).token();
    AccessToken b = h.service().source(Subject.user("7")).token();

    assertThat(b).isSameAs(a);
    assertThat(h.transport.requests()).isEqualTo(1);
  }

  @Test
  void token_whenColdAnd256Threads_makesOneRequestAndAllGetSameToken() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    // Hold the one request open until every thread is waiting on it.
    h.transport.onRequest(
        () -> {
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    TokenSource source = h.service().source(ENTERPRISE);
    int threads = 256;
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<AccessToken>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return source.token();
                }));
      }
      while (h.transport.requests() == 0) {
        Thread.sleep(1);
      }
      Thread.sleep(100); // let the others pile up behind the request
      release.countDown();
      Set<AccessToken> tokens = new HashSet<>();
      for (Future<AccessToken> f : results) {
        tokens.add(f.get(30, TimeUnit.SECONDS));
      }
      assertThat(tokens).hasSize(1);
      assertThat(h.transport.requests()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void token_differentKeys_doNotBlockEachOther() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch blockedStarted = new CountDownLatch(1);
    Subject slow = Subject.user("1");
    h.transport.onRequest(
        () -> {
          if (h.transport.requests() == 1) {
            blockedStarted.countDown();
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        });
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<AccessToken> slowToken = pool.submit(() -> h.service().source(slow).token());
      assertThat(blockedStarted.await(10, TimeUnit.SECONDS)).isTrue();

      AccessToken other = h.service().source(Subject.user("2")).token();

      assertThat(other).isNotNull();
      assertThat(slowToken.isDone()).isFalse();
      release.countDown();
      assertThat(slowToken.get(10, TimeUnit.SECONDS)).isNotEqualTo(other);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void token_insideRefreshMargin_oneCallerRefreshesInBackgroundOthersGetOldTokenAtOnce() {
    h.executor = h.manualExecutor;
    TokenSource source = h.service().source(ENTERPRISE);
    AccessToken old = source.token();
    // Default margins: refresh 5 min + jitter (0.5 x 1 min) before expiry; expiry margin 1 min.
    h.advance(Duration.ofMinutes(60 - 5));

    List<AccessToken> served = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      served.add(source.token());
    }

    assertThat(served).allMatch(t -> t == old);
    assertThat(h.manualExecutor.pending()).isEqualTo(1);
    assertThat(h.transport.requests()).isEqualTo(1);

    h.manualExecutor.runAll();

    AccessToken refreshed = source.token();
    assertThat(refreshed).isNotEqualTo(old);
    assertThat(h.transport.requests()).isEqualTo(2);
    assertThat(h.events(TokenEvent.Issued.class))
        .extracting(TokenEvent.Issued::refreshAhead)
        .containsExactly(false, true);
  }

  @Test
  void token_beforeJitteredRefreshPoint_doesNotRefresh() {
    h.executor = h.manualExecutor;
    TokenSource source = h.service().source(ENTERPRISE);
    source.token();
    // 5 min + 30 s jitter before expiry is the refresh point; 5 min 31 s before is still fresh.
    h.advance(Duration.ofMinutes(54).plusSeconds(29));

    source.token();

    assertThat(h.manualExecutor.pending()).isZero();
  }

  @Test
  void token_insideExpiryMargin_blocksForNewToken() {
    TokenSource source = h.service().source(ENTERPRISE);
    AccessToken old = source.token();
    h.executor = h.manualExecutor;
    h.advance(Duration.ofMinutes(59).plusSeconds(1));

    AccessToken fresh = source.token();

    assertThat(fresh).isNotEqualTo(old);
    assertThat(fresh.expiresAt()).isAfter(h.clock.instant().plus(Duration.ofMinutes(59)));
  }

  @Test
  void token_neverReturnedAtOrAfterExpiry_overManyRandomClockPositions() {
    Random random = new Random(7);
    h.transport.otherwise(
        g ->
            h.transport.issue(
                "tok-" + random.nextInt(), Duration.ofSeconds(1 + random.nextInt(7200))));
    h.random = 0.3;
    TokenSource source = h.service().source(ENTERPRISE);
    for (int i = 0; i < 5_000; i++) {
      h.advance(Duration.ofMillis(random.nextInt(600_000)));
      Instant now = h.clock.instant();

      AccessToken token = source.token();

      assertThat(token.expiresAt()).as("iteration %d", i).isAfter(now);
    }
  }

  @Test
  void token_shortLivedTokens_keepMarginsInsideTheirLifetime() {
    h.transport.lifetime(Duration.ofSeconds(8));
    h.executor = h.manualExecutor;
    TokenSource source = h.service().source(ENTERPRISE);
    AccessToken first = source.token();

    h.advance(Duration.ofSeconds(3));
    assertThat(source.token()).isSameAs(first);
    assertThat(h.manualExecutor.pending()).isZero();

    h.advance(Duration.ofSeconds(2)); // past half the lifetime: stale, still usable
    assertThat(source.token()).isSameAs(first);
    assertThat(h.manualExecutor.pending()).isEqualTo(1);
  }

  @Test
  void token_whenExpiredWhileRefreshStillQueued_callerRunsItAndQueuedTaskDoesNothing() {
    h.executor = h.manualExecutor;
    TokenSource source = h.service().source(ENTERPRISE);
    AccessToken old = source.token();
    h.advance(Duration.ofMinutes(56));
    source.token(); // queues the background refresh; the pool is busy and never runs it
    h.advance(Duration.ofMinutes(3).plusSeconds(30)); // now inside the expiry margin

    AccessToken fresh = source.token();
    h.manualExecutor.runAll();

    assertThat(fresh).isNotEqualTo(old);
    assertThat(source.token()).isSameAs(fresh);
    assertThat(h.transport.requests()).isEqualTo(2);
  }
}
