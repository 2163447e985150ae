package dev.boxauth.redis;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.TokenKey;
import dev.boxauth.port.Lease;
import dev.boxauth.port.StoredToken;
import dev.boxauth.port.TokenStore;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts the operations (one Redis round trip each) one process makes on a store. */
final class CountingStore implements TokenStore {
  private final TokenStore inner;
  final AtomicInteger commands = new AtomicInteger();

  CountingStore(TokenStore inner) {
    this.inner = inner;
  }

  @Override
  public Optional<StoredToken> get(TokenKey key) {
    commands.incrementAndGet();
    return inner.get(key);
  }

  @Override
  public void put(TokenKey key, AccessToken token, Duration remaining) {
    commands.incrementAndGet();
    inner.put(key, token, remaining);
  }

  @Override
  public void remove(TokenKey key, AccessToken token) {
    commands.incrementAndGet();
    inner.remove(key, token);
  }

  @Override
  public void remove(TokenKey key) {
    commands.incrementAndGet();
    inner.remove(key);
  }

  @Override
  public Optional<Lease> tryLease(TokenKey key, Duration ttl) {
    commands.incrementAndGet();
    return inner
        .tryLease(key, ttl)
        .map(
            lease ->
                new Lease() {
                  @Override
                  public boolean renew(Duration ttl) {
                    commands.incrementAndGet();
                    return lease.renew(ttl);
                  }

                  @Override
                  public void close() {
                    commands.incrementAndGet();
                    lease.close();
                  }
                });
  }

  @Override
  public void holdOff(TokenKey key, Duration wait) {
    commands.incrementAndGet();
    inner.holdOff(key, wait);
  }

  @Override
  public Duration holdOffRemaining(TokenKey key) {
    commands.incrementAndGet();
    return inner.holdOffRemaining(key);
  }
}
