package dev.boxauth.service;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.AuthException;
import dev.boxauth.domain.ClientCredentials;
import dev.boxauth.domain.DeadlineExceededException;
import dev.boxauth.domain.EndpointUnavailableException;
import dev.boxauth.domain.Grant;
import dev.boxauth.domain.GrantRejectedException;
import dev.boxauth.domain.KeyException;
import dev.boxauth.domain.RateLimitedException;
import dev.boxauth.domain.Secret;
import dev.boxauth.port.Ticker;
import dev.boxauth.port.TokenEvent;
import dev.boxauth.port.TokenReply;
import dev.boxauth.port.TokenTransport;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Sends requests to Box's token endpoint and retries them by policy: Box's {@code exp} rejection as
 * long as each rejection teaches a new clock offset; a reused {@code jti} once; 429 after its
 * {@code Retry-After}; 5xx and network failures with exponential backoff and jitter. Every attempt
 * has a fresh assertion. Attempts and one deadline (a ticker reading) bound it all; a wait that
 * would end past the deadline is not started. Learns Box's clock from Box's own replies.
 *
 * <p>Interruption: a wait or a request that was interrupted ends the loop with {@link Interrupted}
 * and the thread's flag set. Thread-safe.
 */
final class TokenRequester {
  private final TokenTransport transport;
  private final ServerClock serverClock;
  private final Ticker ticker;
  private final Sleeper sleeper;
  private final TokenPolicy policy;
  private final DoubleSupplier random;
  private final Events events;
  private final AtomicBoolean offsetIgnoredReported = new AtomicBoolean();

  TokenRequester(
      TokenTransport transport,
      ServerClock serverClock,
      Ticker ticker,
      Sleeper sleeper,
      TokenPolicy policy,
      DoubleSupplier random,
      Events events) {
    this.transport = transport;
    this.serverClock = serverClock;
    this.ticker = ticker;
    this.sleeper = sleeper;
    this.policy = policy;
    this.random = random;
    this.events = events;
  }

  /** Requests made so far by one call; shared with the caller for events and messages. */
  static final class Attempts {
    int count;
  }

  /**
   * A token and the ticker reading when the request that got it left (its lifetime starts there).
   */
  record Issued(AccessToken token, long sentAt) {}

  /**
   * What a request for one cache key does around its attempts: keep the fleet lease and honour and
   * share Box's {@code Retry-After}. {@link #NONE} for requests of no key (downscope, revoke).
   */
  interface Guard {
    Guard NONE =
        new Guard() {
          @Override
          public Duration beforeAttempt() {
            return Duration.ZERO;
          }

          @Override
          public void beforeWait() {}

          @Override
          public void rateLimited(Duration retryAfter) {}

          @Override
          public long maxWaitNanos() {
            return Long.MAX_VALUE;
          }
        };

    /**
     * Before each attempt. Returns how long Box asked the fleet to wait before sending (zero to
     * go).
     *
     * @throws LeaseLost if another process took over the request
     */
    Duration beforeAttempt();

    /**
     * Before each stretch of waiting (at most {@link #maxWaitNanos()} long).
     *
     * @throws LeaseLost if another process took over the request
     */
    void beforeWait();

    /** Box answered 429 with this {@code Retry-After}. */
    void rateLimited(Duration retryAfter);

    long maxWaitNanos();
  }

