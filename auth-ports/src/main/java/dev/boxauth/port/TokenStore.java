package dev.boxauth.port;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.TokenKey;
import java.time.Duration;
import java.util.Optional;

/**
 * Where tokens are kept between requests: in memory (the default), or shared by a fleet (Redis).
 * The token service keeps its own in-process copy for the hot path and consults the store on a miss
 * or a refresh, so a store may be remote.
 *
 * <p>A store measures time itself: {@link #put} says how long the token has left, {@link #get} says
 * how long it has left now, by the store's own clock (Redis: the key's TTL). Readers never compare
 * a stored token's instants with their own wall clock, so hosts whose clocks disagree agree on
 * expiry. Tokens are identified by value: {@link #remove(TokenKey, AccessToken)} removes any token
 * with the same value, whatever its instants.
 *
 * <p>A store that fails may throw; the token service then carries on without it. Thread-safe.
 */
public interface TokenStore {

  /** The token stored under {@code key} and its remaining lifetime, if any is left. */
  Optional<StoredToken> get(TokenKey key);

  /**
   * Stores {@code token} under {@code key}, replacing any other, for {@code remaining} from now; a
   * {@code remaining} of zero or less removes whatever is there instead.
   */
  void put(TokenKey key, AccessToken token, Duration remaining);

  /**
   * Removes the token under {@code key} only if it has the value of {@code token}, so that dropping
   * a token Box rejected never drops a newer one.
   */
  void remove(TokenKey key, AccessToken token);

  /** Removes whatever token is under {@code key}. */
  void remove(TokenKey key);

  /**
   * Tries to take the right to request the token for {@code key} for up to {@code ttl}. Stores used
   * by one process grant it at once (the token service already makes one request per key within a
   * process); shared stores grant it to one process at a time.
   *
   * @return the lease, or empty if another process holds it (wait for its token to appear)
   */
  default Optional<Lease> tryLease(TokenKey key, Duration ttl) {
    return Optional.of(Lease.LOCAL);
  }

  /**
   * Records that Box asked (with a 429's {@code Retry-After}) not to be sent a request for {@code
   * key} for {@code wait}, so that every process sharing the store honours it. Single-process
   * stores may ignore it: the token service honours its own.
   */
  default void holdOff(TokenKey key, Duration wait) {}

  /** What is left of the last {@link #holdOff} for {@code key}; zero if none. */
  default Duration holdOffRemaining(TokenKey key) {
    return Duration.ZERO;
  }
}
