package dev.boxauth.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults the emulator injects into token requests ({@code POST /oauth2/token}), in this order: the
 * queue filled by {@link #schedule(Fault...)} and the {@code ...Next} methods (one fault per
 * request, first in first out); when it is empty, the {@link #script(Script)}; then, on top, the
 * {@link #delay(Duration)} applied to every token request.
 *
 * <p>API calls ({@code /2.0/...}) have one fault of their own, {@link #rejectNextApiCalls(int)}: a
 * token revoked behind the client's back.
 *
 * <p>Revocation ({@code POST /oauth2/revoke}) is never faulted or delayed, so a test can always
 * clean up. Thread-safe: concurrent requests each take a different queued fault.
 */
public final class Faults {

  /** Decides the fault of one token request when no scheduled fault is queued. */
  @FunctionalInterface
  public interface Script {
    /**
     * @param requestNumber 1 for the first token request since start or the last reset
     * @param grantType the request's grant
     * @return the fault, or {@link Fault#none()}
     */
    Fault next(long requestNumber, BoxEmulator.GrantType grantType);
  }

  private final ConcurrentLinkedQueue<Fault> queue = new ConcurrentLinkedQueue<>();
  private volatile Script script;
  private volatile Duration delay = Duration.ZERO;
  private final AtomicInteger apiRejections = new AtomicInteger();

  Faults() {}

  /**
   * The next {@code n} API calls that carry a live token revoke that token and are answered 401 as
   * Box answers a revoked token: a token revoked behind the client's back (by another process, an
   * admin, a password change). Later calls with the same token are refused too; a client that
   * fetches a new token recovers. Calls without a live token don't use up a rejection.
   *
   * @return this
   */
  public Faults rejectNextApiCalls(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must not be negative, got " + n);
    }
    apiRejections.addAndGet(n);
    return this;
  }

  /** How many API calls {@link #rejectNextApiCalls(int)} will still reject. */
  public int pendingApiRejections() {
    return apiRejections.get();
  }

  /**
   * The next {@code n} token requests get HTTP 429 with {@code Retry-After} in seconds.
   *
   * @return this
   */
  public Faults rateLimitNext(int n, Duration retryAfter) {
    return repeat(n, Fault.rateLimit(retryAfter));
  }

  /**
   * The next {@code n} token requests get HTTP 429 with {@code Retry-After} as an HTTP-date.
   *
   * @return this
   */
  public Faults rateLimitNextWithHttpDate(int n, Duration retryAfter) {
    return repeat(n, Fault.rateLimitWithHttpDate(retryAfter));
  }

  /**
   * The next {@code n} token requests get this 5xx status with a JSON error body.
   *
   * @param status 500 to 599
   * @return this
   */
  public Faults failNext(int n, int status) {
    return repeat(n, Fault.status(status));
  }

  /**
   * The next {@code n} token requests get an HTML page with this status.
   *
   * @return this
   */
  public Faults htmlNext(int n, int status) {
    return repeat(n, Fault.html(status));
  }

  /**
   * The next {@code n} token requests are read, then their connection is closed without a reply.
   *
   * @return this
   */
  public Faults dropNext(int n) {
    return repeat(n, Fault.drop());
  }

  /**
   * The next {@code n} token requests are processed, but their reply is cut off mid-body.
   *
   * @return this
   */
  public Faults truncateNext(int n) {
    return repeat(n, Fault.truncate());
  }

  /**
   * The next {@code n} token requests are answered normally after {@code delay}.
   *
   * @return this
   */
  public Faults delayNext(int n, Duration delay) {
    return repeat(n, Fault.delay(delay));
  }

  /**
   * Delays every token request by {@code delay} (on top of any scheduled fault) until changed;
   * {@link Duration#ZERO} stops it.
   *
   * @return this
   */
  public Faults delay(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative, got " + delay);
    }
    this.delay = delay;
    return this;
  }

  /**
   * Appends faults for the following token requests, one each, in order; {@link Fault#none()} lets
   * a request through.
   *
   * @return this
   */
  public Faults schedule(Fault... faults) {
    Objects.requireNonNull(faults, "faults");
    for (Fault f : faults) {
      queue.add(Objects.requireNonNull(f, "fault"));
    }
    return this;
  }

  /**
   * Consults {@code script} for every token request that finds no scheduled fault; null removes it.
   * The script runs on the request's thread, possibly on several threads at once.
   *
   * @return this
   */
  public Faults script(Script script) {
    this.script = script;
    return this;
  }

  /** How many scheduled faults are still waiting for a request. */
  public int pending() {
    return queue.size();
  }

  /** Removes every scheduled fault, the script, the delay and pending API rejections. */
  public void reset() {
    apiRejections.set(0);
    queue.clear();
    script = null;
    delay = Duration.ZERO;
  }

  Fault next(long requestNumber, BoxEmulator.GrantType grantType) {
    Fault f = queue.poll();
    if (f != null) {
      return f;
    }
    Script s = script;
    if (s == null) {
      return Fault.none();
    }
    Fault decided = s.next(requestNumber, grantType);
    return decided == null ? Fault.none() : decided;
  }

  /** True if this API call is to be rejected: takes one pending rejection. */
  boolean takeApiRejection() {
    return apiRejections.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
  }

  Duration everyRequestDelay() {
    return delay;
  }

  private Faults repeat(int n, Fault fault) {
    if (n < 0) {
      throw new IllegalArgumentException("n must not be negative, got " + n);
    }
    for (int i = 0; i < n; i++) {
      queue.add(fault);
    }
    return this;
  }

  @Override
  public String toString() {
    return "Faults[pending="
        + queue.size()
        + ", delay="
        + delay
        + ", script="
        + (script != null)
        + ", apiRejections="
        + apiRejections.get()
        + "]";
  }
}