  /** Another process took the lease over: it requests the token now. */
  static final class LeaseLost extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LeaseLost() {
      super("lease lost", null, false, false);
    }
  }

  /**
   * Exchanges grants for a token, retrying by policy.
   *
   * @param operation names it in events: a cache key's canonical form, or {@code downscope}
   * @param grantFor makes a fresh grant for Box's current time
   * @param deadline ticker reading by which to give up
   * @throws AuthException typed, the last failure or {@link DeadlineExceededException}
   * @throws Interrupted if the thread was interrupted
   * @throws LeaseLost from {@code guard}
   */
  Issued exchange(
      String operation,
      Function<Instant, Grant> grantFor,
      long deadline,
      Attempts attempts,
      Guard guard) {
    return withRetries(operation, deadline, attempts, guard, () -> exchangeOnce(grantFor));
  }

  /** Revokes a token at Box (RFC 7009), retrying by policy. */
  void revoke(ClientCredentials client, Secret token, long deadline) {
    withRetries(
        "revoke",
        deadline,
        new Attempts(),
        Guard.NONE,
        () -> {
          try {
            transport.revoke(client, token);
          } catch (AuthException e) {
            throw e;
          } catch (RuntimeException e) {
            throw unexpected("revoke", e);
          }
          if (Thread.currentThread().isInterrupted()) {
            throw new Interrupted();
          }
          return null;
        });
  }

  private Issued exchangeOnce(Function<Instant, Grant> grantFor) {
    Grant grant;
    try {
      grant = grantFor.apply(serverClock.now());
    } catch (AuthException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new KeyException(
          KeyException.Problem.SIGNING_FAILED,
          "the grant source",
          "making the grant failed with " + e.getClass().getSimpleName(),
          e);
    }
    long sentAt = ticker.nanos();
    TokenReply reply;
    try {
      reply = transport.exchange(grant);
    } catch (AuthException e) {
      throw e;
    } catch (RuntimeException e) {
      throw unexpected("token request", e);
    }
    if (reply == null) {
      throw unexpected("token request", new NullPointerException("the transport replied null"));
    }
    long receivedAt = ticker.nanos();
    if (reply.fromBox() && reply.serverDate() != null) {
      learn(sentAt, receivedAt, reply.serverDate());
    }
    if (reply instanceof TokenReply.Issued issued) {
      // Even if this thread was interrupted meanwhile: the token is good, let it land.
      return new Issued(issued.token(), sentAt);
    }
    if (Thread.currentThread().isInterrupted()) {
      throw new Interrupted();
    }
    throw ((TokenReply.Refused) reply).error();
  }

  private void learn(long sentAt, long receivedAt, Instant serverDate) {
    switch (serverClock.learn(sentAt, receivedAt, serverDate)) {
      case OFFSET -> events.emit(new TokenEvent.ClockOffsetLearned(serverClock.offset()));
      case IGNORED -> {
        if (offsetIgnoredReported.compareAndSet(false, true)) {
          events.emit(
              new TokenEvent.ClockOffsetIgnored(serverClock.lastIgnored(), ServerClock.BOUND));
        }
      }
      case NOTHING -> {}
    }
  }

  private <T> T withRetries(
      String operation, long deadline, Attempts attempts, Guard guard, Supplier<T> attempt) {
    boolean jtiRetried = false;
    while (true) {
      Duration holdOff = guard.beforeAttempt();
      if (!holdOff.isZero()) {
        // Another process (or an earlier call) was told by Box to wait: honour it first.
        if (ticker.nanos() + holdOff.toNanos() - deadline >= 0) {
          throw new DeadlineExceededException(
              "gave up on "
                  + operation
                  + " (Box asked to wait "
                  + holdOff.toSeconds()
                  + " s more before the next request, past the deadline)",
              policy.deadline(),
              attempts.count,
              new RateLimitedException(holdOff));
        }
        pause(holdOff, guard);
        continue;
      }
      attempts.count++;
      int generation = serverClock.generation();
      AuthException failure;
      try {
        return attempt.get();
      } catch (AuthException e) {
        failure = e;
      }
      Duration delay = null;
      if (failure instanceof GrantRejectedException rejected) {
        if (rejected.reason() == GrantRejectedException.Reason.CLOCK_SKEW
            && serverClock.generation() != generation) {
          // The rejection's Date taught a new offset: the next assertion's exp uses it.
          delay = Duration.ZERO;
        } else if (rejected.reason() == GrantRejectedException.Reason.JTI_REUSED && !jtiRetried) {
          jtiRetried = true;
          delay = Duration.ZERO;
        }
      } else if (failure instanceof RateLimitedException limited) {
        if (limited.retryAfter().isZero()) {
          delay = backoff(attempts.count);
        } else {
          guard.rateLimited(limited.retryAfter());
          delay = limited.retryAfter();
        }
      } else if (failure.isTransient()) {
        delay = backoff(attempts.count);
      }
      if (delay == null || attempts.count >= policy.maxAttempts()) {
        throw failure;
      }
      if (ticker.nanos() + delay.toNanos() - deadline >= 0) {
        throw new DeadlineExceededException(
            "gave up on " + operation + " (the next attempt would be after the deadline)",
            policy.deadline(),
            attempts.count,
            failure);
      }
      events.emit(new TokenEvent.Retrying(operation, attempts.count, failure, delay));
      pause(delay, guard);
    }
  }

  /** Exponential backoff with "equal jitter": half fixed, half random, capped. */
  private Duration backoff(int attempt) {
    long base = policy.initialBackoff().toNanos() << Math.min(attempt - 1, 20);
    long capped = Math.min(base, policy.maxBackoff().toNanos());
    return Duration.ofNanos(capped / 2 + (long) (random.getAsDouble() * (capped / 2)));
  }

  /** Waits {@code d} in stretches the guard allows, keeping its lease between them. */
  private void pause(Duration d, Guard guard) {
    long left = d.toNanos();
    while (left > 0) {
      long stretch = Math.min(left, guard.maxWaitNanos());
      guard.beforeWait();
      sleep(sleeper, Duration.ofNanos(stretch));
      left -= stretch;
    }
  }

  /** Sleeps; an interrupt ends the request with the thread's flag kept. */
  static void sleep(Sleeper sleeper, Duration d) {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Interrupted();
    }
  }

  static EndpointUnavailableException unexpected(String what, Throwable e) {
    return new EndpointUnavailableException(
        0, "the " + what + " failed unexpectedly with " + e.getClass().getName(), false, e);
  }
}
