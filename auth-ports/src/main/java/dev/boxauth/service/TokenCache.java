package dev.boxauth.service;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.AuthException;
import dev.boxauth.domain.DeadlineExceededException;
import dev.boxauth.domain.EndpointUnavailableException;
import dev.boxauth.domain.TokenKey;
import dev.boxauth.port.StoredToken;
import dev.boxauth.port.Ticker;
import dev.boxauth.port.TokenEvent;
import dev.boxauth.port.TokenSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One {@link Slot} per key: the cache and its single flights. A token is <b>fresh</b> (served at
 * once: one volatile read, one ticker comparison, no lock, no allocation), <b>stale</b> (still
 * served while one background refresh runs), or <b>unusable</b> (callers wait for one shared
 * request). Tokens age on the ticker only.
 *
 * <p>Flights: a caller publishes its flight already claimed and runs it inside one {@code
 * try/finally} that abandons it if it did not end, so no {@link Throwable} leaves a flight
 * published but unfinished. Waiters never return a token that was dropped or became unusable
 * meanwhile: they start over, as they do when a flight is abandoned. After {@link #close()},
 * refresh-ahead returns at once (the {@code closed} flag is read first), usable tokens are still
 * served, and a caller that would have to request one gets a typed error.
 *
 * <p>Memory stays bounded: each new slot and each background refresh examine a few slots and evict
 * the idle ones (no usable token, no flight, no live tombstone). A {@link Source} keeps its slot
 * and goes back to the map when that slot was evicted, so there is never more than one live slot
 * per key. Thread-safe.
 */
final class TokenCache {
  private static final int SWEEP_PER_NEW_SLOT = 2;
  private static final int SWEEP_PER_REFRESH = 16;

  private final ConcurrentHashMap<TokenKey, Slot> slots = new ConcurrentHashMap<>();
  private final Minter minter;
  private final TolerantStore store;
  private final Ticker ticker;
  private final Clock clock;
  private final TokenPolicy policy;
  private final Sleeper sleeper;
  private final Executor refresher;
  private final Events events;
  private final ReentrantLock sweepLock = new ReentrantLock();
  private Iterator<Slot> sweepCursor; // guarded by sweepLock
  private volatile boolean closed;
  private volatile TokenStatus.Failure lastFailure;

  TokenCache(
      Minter minter,
      TolerantStore store,
      Ticker ticker,
      Clock clock,
      TokenPolicy policy,
      Sleeper sleeper,
      Executor refresher,
      Events events) {
    this.minter = minter;
    this.store = store;
    this.ticker = ticker;
    this.clock = clock;
    this.policy = policy;
    this.sleeper = sleeper;
    this.refresher = refresher;
    this.events = events;
  }

  /** A source for {@code key}: cheap, and every source of one key shares its slot. */
  TokenSource source(TokenKey key) {
    return new Source(this, key, live(key));
  }

  /** Stops refreshes and new requests; usable tokens are still served. */
  void close() {
    closed = true;
  }

  // ---- the handle ----

  /** What users hold: the hot path, then the slow path in the cache. */
  static final class Source implements TokenSource {
    private final TokenCache cache;
    private final TokenKey key;
    private final Ticker ticker;
    // Plain: a stale read finds a retired slot, whose entry is never fresh, and takes the slow
    // path.
    private Slot slot;

    Source(TokenCache cache, TokenKey key, Slot slot) {
      this.cache = cache;
      this.key = key;
      this.ticker = cache.ticker;
      this.slot = slot;
    }

    @Override
    public AccessToken token() {
      Entry e = slot.entry;
      if (e != null && ticker.nanos() - e.staleAt() < 0) {
        return e.token();
      }
      return cache.token(this);
    }

    @Override
    public void invalidate() {
      cache.invalidate(this);
    }

    @Override
    public void invalidate(AccessToken rejected) {
      cache.invalidate(this, Objects.requireNonNull(rejected, "rejected"));
    }

    Slot slot() {
      Slot s = slot;
      if (s.isRetired()) {
        s = cache.live(key);
        slot = s;
      }
      return s;
    }

    @Override
    public String toString() {
      return "TokenSource[" + key + "]";
    }
  }

  // ---- the slow path ----

  private AccessToken token(Source source) {
    long deadline = ticker.nanos() + policy.deadline().toNanos();
    while (true) {
      Slot s = source.slot();
      Entry e = s.entry;
      long now = ticker.nanos();
      if (e != null && e.isUsableAt(now)) {
        if (!e.isFreshAt(now)) {
          refreshAhead(s, e, now);
        }
        return e.token();
      }
      if (closed) {
        throw closedError();
      }
      Flight f = s.flight;
      if (f == Flight.RETIRED) {
        continue;
      }
      if (f == null) {
        Flight mine = new Flight(false);
        mine.claim(); // claimed before it is published: this caller alone runs it
        if (!s.publish(mine)) {
          continue;
        }
        f = mine;
        runClaimed(s, mine, e, deadline);
      } else if (f.claim()) {
        // A background refresh still queued behind other work: run it here rather than wait.
        runClaimed(s, f, e, deadline);
      }
      Entry landed = await(s, f, deadline);
      if (landed != null) {
        long t = ticker.nanos();
        if (landed.isUsableAt(t) && !s.isDropped(landed.token(), t)) {
          return landed.token();
        }
      }
      // Abandoned, or dropped or unusable by now: start over.
      if (ticker.nanos() - deadline >= 0) {
        throw new DeadlineExceededException(
            "no usable token for " + s.key.subject(), policy.deadline(), 0, null);
      }
    }
  }

  private Entry await(Slot s, Flight f, long deadline) {
    try {
      return sleeper.await(f.outcome, deadline - ticker.nanos());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AuthException auth) {
        throw auth;
      }
      throw TokenRequester.unexpected("token request", e.getCause());
    } catch (CancellationException e) {
      return null;
    } catch (TimeoutException e) {
      throw new DeadlineExceededException(
          "no token for " + s.key.subject() + " (waiting on a request another caller started)",
          policy.deadline(),
          0,
          null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw interrupted(s);
    }
  }

  /** Runs a claimed flight on this thread; it ends (one way or another) before this returns. */
  private void runClaimed(Slot s, Flight f, Entry held, long deadline) {
    try {
      run(s, f, held, deadline);
    } catch (Interrupted e) {
      throw interrupted(s);
    } finally {
      if (!f.isDone()) {
        s.abandon(f);
      }
    }
  }

  /**
   * Runs one flight to its end: lands it, fails it (typed), or abandons it (interrupted: {@link
   * Interrupted} is rethrown). Waiters are released before the listener hears of it.
   */
  private void run(Slot s, Flight f, Entry held, long deadline) {
    long start = ticker.nanos();
    // Re-check after claiming: a flight may have landed since this caller read the entry.
    Entry current = s.entry;
    if (current != null
        && current != held
        && (f.ahead ? current.isFreshAt(start) : current.isUsableAt(start))) {
      s.land(f, current);
      return;
    }
    TokenRequester.Attempts attempts = new TokenRequester.Attempts();
    Minter.Minted minted;
    try {
      minted = minter.mint(s, held == null ? null : held.token(), deadline, attempts);
    } catch (Interrupted e) {
      s.abandon(f);
      throw e;
    } catch (AuthException e) {
      failed(s, f, e, start, attempts);
      return;
    } catch (RuntimeException e) {
      failed(s, f, TokenRequester.unexpected("token request", e), start, attempts);
      return;
    }
    if (!s.install(minted.entry(), minted.adopted(), ticker.nanos())) {
      s.abandon(f); // it was dropped while in flight: whoever waits starts over
      return;
    }
    s.land(f, minted.entry());
    events.emit(
        minted.adopted()
            ? new TokenEvent.Adopted(s.key)
            : new TokenEvent.Issued(
                s.key, Duration.ofNanos(ticker.nanos() - start), attempts.count, f.ahead));
  }

  private void failed(
      Slot s, Flight f, AuthException e, long start, TokenRequester.Attempts attempts) {
    long now = ticker.nanos();
    if (f.ahead) {
      s.refreshNotBefore = now + policy.refreshCooldown().toNanos();
    }
    lastFailure = TokenStatus.Failure.of(e, clock.instant());
    s.fail(f, e);
    events.emit(
        new TokenEvent.Failed(s.key, e, Duration.ofNanos(now - start), attempts.count, f.ahead));
  }

  private void refreshAhead(Slot s, Entry e, long now) {
    if (closed || now - s.refreshNotBefore < 0 || s.flight != null || s.entry != e) {
      return;
    }
    Flight f = new Flight(true);
    if (!s.publish(f)) {
      return;
    }
    try {
      refresher.execute(() -> runQueued(s, f, e));
    } catch (Throwable t) {
      // Rejected (a full or shut-down pool) or worse: unless a caller already claimed it, drop it.
      if (f.claim()) {
        s.refreshNotBefore = now + policy.refreshCooldown().toNanos();
        s.abandon(f);
      }
      if (t instanceof Error error) {
        throw error;
      }
    }
  }

  private void runQueued(Slot s, Flight f, Entry held) {
    if (!f.claim()) {
      return; // a caller whose token became unusable ran it already
    }
    try {
      if (closed) {
        return; // queued before close(): no request after it (abandoned below)
      }
      run(s, f, held, ticker.nanos() + policy.deadline().toNanos());
    } catch (Interrupted e) {
      // Abandoned; the pool thread keeps its interrupt flag.
    } finally {
      if (!f.isDone()) {
        s.abandon(f);
      }
      sweep(SWEEP_PER_REFRESH);
    }
  }

  // ---- dropping tokens ----

  /** Drops whatever token the source's key has, here and in the store. */
  private void invalidate(Source source) {
    long now = ticker.nanos();
    // The store's token is tombstoned too, so that no flight adopts what this call drops.
    Optional<StoredToken> stored = store.get(source.key);
    AccessToken storedToken = stored.map(StoredToken::token).orElse(null);
    long storedUntil = now + stored.map(st -> st.remaining().toNanos()).orElse(0L);
    Slot.Drop result;
    do {
      result = source.slot().dropAll(storedToken, storedUntil, now);
    } while (result == Slot.Drop.RETIRED);
    store.remove(source.key);
    events.emit(new TokenEvent.Invalidated(source.key));
  }

  private void invalidate(Source source, AccessToken rejected) {
    if (drop(source.slot(), rejected)) {
      events.emit(new TokenEvent.Invalidated(source.key));
    }
    store.remove(source.key, rejected);
  }

  /**
   * Drops {@code token} from {@code key}'s slot: tombstone first, then the entry; the caller then
   * removes it from the store.
   *
   * @return whether the entry held it
   */
  boolean drop(TokenKey key, AccessToken token) {
    return drop(live(key), token);
  }

  private boolean drop(Slot slot, AccessToken token) {
    Slot s = slot;
    while (true) {
      Slot.Drop result = s.drop(token, ticker.nanos());
      if (result != Slot.Drop.RETIRED) {
        return result == Slot.Drop.CLEARED;
      }
      s = live(s.key);
    }
  }

  // ---- slots ----

  /** The live slot of {@code key}, created if need be. */
  private Slot live(TokenKey key) {
    while (true) {
      Slot s = slots.get(key);
      if (s == null) {
        Slot created = new Slot(key, ticker.nanos());
        s = slots.putIfAbsent(key, created);
        if (s == null) {
          sweep(SWEEP_PER_NEW_SLOT);
          return created;
        }
      }
      if (!s.isRetired()) {
        return s;
      }
      slots.remove(key, s);
    }
  }

  /** Examines up to {@code n} slots and evicts the idle ones; skips if another thread sweeps. */
  private void sweep(int n) {
    if (!sweepLock.tryLock()) {
      return;
    }
    try {
      long now = ticker.nanos();
      // A new slot, or one whose refresh just failed, is not idle yet.
      long quiet = policy.deadline().toNanos();
      for (int i = 0; i < n; i++) {
        if (sweepCursor == null || !sweepCursor.hasNext()) {
          sweepCursor = slots.values().iterator();
          if (!sweepCursor.hasNext()) {
            return;
          }
        }
        Slot s = sweepCursor.next();
        if (s.retireIfIdle(now, quiet)) {
          slots.remove(s.key, s);
        }
      }
    } finally {
      sweepLock.unlock();
    }
  }

  /** Slots in the map, for tests and the status. */
  int slotCount() {
    return slots.size();
  }

  /** What is cached now, computed from cached state only. */
  TokenStatus status(java.time.Duration serverClockOffset) {
    long now = ticker.nanos();
    int cached = 0;
    long soonest = Long.MAX_VALUE;
    for (Slot s : slots.values()) {
      Entry e = s.entry;
      if (e != null && e.isUsableAt(now)) {
        cached++;
        long margin = Math.min(policy.expiryMargin().toNanos(), e.token().lifetime().toNanos() / 4);
        soonest = Math.min(soonest, e.usableUntil() + margin - now);
      }
    }
    Instant wall = clock.instant();
    return new TokenStatus(
        cached,
        cached == 0 ? Optional.empty() : Optional.of(wall.plusNanos(soonest)),
        Optional.ofNullable(lastFailure),
        serverClockOffset,
        store.failures());
  }

  private DeadlineExceededException interrupted(Slot s) {
    return new DeadlineExceededException(
        "interrupted while getting a token for " + s.key.subject(), policy.deadline(), 0, null);
  }

  private static EndpointUnavailableException closedError() {
    return new EndpointUnavailableException(
        0,
        "the token service is closed (its BoxAuth or injector was shut down), so no new token can"
            + " be requested",
        false,
        null);
  }
}
