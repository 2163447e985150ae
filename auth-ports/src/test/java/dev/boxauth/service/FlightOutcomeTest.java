package dev.boxauth.service;

import static dev.boxauth.service.Harness.ENTERPRISE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.DeadlineExceededException;
import dev.boxauth.domain.EndpointUnavailableException;
import dev.boxauth.port.Ticker;
import dev.boxauth.port.TokenReply;
import dev.boxauth.port.TokenSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 11, findings 4 and 5: how a flight ends when its runner is interrupted or hits an {@link
 * Error}. The flight is abandoned, its waiters start over (one of them runs a new one), and only
 * the runner fails. On the first release an interrupted runner failed every waiter with
 * "interrupted", and an Error between publishing a flight and running it left the key stuck for
 * good.
 */
class FlightOutcomeTest {
  private final Harness h = new Harness();
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final CountDownLatch bWaiting = new CountDownLatch(1);
  private volatile Thread b;

  @AfterEach
  void tearDown() {
    threads.shutdownNow();
    h.close();
  }

  /** Sleeps honour interrupts (as Thread.sleep does) and move fake time; B's wait is signalled. */
  private final Sleeper sleeper =
      new Sleeper() {
        @Override
        public void sleep(Duration d) throws InterruptedException {
          if (Thread.interrupted()) {
            throw new InterruptedException();
          }
          h.advance(d);
        }

        @Override
        public <T> T await(CompletableFuture<T> result, long timeoutNanos)
            throws InterruptedException, ExecutionException, TimeoutException {
          if (Thread.currentThread() == b) {
            bWaiting.countDown();
          }
          return Sleeper.super.await(result, timeoutNanos);
        }
      };

  private TokenService service(Clock clock, Ticker ticker, TokenPolicy policy) {
    return new TokenService(
        h.grants,
        h.transport,
        h.store,
        e -> {},
        clock,
        ticker,
        policy,
        sleeper,
        Runnable::run,
        () -> 0.5);
  }

  private Future<Object> call(TokenSource source, boolean isB, AtomicBoolean interruptFlag) {
    return threads.submit(
        () -> {
          if (isB) {
            b = Thread.currentThread();
          }
          try {
            return (Object) source.token();
          } catch (RuntimeException | Error e) {
            if (interruptFlag != null) {
              interruptFlag.set(Thread.currentThread().isInterrupted());
            }
            return e;
          }
        });
  }

  @Test
  void token_whenTheRunnerIsInterrupted_onlyItFailsAndTheWaiterGetsAToken() throws Exception {
    CountDownLatch inRequest = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    h.transport.then(
        g -> {
          inRequest.countDown();
          try {
            never.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // as OkHttp leaves it
          }
          return new TokenReply.Refused(
              new EndpointUnavailableException(0, "interrupted", true, null), null, false);
        });
    TokenSource source = service(h.clock, h.ticker, TokenPolicy.defaults()).source(ENTERPRISE);
    AtomicBoolean aFlag = new AtomicBoolean();
    Thread[] aThread = new Thread[1];
    Future<Object> a =
        threads.submit(
            () -> {
              aThread[0] = Thread.currentThread();
              try {
                return (Object) source.token();
              } catch (RuntimeException e) {
                aFlag.set(Thread.currentThread().isInterrupted());
                return e;
              }
            });
    assertThat(inRequest.await(10, TimeUnit.SECONDS)).isTrue();
    Future<Object> bResult = call(source, true, null);
    assertThat(bWaiting.await(10, TimeUnit.SECONDS)).isTrue();

    aThread[0].interrupt();

    assertThat(bResult.get(10, TimeUnit.SECONDS)).as("the waiter").isInstanceOf(AccessToken.class);
    assertThat(a.get(10, TimeUnit.SECONDS))
        .as("the interrupted runner")
        .isInstanceOf(DeadlineExceededException.class);
    assertThat(aFlag.get()).as("the runner's interrupt flag").isTrue();
    assertThat(h.transport.requests()).isEqualTo(2);
  }

