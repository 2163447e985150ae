package dev.boxauth.service;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.TokenKey;
import dev.boxauth.port.StoredToken;
import dev.boxauth.port.Ticker;
import dev.boxauth.port.TokenStore;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded default {@link TokenStore}: a concurrent map in this process, ageing tokens on its
 * own {@link Ticker}. Expired entries are dropped when read, and a few more on every write, so it
 * never holds many expired tokens. Keeps {@link #holdOff}s too, for every service sharing it.
 * Thread-safe.
 */
public final class InMemoryTokenStore implements TokenStore {
  private static final int PRUNE_PER_WRITE = 2;

  /** A token and the ticker reading at which it expires. */
  private record Held(AccessToken token, long expiresAt) {}

  private final ConcurrentHashMap<TokenKey, Held> tokens = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<TokenKey, Long> holdOffs = new ConcurrentHashMap<>();
  private final Ticker ticker;
  private Iterator<Map.Entry<TokenKey, Held>> pruneCursor; // guarded by this

  /**
   * @param ticker what stored tokens age on
   */
  @Inject
  public InMemoryTokenStore(Ticker ticker) {
    this.ticker = Objects.requireNonNull(ticker, "ticker");
  }

  @Override
  public Optional<StoredToken> get(TokenKey key) {
    Held held = tokens.get(Objects.requireNonNull(key, "key"));
    if (held == null) {
      return Optional.empty();
    }
    long remaining = held.expiresAt - ticker.nanos();
    if (remaining <= 0) {
      tokens.remove(key, held);
      return Optional.empty();
    }
    return Optional.of(new StoredToken(held.token, Duration.ofNanos(remaining)));
  }

  @Override
  public void put(TokenKey key, AccessToken token, Duration remaining) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(remaining, "remaining");
    if (remaining.isNegative() || remaining.isZero()) {
      tokens.remove(key);
    } else {
      tokens.put(key, new Held(token, ticker.nanos() + remaining.toNanos()));
    }
    prune();
  }

  @Override
  public void remove(TokenKey key, AccessToken token) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(token, "token");
    tokens.computeIfPresent(key, (k, h) -> h.token.secret().equals(token.secret()) ? null : h);
  }

  @Override
  public void remove(TokenKey key) {
    tokens.remove(Objects.requireNonNull(key, "key"));
  }

  @Override
  public void holdOff(TokenKey key, Duration wait) {
    Objects.requireNonNull(key, "key");
    if (wait.isNegative() || wait.isZero()) {
      return;
    }
    long until = ticker.nanos() + wait.toNanos();
    holdOffs.merge(key, until, (a, b) -> b - a > 0 ? b : a);
  }

  @Override
  public Duration holdOffRemaining(TokenKey key) {
    Long until = holdOffs.get(Objects.requireNonNull(key, "key"));
    if (until == null) {
      return Duration.ZERO;
    }
    long left = until - ticker.nanos();
    if (left <= 0) {
      holdOffs.remove(key, until);
      return Duration.ZERO;
    }
    return Duration.ofNanos(left);
  }

  /** Entries held, expired or not; for tests. */
  int size() {
    return tokens.size();
  }

  private synchronized void prune() {
    long now = ticker.nanos();
    for (int i = 0; i < PRUNE_PER_WRITE; i++) {
      if (pruneCursor == null || !pruneCursor.hasNext()) {
        pruneCursor = tokens.entrySet().iterator();
        if (!pruneCursor.hasNext()) {
          return;
        }
      }
      Map.Entry<TokenKey, Held> e = pruneCursor.next();
      if (e.getValue().expiresAt - now <= 0) {
        tokens.remove(e.getKey(), e.getValue());
      }
    }
  }
}
