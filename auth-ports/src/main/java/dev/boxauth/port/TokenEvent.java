package dev.boxauth.port;

import dev.boxauth.domain.AuthException;
import dev.boxauth.domain.TokenKey;
import java.time.Duration;
import java.util.Set;

/**
 * Something the token service did, for logs and metrics. Events carry no token values (a {@code
 * TokenKey} names only client, subject and scopes).
 */
public sealed interface TokenEvent {

  /**
   * A token was obtained from Box.
   *
   * @param key the cache key
   * @param latency from the first attempt to the token
   * @param attempts requests made (1 when nothing went wrong)
   * @param refreshAhead true if the old token was still valid (a background refresh)
   */
  record Issued(TokenKey key, Duration latency, int attempts, boolean refreshAhead)
      implements TokenEvent {}

  /**
   * A token from the shared store was adopted instead of requesting one.
   *
   * @param key the cache key
   */
  record Adopted(TokenKey key) implements TokenEvent {}

  /**
   * No token could be obtained.
   *
   * @param key the cache key
   * @param error the typed failure
   * @param latency time spent
   * @param attempts requests made
   * @param refreshAhead true if a still-valid token stays in use
   */
  record Failed(
      TokenKey key, AuthException error, Duration latency, int attempts, boolean refreshAhead)
      implements TokenEvent {}

  /**
   * An attempt failed and another follows after {@code delay}.
   *
   * @param operation the cache key's canonical form, or {@code downscope} / {@code revoke}
   * @param attempt the number of the attempt that failed
   * @param cause why it failed
   * @param delay the wait before the next attempt
   */
  record Retrying(String operation, int attempt, AuthException cause, Duration delay)
      implements TokenEvent {}

  /**
   * A downscoped token was issued.
   *
   * @param scopes the scopes requested
   * @param latency time taken
   * @param attempts requests made
   */
  record Downscoped(Set<String> scopes, Duration latency, int attempts) implements TokenEvent {}

  /**
   * A cached token was dropped on request.
   *
   * @param key the cache key
   */
  record Invalidated(TokenKey key) implements TokenEvent {}

  /**
   * A token was revoked at Box.
   *
   * @param cachedUnder the keys it was cached under (empty if it was not cached here)
   */
  record Revoked(Set<TokenKey> cachedUnder) implements TokenEvent {}

  /**
   * The server's clock offset from this host changed.
   *
   * @param offset server time minus local time
   */
  record ClockOffsetLearned(Duration offset) implements TokenEvent {}

  /**
   * A reply from Box put its clock implausibly far from this host's (beyond {@code bound}); the
   * offset it implied was ignored. Reported once per token service.
   *
   * @param measured the offset that reply implied: server time minus local time
   * @param bound the largest offset believed
   */
  record ClockOffsetIgnored(Duration measured, Duration bound) implements TokenEvent {}

  /**
   * The token store failed and was bypassed for this operation.
   *
   * @param operation what was attempted, e.g. {@code get}, {@code put}, {@code lease}
   * @param error what it threw
   */
  record StoreFailed(String operation, RuntimeException error) implements TokenEvent {}
}
