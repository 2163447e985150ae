package dev.boxauth.service;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.AuthException;
import dev.boxauth.domain.DownscopeTarget;
import dev.boxauth.domain.Grant;
import dev.boxauth.domain.Subject;
import dev.boxauth.domain.TokenKey;
import dev.boxauth.port.GrantSource;
import dev.boxauth.port.Ticker;
import dev.boxauth.port.TokenEvent;
import dev.boxauth.port.TokenListener;
import dev.boxauth.port.TokenSource;
import dev.boxauth.port.TokenStore;
import dev.boxauth.port.TokenTransport;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;

/**
 * Gets, caches and refreshes access tokens: the application's core.
 *
 * <p>Per key (client, subject, scopes) a token is <b>fresh</b> (returned at once: one volatile read
 * and one comparison, no lock, no allocation), <b>stale</b> (returned while exactly one background
 * refresh runs) or <b>unusable</b> (callers wait for one shared request: however many threads ask,
 * one request is made). Tokens age on a monotonic {@link Ticker}, never on the wall clock; a token
 * from a shared store ages from the remaining lifetime the store measured.
 *
 * <p>Guarantees: once {@code invalidate(t)} or {@link #revoke(AccessToken)} has begun, no caller
 * receives {@code t} again, from memory or from the store. Interrupting a caller fails that caller
 * only (its interrupt flag kept). Only {@link AuthException}s leave {@code token()} (and {@link
 * Error}s, on the thread that hit them). Idle keys whose token expired are evicted.
 *
 * <p>Requests are retried by policy (see {@link TokenPolicy}); in a fleet sharing a store, one
 * process requests each token while holding the key's lease, and Box's {@code Retry-After} is
 * honoured by all. The parts: {@code TokenCache} (slots, single flight), {@code Minter} (the store
 * and the fleet), {@code TokenRequester} (attempts and retries), {@code TolerantStore} (a failing
 * store is bypassed), {@code ServerClock} (Box's clock).
 *
 * <p>Thread-safe; meant to be shared. {@link #close()} stops refreshing.
 */
@Singleton
public final class TokenService implements AutoCloseable {
  private final GrantSource grants;
  private final Ticker ticker;
  private final TokenPolicy policy;
  private final Events events;
  private final ServerClock serverClock;
  private final TolerantStore store;
  private final TokenRequester requester;
  private final TokenCache cache;
  private final ExecutorService ownedRefresher;

  /**
   * @param grants makes the grant for each attempt (JWT or client credentials)
   * @param transport sends it to Box
   * @param store keeps tokens between requests, possibly for a fleet
   * @param listener receives events
   * @param clock this host's wall clock: for the instants users see and assertions' {@code exp}
   * @param ticker monotonic time: what tokens age on
   * @param policy margins, retries, deadline
   */
  @Inject
  public TokenService(
      GrantSource grants,
      TokenTransport transport,
      TokenStore store,
      TokenListener listener,
      Clock clock,
      Ticker ticker,
      TokenPolicy policy) {
    this(
        grants,
        transport,
        store,
        listener,
        clock,
        ticker,
        policy,
        Sleeper.REAL,
        null,
        () -> ThreadLocalRandom.current().nextDouble());
  }

  /** For tests: a fake sleeper, a chosen executor (null for the default pool), fixed jitter. */
  TokenService(
      GrantSource grants,
      TokenTransport transport,
      TokenStore store,
      TokenListener listener,
      Clock clock,
      Ticker ticker,
      TokenPolicy policy,
      Sleeper sleeper,
      Executor refresher,
      DoubleSupplier random) {
    this.grants = Objects.requireNonNull(grants, "grants");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(clock, "clock");
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.policy = Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(sleeper, "sleeper");
    Objects.requireNonNull(random, "random");
    this.events = new Events(listener);
    this.serverClock = new ServerClock(clock, ticker);
    this.store = new TolerantStore(store, events);
    this.requester =
        new TokenRequester(transport, serverClock, ticker, sleeper, policy, random, events);
    Minter minter =
        new Minter(this.store, requester, grants, ticker, clock, sleeper, policy, random);
    Executor pool;
    if (refresher == null) {
      this.ownedRefresher = newRefreshPool();
      pool = ownedRefresher;
    } else {
      this.ownedRefresher = null;
      pool = refresher;
    }
    this.cache = new TokenCache(minter, this.store, ticker, clock, policy, sleeper, pool, events);
  }

