package dev.boxauth.service;

import dev.boxauth.domain.AccessToken;

/**
 * A cached token and the ticker readings (nanoseconds, this process's monotonic time) at which it
 * turns stale and unusable. Immutable: a slot swaps whole entries. (Its expiry is not kept: 8 bytes
 * per subject; {@link #expiresBy()} bounds it from above.)
 *
 * @param token what callers get, as is
 * @param staleAt from here on it is still served while one background refresh runs
 * @param usableUntil from here on it is never served; callers wait for a new one
 */
record Entry(AccessToken token, long staleAt, long usableUntil) {

  /**
   * The entry for {@code token}, expiring at ticker reading {@code expiresAt}.
   *
   * @param jitter a random number in [0, 1) that spreads refreshes out
   */
  static Entry of(AccessToken token, long expiresAt, TokenPolicy policy, double jitter) {
    long lifetime = token.lifetime().toNanos();
    // Margins meant for hour-long tokens must not swallow a short-lived one whole.
    long expiryMargin = Math.min(policy.expiryMargin().toNanos(), lifetime / 4);
    long refreshLead =
        Math.max(
            expiryMargin,
            Math.min(
                policy.refreshMargin().toNanos()
                    + (long) (jitter * policy.refreshJitter().toNanos()),
                lifetime / 2));
    return new Entry(token, expiresAt - refreshLead, expiresAt - expiryMargin);
  }

  /** A ticker reading by which Box has expired the token: the expiry margin is at most 1/4 life. */
  long expiresBy() {
    return usableUntil + token.lifetime().toNanos() / 4;
  }

  boolean isFreshAt(long now) {
    return now - staleAt < 0;
  }

  boolean isUsableAt(long now) {
    return now - usableUntil < 0;
  }
}
