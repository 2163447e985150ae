package dev.boxauth.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * Box answered 429. {@link #retryAfter()} is how long it asked to wait (zero if it did not say).
 */
public final class RateLimitedException extends AuthException {
  private static final long serialVersionUID = 1L;

  private final Duration retryAfter;

  /**
   * @param retryAfter the wait Box asked for, {@link Duration#ZERO} if none
   */
  public RateLimitedException(Duration retryAfter) {
    super(
        "Box rate-limited the token request (HTTP 429"
            + (Objects.requireNonNull(retryAfter, "retryAfter").isZero()
                ? ")"
                : ", retry after " + retryAfter.toSeconds() + " s)"),
        "request tokens less often: share one BoxAuth per process and a Redis token store across a fleet",
        null);
    this.retryAfter = retryAfter;
  }

  /** The wait Box asked for; zero if it gave none. */
  public Duration retryAfter() {
    return retryAfter;
  }

  @Override
  public boolean isTransient() {
    return true;
  }
}