  private static ExecutorService newRefreshPool() {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            4,
            4,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "boxauth-refresh-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /**
   * The token source for {@code subject}. Sources are cheap; every source for the same subject
   * shares one cached token, and keeps working after an idle subject was evicted.
   */
  public TokenSource source(Subject subject) {
    TokenKey key = TokenKey.of(grants.client().id(), Objects.requireNonNull(subject, "subject"));
    return cache.source(key);
  }

  /**
   * Exchanges {@code parent} for a token limited to {@code scopes} and {@code target} (RFC 8693
   * token exchange). Not cached: each call makes a request, retried like any other.
   *
   * @throws IllegalArgumentException if {@code scopes} is empty or has a malformed scope
   * @throws AuthException typed, if Box refuses or can't be reached within the deadline
   */
  public AccessToken downscope(AccessToken parent, Set<String> scopes, DownscopeTarget target) {
    Objects.requireNonNull(parent, "parent");
    Grant exchange = new Grant.TokenExchange(grants.client(), parent.secret(), scopes, target);
    long start = ticker.nanos();
    TokenRequester.Attempts attempts = new TokenRequester.Attempts();
    AccessToken token;
    try {
      token =
          requester
              .exchange(
                  "downscope",
                  serverNow -> exchange,
                  start + policy.deadline().toNanos(),
                  attempts,
                  TokenRequester.Guard.NONE)
              .token();
    } catch (Interrupted e) {
      throw interrupted("downscoping a token");
    }
    events.emit(
        new TokenEvent.Downscoped(
            Set.copyOf(scopes), Duration.ofNanos(ticker.nanos() - start), attempts.count));
    return token;
  }

  /**
   * Drops {@code token} from the cache and the store, then revokes it at Box (RFC 7009), so the
   * next {@code token()} for its subject gets a new one. From the moment this is called, no caller
   * of this service receives {@code token} again, even if Box can't be reached. A token this
   * service did not hand out ({@link AccessToken#cacheKey()} empty) is only revoked at Box.
   *
   * @throws AuthException typed, if Box refuses or can't be reached within the deadline
   */
  public void revoke(AccessToken token) {
    Objects.requireNonNull(token, "token");
    Optional<TokenKey> key = token.cacheKey();
    boolean cached = false;
    if (key.isPresent()) {
      cached = cache.drop(key.get(), token);
      store.remove(key.get(), token);
    }
    try {
      requester.revoke(
          grants.client(), token.secret(), ticker.nanos() + policy.deadline().toNanos());
    } catch (Interrupted e) {
      throw interrupted("revoking a token");
    }
    events.emit(new TokenEvent.Revoked(cached ? Set.of(key.get()) : Set.of()));
  }

  /**
   * The server's clock minus this host's, as learned from Box's replies; zero until one arrives.
   */
  public Duration serverClockOffset() {
    return serverClock.offset();
  }

  /**
   * What this service holds now, for health checks: computed from cached state, never by requesting
   * a token.
   */
  public TokenStatus status() {
    return cache.status(serverClock.offset());
  }

  /**
   * Stops background refreshes and new token requests. Tokens already cached are served until they
   * become unusable; after that {@code token()} fails with a typed error. Idempotent.
   */
  @Override
  public void close() {
    cache.close();
    if (ownedRefresher != null) {
      ownedRefresher.shutdown();
    }
  }

  /** Slots held, for tests. */
  int slotCount() {
    return cache.slotCount();
  }

  private AuthException interrupted(String what) {
    return new dev.boxauth.domain.DeadlineExceededException(
        "interrupted while " + what, policy.deadline(), 0, null);
  }
}
