package dev.boxauth.service;

import java.time.Duration;
import java.util.Objects;

/**
 * How the {@link TokenService} caches, refreshes and retries.
 *
 * @param refreshMargin refresh in the background once less than this (plus jitter) is left
 * @param refreshJitter a random extra of up to this much per token, so a fleet's refreshes spread
 * @param expiryMargin never hand out a token with less than this left; callers block for a new one
 * @param deadline the most one {@code token()} call spends getting a token, retries included
 * @param maxAttempts the most token requests per {@code token()} call
 * @param initialBackoff the first wait after a 5xx or network failure; doubles per attempt
 * @param maxBackoff the cap on that wait
 * @param refreshCooldown after a failed background refresh, the wait before the next one
 */
public record TokenPolicy(
    Duration refreshMargin,
    Duration refreshJitter,
    Duration expiryMargin,
    Duration deadline,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration refreshCooldown) {

  /** Validates every field. */
  public TokenPolicy {
    requirePositive(refreshMargin, "refreshMargin");
    requireNonNegative(refreshJitter, "refreshJitter");
    requirePositive(expiryMargin, "expiryMargin");
    requirePositive(deadline, "deadline");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    requirePositive(initialBackoff, "initialBackoff");
    requirePositive(maxBackoff, "maxBackoff");
    requireNonNegative(refreshCooldown, "refreshCooldown");
    if (expiryMargin.compareTo(refreshMargin) > 0) {
      throw new IllegalArgumentException("expiryMargin must not exceed refreshMargin");
    }
  }

  /**
   * Box tokens live about an hour: refresh 5 min (plus up to 1 min jitter) ahead, never serve one
   * with under 1 min left, give up on a token after 30 s and 5 attempts.
   */
  public static TokenPolicy defaults() {
    return new TokenPolicy(
        Duration.ofMinutes(5),
        Duration.ofMinutes(1),
        Duration.ofMinutes(1),
        Duration.ofSeconds(30),
        5,
        Duration.ofMillis(250),
        Duration.ofSeconds(8),
        Duration.ofSeconds(10));
  }

  /** A copy with another deadline. */
  public TokenPolicy withDeadline(Duration deadline) {
    return new TokenPolicy(
        refreshMargin,
        refreshJitter,
        expiryMargin,
        deadline,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        refreshCooldown);
  }

  /** A copy with another attempt limit. */
  public TokenPolicy withMaxAttempts(int maxAttempts) {
    return new TokenPolicy(
        refreshMargin,
        refreshJitter,
        expiryMargin,
        deadline,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        refreshCooldown);
  }

  /** A copy with other refresh and expiry margins. */
  public TokenPolicy withMargins(
      Duration refreshMargin, Duration refreshJitter, Duration expiryMargin) {
    return new TokenPolicy(
        refreshMargin,
        refreshJitter,
        expiryMargin,
        deadline,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        refreshCooldown);
  }

  /** A copy with another backoff range. */
  public TokenPolicy withBackoff(Duration initialBackoff, Duration maxBackoff) {
    return new TokenPolicy(
        refreshMargin,
        refreshJitter,
        expiryMargin,
        deadline,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        refreshCooldown);
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }

  private static void requireNonNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, got " + d);
    }
  }
}
