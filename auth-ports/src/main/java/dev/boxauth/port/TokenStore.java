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
 * <p>A store that fails may throw; the token service then carries on without it. Thread-safe.
 */
public interface TokenStore {

  /** The token stored under {@code key}, if any and not yet expired. */
  Optional<AccessToken> get(TokenKey key);

  /** Stores {@code token} under {@code key}, replacing any other, until it expires. */
  void put(TokenKey key, AccessToken token);

  /**
   * Removes the token under {@code key} only if it is still {@code token}, so that dropping a token
   * Box rejected never drops a newer one.
   */
  void remove(TokenKey key, AccessToken token);

  /** Removes whatever token is under {@code key}. */
  void remove(TokenKey key);

  /**
   * Tries to take the right to mint the token for {@code key} for up to {@code ttl}. Stores used by
   * one process grant it at once (the token service already makes one request per key within a
   * process); shared stores grant it to one process at a time.
   *
   * @return the lease, or empty if another process holds it (wait for its token to appear)
   */
  default Optional<Lease> tryLease(TokenKey key, Duration ttl) {
    return Optional.of(Lease.LOCAL);
  }
}
