package dev.boxauth.service;

import java.time.Duration;
import java.util.Objects;

/**
 * How the {@link TokenService} caches, refreshes and retries. Immutable; made by a {@link Builder}
 * whose {@link Builder#build()} validates every value together:
 *
 * <pre>{@code
 * TokenPolicy policy = TokenPolicy.builder().deadline(Duration.ofSeconds(20)).maxAttempts(3).build();
 * TokenPolicy tighter = policy.toBuilder().expiryMargin(Duration.ofMinutes(2)).build();
 * }</pre>
 */
public final class TokenPolicy {
  private static final TokenPolicy DEFAULTS = new Builder().build();

  private final Duration refreshMargin;
  private final Duration refreshJitter;
  private final Duration expiryMargin;
  private final Duration deadline;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration refreshCooldown;

  private TokenPolicy(Builder b) {
    this.refreshMargin = b.refreshMargin;
    this.refreshJitter = b.refreshJitter;
    this.expiryMargin = b.expiryMargin;
    this.deadline = b.deadline;
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.refreshCooldown = b.refreshCooldown;
  }

  /**
   * Box tokens live about an hour: refresh 5 min (plus up to 1 min jitter) ahead, never serve one
   * with under 1 min left, give up on a token after 30 s and 5 attempts, back off from 250 ms
   * doubling to 8 s, wait 10 s after a failed background refresh.
   */
  public static TokenPolicy defaults() {
    return DEFAULTS;
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this policy's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Refresh in the background once less than this (plus jitter) is left. */
  public Duration refreshMargin() {
    return refreshMargin;
  }

  /** A random extra of up to this much per token, so that a fleet's refreshes spread out. */
  public Duration refreshJitter() {
    return refreshJitter;
  }

  /** Never hand out a token with less than this left; callers block for a new one. */
  public Duration expiryMargin() {
    return expiryMargin;
  }

  /** The most one {@code token()} call spends getting a token, retries and waits included. */
  public Duration deadline() {
    return deadline;
  }

  /** The most token requests per {@code token()} call. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The first wait after a 5xx or network failure; doubles per attempt. */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /** The cap on that wait. */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /** After a failed background refresh, the wait before the next one. */
  public Duration refreshCooldown() {
    return refreshCooldown;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TokenPolicy p
        && refreshMargin.equals(p.refreshMargin)
        && refreshJitter.equals(p.refreshJitter)
        && expiryMargin.equals(p.expiryMargin)
        && deadline.equals(p.deadline)
        && maxAttempts == p.maxAttempts
        && initialBackoff.equals(p.initialBackoff)
        && maxBackoff.equals(p.maxBackoff)
        && refreshCooldown.equals(p.refreshCooldown);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        refreshMargin,
        refreshJitter,
        expiryMargin,
        deadline,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        refreshCooldown);
  }

  @Override
  public String toString() {
    return "TokenPolicy[refreshMargin="
        + refreshMargin
        + ", refreshJitter="
        + refreshJitter
        + ", expiryMargin="
        + expiryMargin
        + ", deadline="
        + deadline
        + ", maxAttempts="
        + maxAttempts
        + ", initialBackoff="
        + initialBackoff
        + ", maxBackoff="
        + maxBackoff
        + ", refreshCooldown="
        + refreshCooldown
        + "]";
  }

  /** Sets a policy's values one by one; {@link #build()} checks them. Not thread-safe. */
  public static final class Builder {
    private Duration refreshMargin = Duration.ofMinutes(5);
    private Duration refreshJitter = Duration.ofMinutes(1);
    private Duration expiryMargin = Duration.ofMinutes(1);
    private Duration deadline = Duration.ofSeconds(30);
    private int maxAttempts = 5;
    private Duration initialBackoff = Duration.ofMillis(250);
    private Duration maxBackoff = Duration.ofSeconds(8);
    private Duration refreshCooldown = Duration.ofSeconds(10);

    private Builder() {}

    private Builder(TokenPolicy p) {
      refreshMargin = p.refreshMargin;
      refreshJitter = p.refreshJitter;
      expiryMargin = p.expiryMargin;
      deadline = p.deadline;
      maxAttempts = p.maxAttempts;
      initialBackoff = p.initialBackoff;
      maxBackoff = p.maxBackoff;
      refreshCooldown = p.refreshCooldown;
    }

    /** Refresh in the background once less than this (plus jitter) is left; positive. */
    public Builder refreshMargin(Duration refreshMargin) {
      this.refreshMargin = refreshMargin;
      return this;
    }

    /** Up to this much random extra lead per token; zero or more. */
    public Builder refreshJitter(Duration refreshJitter) {
      this.refreshJitter = refreshJitter;
      return this;
    }

    /** Never serve a token with less than this left; positive, at most the refresh margin. */
    public Builder expiryMargin(Duration expiryMargin) {
      this.expiryMargin = expiryMargin;
      return this;
    }

    /** The most one {@code token()} call spends; positive. */
    public Builder deadline(Duration deadline) {
      this.deadline = deadline;
      return this;
    }

    /** The most token requests per {@code token()} call; at least 1. */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** The first backoff and its cap; both positive, the first at most the cap. */
    public Builder backoff(Duration initialBackoff, Duration maxBackoff) {
      this.initialBackoff = initialBackoff;
      this.maxBackoff = maxBackoff;
      return this;
    }

    /** The wait after a failed background refresh; zero or more. */
    public Builder refreshCooldown(Duration refreshCooldown) {
      this.refreshCooldown = refreshCooldown;
      return this;
    }

    /**
     * The policy.
     *
     * @throws NullPointerException if a value was set to null
     * @throws IllegalArgumentException naming the first value out of range
     */
    public TokenPolicy build() {
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
        throw new IllegalArgumentException(
            "expiryMargin ("
                + expiryMargin
                + ") must not exceed refreshMargin ("
                + refreshMargin
                + ")");
      }
      if (initialBackoff.compareTo(maxBackoff) > 0) {
        throw new IllegalArgumentException(
            "initialBackoff ("
                + initialBackoff
                + ") must not exceed maxBackoff ("
                + maxBackoff
                + ")");
      }
      return new TokenPolicy(this);
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
}
