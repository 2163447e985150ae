package dev.boxauth.testing;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.TokenKey;
import dev.boxauth.port.Lease;
import dev.boxauth.port.StoredToken;
import dev.boxauth.port.Ticker;
import dev.boxauth.port.TokenStore;
import dev.boxauth.service.InMemoryTokenStore;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A store shared by several token services in one test, with leases as Redis grants them: one
 * holder at a time, a time-to-live on the store's ticker, renewal and release only by the holder.
 * Counts every operation (one Redis command each). Thread-safe.
 */
public final class SharedMemoryStore implements TokenStore {
  private record Holder(Object owner, long until) {}

  private final Ticker ticker;
  private final InMemoryTokenStore tokens;
  private final Map<TokenKey, Holder> leases = new ConcurrentHashMap<>();
  private final AtomicInteger commands = new AtomicInteger();

  public SharedMemoryStore(Ticker ticker) {
    this.ticker = ticker;
    this.tokens = new InMemoryTokenStore(ticker);
  }

  /** Operations so far. */
  public int commands() {
    return commands.get();
  }

  /** True if someone holds the lease of {@code key} now. */
  public boolean leased(TokenKey key) {
    Holder h = leases.get(key);
    return h != null && ticker.nanos() - h.until < 0;
  }

  @Override
  public Optional<StoredToken> get(TokenKey key) {
    commands.incrementAndGet();
    return tokens.get(key);
  }

  @Override
  public void put(TokenKey key, AccessToken token, Duration remaining) {
    commands.incrementAndGet();
    tokens.put(key, token, remaining);
  }

  @Override
  public void remove(TokenKey key, AccessToken token) {
    commands.incrementAndGet();
    tokens.remove(key, token);
  }

  @Override
  public void remove(TokenKey key) {
    commands.incrementAndGet();
    tokens.remove(key);
  }

  @Override
  public void holdOff(TokenKey key, Duration wait) {
    commands.incrementAndGet();
    tokens.holdOff(key, wait);
  }

  @Override
  public Duration holdOffRemaining(TokenKey key) {
    commands.incrementAndGet();
    return tokens.holdOffRemaining(key);
  }

  @Override
  public synchronized Optional<Lease> tryLease(TokenKey key, Duration ttl) {
    commands.incrementAndGet();
    if (leased(key)) {
      return Optional.empty();
    }
    Object owner = new Object();
    leases.put(key, new Holder(owner, ticker.nanos() + ttl.toNanos()));
    return Optional.of(
        new Lease() {
          @Override
          public boolean renew(Duration ttl) {
            commands.incrementAndGet();
            synchronized (SharedMemoryStore.this) {
              Holder h = leases.get(key);
              if (h == null || h.owner != owner || ticker.nanos() - h.until >= 0) {
                return false;
              }
              leases.put(key, new Holder(owner, ticker.nanos() + ttl.toNanos()));
              return true;
            }
          }

          @Override
          public void close() {
            commands.incrementAndGet();
            synchronized (SharedMemoryStore.this) {
              Holder h = leases.get(key);
              if (h != null && h.owner == owner) {
                leases.remove(key);
              }
            }
          }
        });
  }
}
