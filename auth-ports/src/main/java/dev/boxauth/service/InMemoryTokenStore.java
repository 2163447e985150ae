package dev.boxauth.service;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.TokenKey;
import dev.boxauth.port.TokenStore;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded default {@link TokenStore}: a concurrent map in this process. Expired tokens are
 * dropped when read. Thread-safe.
 */
public final class InMemoryTokenStore implements TokenStore {
  private final ConcurrentHashMap<TokenKey, AccessToken> tokens = new ConcurrentHashMap<>();
  private final Clock clock;

  /**
   * @param clock tells which tokens have expired
   */
  @Inject
  public InMemoryTokenStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Optional<AccessToken> get(TokenKey key) {
    AccessToken token = tokens.get(Objects.requireNonNull(key, "key"));
    if (token == null) {
      return Optional.empty();
    }
    if (!clock.instant().isBefore(token.expiresAt())) {
      tokens.remove(key, token);
      return Optional.empty();
    }
    return Optional.of(token);
  }

  @Override
  public void put(TokenKey key, AccessToken token) {
    tokens.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(token, "token"));
  }

  @Override
  public void remove(TokenKey key, AccessToken token) {
    tokens.remove(Objects.requireNonNull(key, "key"), Objects.requireNonNull(token, "token"));
  }

  @Override
  public void remove(TokenKey key) {
    tokens.remove(Objects.requireNonNull(key, "key"));
  }
}
