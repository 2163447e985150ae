package dev.boxauth.service;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.TokenKey;
import dev.boxauth.port.Lease;
import dev.boxauth.port.StoredToken;
import dev.boxauth.port.TokenEvent;
import dev.boxauth.port.TokenStore;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * The token store as the service uses it: it never throws. When the store fails (Redis down, a
 * bug), the operation is skipped as if the store were empty and held no lease, a {@link
 * TokenEvent.StoreFailed} is emitted and the failure counted: tokens keep coming without the store.
 */
final class TolerantStore implements TokenStore {
  private final TokenStore store;
  private final Events events;
  private final LongAdder failures = new LongAdder();

  TolerantStore(TokenStore store, Events events) {
    this.store = store;
    this.events = events;
  }

  /** Store operations that failed so far. */
  long failures() {
    return failures.sum();
  }

  @Override
  public Optional<StoredToken> get(TokenKey key) {
    try {
      Optional<StoredToken> found = store.get(key);
      return found == null ? Optional.empty() : found;
    } catch (RuntimeException e) {
      failed("get", e);
      return Optional.empty();
    }
  }

  @Override
  public void put(TokenKey key, AccessToken token, Duration remaining) {
    try {
      store.put(key, token, remaining);
    } catch (RuntimeException e) {
      failed("put", e);
    }
  }

  @Override
  public void remove(TokenKey key, AccessToken token) {
    try {
      store.remove(key, token);
    } catch (RuntimeException e) {
      failed("remove", e);
    }
  }

  @Override
  public void remove(TokenKey key) {
    try {
      store.remove(key);
    } catch (RuntimeException e) {
      failed("remove", e);
    }
  }

  /** The lease, wrapped so that it never throws either; {@link Lease#LOCAL} if the store failed. */
  @Override
  public Optional<Lease> tryLease(TokenKey key, Duration ttl) {
    Optional<Lease> lease;
    try {
      lease = store.tryLease(key, ttl);
    } catch (RuntimeException e) {
      failed("lease", e);
      return Optional.of(Lease.LOCAL);
    }
    if (lease == null) {
      return Optional.of(Lease.LOCAL);
    }
    return lease.map(l -> l == Lease.LOCAL ? l : new TolerantLease(l));
  }

  @Override
  public void holdOff(TokenKey key, Duration wait) {
    try {
      store.holdOff(key, wait);
    } catch (RuntimeException e) {
      failed("holdOff", e);
    }
  }

  @Override
  public Duration holdOffRemaining(TokenKey key) {
    try {
      Duration left = store.holdOffRemaining(key);
      return left == null || left.isNegative() ? Duration.ZERO : left;
    } catch (RuntimeException e) {
      failed("holdOff", e);
      return Duration.ZERO;
    }
  }

  private void failed(String operation, RuntimeException e) {
    failures.increment();
    events.emit(new TokenEvent.StoreFailed(operation, e));
  }

  /** A shared lease whose failures are absorbed: a store that can't answer is taken as held. */
  private final class TolerantLease implements Lease {
    private final Lease lease;

    TolerantLease(Lease lease) {
      this.lease = lease;
    }

    @Override
    public boolean renew(Duration ttl) {
      try {
        return lease.renew(ttl);
      } catch (RuntimeException e) {
        failed("renew", e);
        return true;
      }
    }

    @Override
    public void close() {
      try {
        lease.close();
      } catch (RuntimeException e) {
        failed("release", e);
      }
    }
  }
}
