package dev.boxauth.service;

import static dev.boxauth.service.Harness.ENTERPRISE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.EndpointUnavailableException;
import dev.boxauth.port.TokenSource;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, finding 6: after {@code close()} usable tokens are served without allocation and
 * without touching the refresh pool, nothing is requested, and a pool that rejects a refresh never
 * breaks a caller that already took that refresh over. On the first release each stale read after
 * close allocated a RejectedExecutionException (4.2 KB here) and called the pool, a blocking caller
 * still requested a token, and the rejection clean-up cancelled a flight another caller ran: an
 * untyped CancellationException escaped and a third request followed.
 */
class CloseTest {
  private final Harness h = new Harness();
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void tearDown() {
    threads.shutdownNow();
    h.close();
  }

  @Test
  void token_afterCloseInTheStaleWindow_allocatesNothingAndNeverTouchesThePool() {
    AtomicInteger executes = new AtomicInteger();
    h.executor =
        task -> {
          executes.incrementAndGet();
          throw new RejectedExecutionException("shut down");
        };
    TokenSource source = h.service().source(ENTERPRISE);
    AccessToken token = source.token();
    h.service().close();
    h.advance(Duration.ofMinutes(56)); // stale, still usable
    var threadBean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (int i = 0; i < 20_000; i++) { // warm up so the JIT has compiled the path
      source.token();
    }
    long tid = Thread.currentThread().getId();

    long before = threadBean.getThreadAllocatedBytes(tid);
    for (int i = 0; i < 10_000; i++) {
      source.token();
    }
    long allocated = threadBean.getThreadAllocatedBytes(tid) - before;

    assertThat(source.token()).isSameAs(token);
    assertThat(executes.get()).as("refresh pool calls").isZero();
    assertThat(allocated).as("bytes for 10,000 stale reads after close").isLessThan(4_096);
  }

  /** Found by the property tests: a refresh queued before close() ran after it. */
  @Test
  void refresh_queuedBeforeCloseAndRunAfter_requestsNothing() {
    h.executor = h.manualExecutor;
    TokenSource source = h.service().source(ENTERPRISE);
    AccessToken token = source.token();
    h.advance(Duration.ofMinutes(56));
    source.token(); // stale: queues a refresh
    h.service().close();

    h.manualExecutor.runAll();

    assertThat(h.transport.requests()).isEqualTo(1);
    assertThat(source.token()).isSameAs(token);
  }

  @Test
  void token_afterCloseOnceUnusable_failsTypedWithoutRequest() {
    TokenSource source = h.service().source(ENTERPRISE);
    source.token();
    h.service().close();
    h.advance(Duration.ofMinutes(59).plusSeconds(30));

    assertThatThrownBy(source::token)
        .isInstanceOf(EndpointUnavailableException.class)
        .hasMessageContaining("closed");
    assertThat(h.transport.requests()).isEqualTo(1);
  }

  @Test
  void refreshAhead_whenThePoolRejectsAfterACallerTookTheRefreshOver_thatCallerGetsItsToken()
      throws Exception {
    CountDownLatch xInRequest = new CountDownLatch(1);
    CountDownLatch releaseX = new CountDownLatch(1);
    AtomicReference<Future<Object>> x = new AtomicReference<>();
    TokenSource[] source = new TokenSource[1];
    h.executor =
        task -> {
          // While the refresh is being queued, X finds the token unusable and runs it itself.
          h.advance(Duration.ofMinutes(3).plusSeconds(30));
          x.set(
              threads.submit(
                  () -> {
                    try {
                      return (Object) source[0].token();
                    } catch (RuntimeException e) {
                      return e;
                    }
                  }));
          try {
            xInRequest.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
          throw new RejectedExecutionException("the pool is full");
        };
    source[0] = h.service().source(ENTERPRISE);
    source[0].token();
    h.transport.onRequest(
        () -> {
          if (h.transport.requests() == 2) {
            xInRequest.countDown();
            try {
              releaseX.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        });
    h.advance(Duration.ofMinutes(56));

    source[0].token(); // stale: queues a refresh; the pool rejects it after X took it over
    releaseX.countDown();
    Object fromX = x.get().get(10, TimeUnit.SECONDS);

    assertThat(fromX).isInstanceOf(AccessToken.class);
    assertThat(source[0].token()).isSameAs(fromX);
    assertThat(h.transport.requests()).isEqualTo(2);
  }
}
