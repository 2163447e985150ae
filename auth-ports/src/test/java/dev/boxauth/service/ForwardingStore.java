package dev.boxauth.service;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.TokenKey;
import dev.boxauth.port.Lease;
import dev.boxauth.port.StoredToken;
import dev.boxauth.port.TokenStore;
import java.time.Duration;
import java.util.Optional;

/** A store that forwards to another; tests override the operations they watch or break. */
class ForwardingStore implements TokenStore {
  final TokenStore inner;

  ForwardingStore(TokenStore inner) {
    this.inner = inner;
  }

  @Override
  public Optional<StoredToken> get(TokenKey key) {
    return inner.get(key);
  }

  @Override
  public void put(TokenKey key, AccessToken token, Duration remaining) {
    inner.put(key, token, remaining);
  }

  @Override
  public void remove(TokenKey key, AccessToken token) {
    inner.remove(key, token);
  }

  @Override
  public void remove(TokenKey key) {
    inner.remove(key);
  }

  @Override
  public Optional<Lease> tryLease(TokenKey key, Duration ttl) {
    return inner.tryLease(key, ttl);
  }

  @Override
  public void holdOff(TokenKey key, Duration wait) {
    inner.holdOff(key, wait);
  }

  @Override
  public Duration holdOffRemaining(TokenKey key) {
    return inner.holdOffRemaining(key);
  }
}
