package dev.boxauth.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * What the emulator does to one token request instead of (or before) answering it normally.
 * Schedule faults with {@link Faults#schedule(Fault...)} or decide per request with {@link
 * Faults#script(Faults.Script)}; the {@code ...Next} methods of {@link Faults} are shorthands.
 *
 * <p>Every fault that answers without validating ({@link #rateLimit}, {@link #status}, {@link
 * #html}, {@link #drop}) still burns the {@code jti} of a readable JWT assertion: the request
 * reached the server, so a retry must carry a new assertion, as with Box.
 *
 * <p>Immutable.
 */
public final class Fault {
  enum Kind {
    NONE,
    RATE_LIMIT,
    RATE_LIMIT_HTTP_DATE,
    STATUS,
    HTML,
    DROP,
    TRUNCATE,
    DELAY
  }

  private static final Fault NONE = new Fault(Kind.NONE, Duration.ZERO, 0);
  private static final Fault DROP = new Fault(Kind.DROP, Duration.ZERO, 0);
  private static final Fault TRUNCATE = new Fault(Kind.TRUNCATE, Duration.ZERO, 0);

  final Kind kind;
  final Duration duration;
  final int status;

  private Fault(Kind kind, Duration duration, int status) {
    this.kind = kind;
    this.duration = duration;
    this.status = status;
  }

  /** No fault: the request is answered normally (a gap in a schedule). */
  public static Fault none() {
    return NONE;
  }

  /**
   * HTTP 429 with {@code Retry-After: <seconds>} (rounded up) and Box's {@code rate_limit_exceeded}
   * body.
   *
   * @param retryAfter zero or more
   */
  public static Fault rateLimit(Duration retryAfter) {
    return new Fault(Kind.RATE_LIMIT, nonNegative(retryAfter, "retryAfter"), 429);
  }

  /**
   * HTTP 429 with {@code Retry-After} as an HTTP-date: the emulator's clock plus {@code
   * retryAfter}, rounded up to the second (RFC 9110 §10.2.3).
   *
   * @param retryAfter zero or more
   */
  public static Fault rateLimitWithHttpDate(Duration retryAfter) {
    return new Fault(Kind.RATE_LIMIT_HTTP_DATE, nonNegative(retryAfter, "retryAfter"), 429);
  }

  /**
   * A server error: {@code status} with a Box-style JSON error body.
   *
   * @param status 500 to 599
   * @throws IllegalArgumentException for another status
   */
  public static Fault status(int status) {
    if (status < 500 || status > 599) {
      throw new IllegalArgumentException("status must be 500..599, got " + status);
    }
    return new Fault(Kind.STATUS, Duration.ZERO, status);
  }

  /**
   * An HTML page instead of JSON, as a proxy or load balancer sends it.
   *
   * @param status 200 to 599 (a 200 HTML page is what a captive portal sends)
   */
  public static Fault html(int status) {
    if (status < 200 || status > 599) {
      throw new IllegalArgumentException("status must be 200..599, got " + status);
    }
    return new Fault(Kind.HTML, Duration.ZERO, status);
  }

  /** The connection is closed after the request is read, without any reply. */
  public static Fault drop() {
    return DROP;
  }

  /**
   * The request is processed normally (a token may be issued, a jti burned), but only the headers
   * and the first half of the body are sent before the connection closes.
   */
  public static Fault truncate() {
    return TRUNCATE;
  }

  /**
   * The reply is held back for {@code delay}, then the request is processed normally. Adds to
   * {@link Faults#delay(Duration)}.
   */
  public static Fault delay(Duration delay) {
    return new Fault(Kind.DELAY, nonNegative(delay, "delay"), 0);
  }

  private static Duration nonNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, got " + d);
    }
    return d;
  }

  @Override
  public String toString() {
    switch (kind) {
      case RATE_LIMIT:
      case RATE_LIMIT_HTTP_DATE:
      case DELAY:
        return "Fault[" + kind + " " + duration + "]";
      case STATUS:
      case HTML:
        return "Fault[" + kind + " " + status + "]";
      default:
        return "Fault[" + kind + "]";
    }
  }
}