  @Test
  void token_whenAWaiterIsInterrupted_onlyItFailsAndTheFlightGoesOn() throws Exception {
    CountDownLatch inRequest = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    h.transport.onRequest(
        () -> {
          inRequest.countDown();
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    TokenSource source = service(h.clock, h.ticker, TokenPolicy.defaults()).source(ENTERPRISE);
    Future<Object> a = call(source, false, null);
    assertThat(inRequest.await(10, TimeUnit.SECONDS)).isTrue();
    AtomicBoolean bFlag = new AtomicBoolean();
    Future<Object> bResult = call(source, true, bFlag);
    assertThat(bWaiting.await(10, TimeUnit.SECONDS)).isTrue();

    b.interrupt();
    assertThat(bResult.get(10, TimeUnit.SECONDS)).isInstanceOf(DeadlineExceededException.class);
    release.countDown();

    assertThat(bFlag.get()).isTrue();
    assertThat(a.get(10, TimeUnit.SECONDS)).isInstanceOf(AccessToken.class);
    assertThat(h.transport.requests()).isEqualTo(1);
  }

  @Test
  void token_whenTheRunnerHitsAnError_theWaiterStartsOverAndGetsAToken() throws Exception {
    CountDownLatch inRequest = new CountDownLatch(1);
    CountDownLatch bIsWaiting = bWaiting;
    h.transport.then(
        g -> {
          inRequest.countDown();
          try {
            bIsWaiting.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          throw new OutOfMemoryError("planted");
        });
    TokenSource source = service(h.clock, h.ticker, TokenPolicy.defaults()).source(ENTERPRISE);
    Future<Object> a = call(source, false, null);
    assertThat(inRequest.await(10, TimeUnit.SECONDS)).isTrue();
    Future<Object> bResult = call(source, true, null);

    assertThat(a.get(10, TimeUnit.SECONDS)).as("the runner").isInstanceOf(OutOfMemoryError.class);
    assertThat(bResult.get(10, TimeUnit.SECONDS)).as("the waiter").isInstanceOf(AccessToken.class);
  }

  /** Throws a StackOverflowError at its n-th reading, once. */
  private static final class FailingOnce {
    final AtomicInteger calls = new AtomicInteger();
    final int failAt;

    FailingOnce(int failAt) {
      this.failAt = failAt;
    }

    void maybeFail() {
      if (calls.incrementAndGet() == failAt) {
        throw new StackOverflowError("planted");
      }
    }
  }

  @ParameterizedTest(name = "the wall clock fails at its reading #{0}")
  @ValueSource(ints = {1, 2, 3, 4, 5, 6})
  void token_afterAClockThrewAnError_keyIsNeverStuck(int failAt) {
    FailingOnce failing = new FailingOnce(failAt);
    Clock clock =
        new Clock() {
          @Override
          public Instant instant() {
            failing.maybeFail();
            return h.clock.instant();
          }

          @Override
          public ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(ZoneId zone) {
            return this;
          }
        };
    assertNeverStuck(service(clock, h.ticker, policyWithShortDeadline()));
  }

  @ParameterizedTest(name = "the ticker fails at its reading #{0}")
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
  void token_afterTheTickerThrewAnError_keyIsNeverStuck(int failAt) {
    FailingOnce failing = new FailingOnce(failAt);
    Ticker ticker =
        () -> {
          failing.maybeFail();
          return h.ticker.nanos();
        };
    assertNeverStuck(service(h.clock, ticker, policyWithShortDeadline()));
  }

  private static TokenPolicy policyWithShortDeadline() {
    // If a flight were stuck, the next caller would wait this long (real time) and fail.
    return TokenPolicy.builder().deadline(Duration.ofSeconds(2)).build();
  }

  private void assertNeverStuck(TokenService service) {
    try {
      service.source(ENTERPRISE).token();
    } catch (StackOverflowError expected) {
      // the caller that hit it gets it
    }
    assertThat(service.source(ENTERPRISE).token()).isNotNull();
    assertThat(h.transport.requests()).isBetween(1, 2);
  }
}
