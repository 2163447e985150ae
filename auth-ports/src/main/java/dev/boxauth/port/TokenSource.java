package dev.boxauth.port;

import dev.boxauth.domain.AccessToken;

/**
 * Access tokens for one subject (the Service Account or one user), always valid when returned.
 * Sources are cheap, immutable and thread-safe; all sources for the same subject share one cached
 * token.
 */
public interface TokenSource {

  /**
   * A token valid for at least the configured margin. Served from cache without locking while
   * fresh; refreshed in the background ahead of expiry; fetched (once, however many threads ask)
   * when missing or expired.
   *
   * @throws dev.boxauth.domain.AuthException typed, if no token can be had within the deadline
   */
  AccessToken token();

  /** Drops the cached token, so the next {@link #token()} fetches a new one. */
  void invalidate();

  /**
   * Drops the cached token only if it is still {@code rejected}: what to call when Box answers an
   * API call with 401, so that many concurrent 401s for one token cause one new token request.
   */
  void invalidate(AccessToken rejected);
}
