package dev.boxauth.service;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.AuthException;
import dev.boxauth.domain.DeadlineExceededException;
import dev.boxauth.domain.DownscopeTarget;
import dev.boxauth.domain.EndpointUnavailableException;
import dev.boxauth.domain.Grant;
import dev.boxauth.domain.GrantRejectedException;
import dev.boxauth.domain.KeyException;
import dev.boxauth.domain.RateLimitedException;
import dev.boxauth.domain.Subject;
import dev.boxauth.domain.TokenKey;
import dev.boxauth.port.GrantSource;
import dev.boxauth.port.Lease;
import dev.boxauth.port.TokenEvent;
import dev.boxauth.port.TokenListener;
import dev.boxauth.port.TokenReply;
import dev.boxauth.port.TokenSource;
import dev.boxauth.port.TokenStore;
import dev.boxauth.port.TokenTransport;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Gets, caches and refreshes access tokens: the application's core.
 *
 * <p>For each {@link TokenKey} it keeps one token in a volatile field. A token moves through three
 * states (as in Google's auth library):
 *
 * <ul>
 *   <li><b>fresh</b> — returned at once: one volatile read and one clock comparison, no lock, no
 *       allocation;
 *   <li><b>stale</b> (inside the refresh margin) — returned at once while exactly one background
 *       refresh runs;
 *   <li><b>expired</b> or missing (inside the expiry margin) — callers block on one shared request
 *       (single flight): however many threads ask, one token request is made.
 * </ul>
 *
 * <p>Requests are retried by policy: Box's {@code exp} rejection once, with {@code exp} recomputed
 * from the server's {@code Date}; a reused {@code jti} once, with a new one; 429 after its {@code
 * Retry-After}; 5xx and network failures with exponential backoff and jitter. Every attempt has a
 * fresh assertion. Attempts and an overall deadline bound it all. The server's clock offset is
 * learned from every reply and applied before the first assertion of the next token.
 *
 * <p>Thread-safe; meant to be shared. {@link #close()} stops the background refresh threads.
 */
@Singleton
public final class TokenService implements AutoCloseable {
  private static final Duration STORE_POLL = Duration.ofMillis(50);
  private static final VarHandle ENTRY;

  static {
    try {
      ENTRY = MethodHandles.lookup().findVarHandle(Slot.class, "entry", Entry.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final GrantSource grants;
  private final TokenTransport transport;
  private final TokenStore store;
  private final TokenListener listener;
  private final Clock clock;
  private final TokenPolicy policy;
  private final Sleeper sleeper;
  private final Executor refresher;
  private final ExecutorService ownedRefresher;
  private final DoubleSupplier random;
  private final ServerClock serverClock;
  private final ConcurrentHashMap<TokenKey, Slot> slots = new ConcurrentHashMap<>();

  /**
   * @param grants makes the grant for each attempt (JWT or client credentials)
   * @param transport sends it to Box
   * @param store keeps tokens between requests, possibly for a fleet
   * @param listener receives events
   * @param clock this host's clock
   * @param policy margins, retries, deadline
   */
  @Inject
  public TokenService(
      GrantSource grants,
      TokenTransport transport,
      TokenStore store,
      TokenListener listener,
      Clock clock,
      TokenPolicy policy) {
    this(
        grants,
        transport,
        store,
        listener,
        clock,
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
      TokenPolicy policy,
      Sleeper sleeper,
      Executor refresher,
      DoubleSupplier random) {
    this.grants = Objects.requireNonNull(grants, "grants");
    this.transport = Objects.requireNonNull(transport, "transport");
    this.store = Objects.requireNonNull(store, "store");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.random = Objects.requireNonNull(random, "random");
    this.serverClock = new ServerClock(clock);
    if (refresher == null) {
      this.ownedRefresher = newRefreshPool();
      this.refresher = ownedRefresher;
    } else {
      this.ownedRefresher = null;
      this.refresher = refresher;
    }
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
   * The token source for {@code subject}. Every call for the same subject returns a source sharing
   * one cached token.
   */
  public TokenSource source(Subject subject) {
    TokenKey key = TokenKey.of(grants.client().id(), Objects.requireNonNull(subject, "subject"));
    return slots.computeIfAbsent(key, Slot::new);
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
    long start = clock.millis();
    Attempts attempts = new Attempts();
    AccessToken token =
        withRetries(
            "downscope",
            start + policy.deadline().toMillis(),
            attempts,
            () -> exchangeOnce(serverNow -> exchange));
    emit(
        new TokenEvent.Downscoped(
            Set.copyOf(scopes), Duration.ofMillis(clock.millis() - start), attempts.count));
    return token;
  }

  /**
   * Revokes {@code token} at Box (RFC 7009) and drops it from the cache, so the next {@code
   * token()} for its subject gets a new one.
   *
   * @throws AuthException typed, if Box refuses or can't be reached within the deadline
   */
  public void revoke(AccessToken token) {
    Objects.requireNonNull(token, "token");
    withRetries(
        "revoke",
        clock.millis() + policy.deadline().toMillis(),
        new Attempts(),
        () -> {
          try {
            transport.revoke(grants.client(), token.secret());
          } catch (AuthException e) {
            throw e;
          } catch (RuntimeException e) {
            throw unexpected("revoke", e);
          }
          return null;
        });
    Set<TokenKey> dropped = new HashSet<>();
    for (Slot slot : slots.values()) {
      if (slot.drop(token)) {
        dropped.add(slot.key);
        storeRemove(slot.key, token);
      }
    }
    emit(new TokenEvent.Revoked(Set.copyOf(dropped)));
  }

  /** The server's clock minus this host's, as learned from replies; zero until one arrives. */
  public Duration serverClockOffset() {
    return serverClock.offset();
  }

  /** Stops the background refresh threads; tokens already cached stay usable. */
  @Override
  public void close() {
    if (ownedRefresher != null) {
      ownedRefresher.shutdown();
    }
  }

  // ---- one cached token per key ----

  /**
   * A cached token and the instants (epoch millis, local clock) at which it turns stale or expired.
   */
  private record Entry(AccessToken token, long staleAt, long usableUntil) {}

  private Entry newEntry(AccessToken token) {
    long expires = token.expiresAt().toEpochMilli();
    long lifetime = expires - token.issuedAt().toEpochMilli();
    // Margins meant for hour-long tokens must not swallow a short-lived one whole.
    long expiryMargin = Math.min(policy.expiryMargin().toMillis(), lifetime / 4);
    long jitter = (long) (random.getAsDouble() * policy.refreshJitter().toMillis());
    long refreshLead =
        Math.max(expiryMargin, Math.min(policy.refreshMargin().toMillis() + jitter, lifetime / 2));
    return new Entry(token, expires - refreshLead, expires - expiryMargin);
  }

  private final class Slot implements TokenSource {
    final TokenKey key;
    final AtomicReference<Flight> flight = new AtomicReference<>();
    volatile Entry entry;
    volatile long refreshNotBefore;

    Slot(TokenKey key) {
      this.key = key;
    }

    @Override
    public AccessToken token() {
      Entry e = entry;
      if (e != null) {
        long now = clock.millis();
        if (now < e.staleAt) {
          return e.token;
        }
        if (now < e.usableUntil) {
          refreshAhead(now);
          return e.token;
        }
      }
      return awaitNewToken();
    }

    @Override
    public void invalidate() {
      entry = null;
      storeRemove(key);
      emit(new TokenEvent.Invalidated(key));
    }

    @Override
    public void invalidate(AccessToken rejected) {
      Objects.requireNonNull(rejected, "rejected");
      if (drop(rejected)) {
        emit(new TokenEvent.Invalidated(key));
      }
      storeRemove(key, rejected);
    }

    /** Drops the cached token if it is {@code token}; true if it was. */
    boolean drop(AccessToken token) {
      Entry e = entry;
      return e != null && e.token.equals(token) && ENTRY.compareAndSet(this, e, null);
    }

    private void refreshAhead(long now) {
      if (now < refreshNotBefore || flight.get() != null) {
        return;
      }
      Flight mine = new Flight();
      if (!flight.compareAndSet(null, mine)) {
        return;
      }
      try {
        refresher.execute(
            () -> {
              if (mine.claim()) {
                fly(mine, true);
              }
            });
      } catch (RejectedExecutionException closed) {
        // The service is closed: keep serving the cached token until it expires.
        flight.compareAndSet(mine, null);
        mine.result.cancel(false);
      }
    }

    private AccessToken awaitNewToken() {
      long deadlineAt = clock.millis() + policy.deadline().toMillis();
      while (true) {
        Flight f = flight.get();
        if (f == null) {
          // Claimed before it is published: a caller's flight is run by that caller alone.
          Flight mine = new Flight();
          mine.claim();
          if (!flight.compareAndSet(null, mine)) {
            continue;
          }
          // A flight may have landed between our read of the entry and the CAS.
          Entry e = entry;
          if (e != null && clock.millis() < e.usableUntil) {
            flight.compareAndSet(mine, null);
            mine.result.complete(e.token);
            return e.token;
          }
          fly(mine, false);
          f = mine;
        } else if (f.claim()) {
          // A background refresh still queued behind other work: run it here rather than wait.
          fly(f, false);
        }
        AccessToken token = join(f.result, deadlineAt);
        if (clock.millis() < token.expiresAt().toEpochMilli()) {
          return token;
        }
        if (clock.millis() >= deadlineAt) {
          throw new DeadlineExceededException(
              "no unexpired token for " + key.subject(), policy.deadline(), 0, null);
        }
      }
    }

    private AccessToken join(CompletableFuture<AccessToken> f, long deadlineAt) {
      try {
        return f.get(Math.max(0, deadlineAt - clock.millis()), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof AuthException auth) {
          throw auth;
        }
        if (e.getCause() instanceof Error error) {
          throw error;
        }
        throw unexpected("token request", e.getCause());
      } catch (TimeoutException e) {
        throw new DeadlineExceededException(
            "no token for " + key.subject() + " (waiting on a request another thread started)",
            policy.deadline(),
            0,
            null);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DeadlineExceededException(
            "interrupted while waiting for a token for " + key.subject(),
            policy.deadline(),
            0,
            null);
      }
    }

    /**
     * Runs one flight to its end on the current thread. Waiters are released before the listener
     * hears of it, so a slow listener delays no one. Throws only an {@link Error}.
     */
    private void fly(Flight f, boolean ahead) {
      long start = clock.millis();
      Attempts attempts = new Attempts();
      TokenEvent event;
      try {
        Minted minted;
        try {
          minted = mint(start + policy.deadline().toMillis(), attempts);
        } catch (AuthException e) {
          throw e;
        } catch (RuntimeException e) {
          throw unexpected("token request", e);
        }
        entry = newEntry(minted.token);
        flight.compareAndSet(f, null);
        f.result.complete(minted.token);
        event =
            minted.adopted
                ? new TokenEvent.Adopted(key)
                : new TokenEvent.Issued(
                    key, Duration.ofMillis(clock.millis() - start), attempts.count, ahead);
      } catch (AuthException e) {
        if (ahead) {
          refreshNotBefore = clock.millis() + policy.refreshCooldown().toMillis();
        }
        flight.compareAndSet(f, null);
        f.result.completeExceptionally(e);
        event =
            new TokenEvent.Failed(
                key, e, Duration.ofMillis(clock.millis() - start), attempts.count, ahead);
      } catch (Error e) {
        flight.compareAndSet(f, null);
        f.result.completeExceptionally(e);
        throw e;
      }
      emit(event);
    }

    private Minted mint(long deadlineAt, Attempts attempts) {
      Entry current = entry;
      AccessToken held = current == null ? null : current.token;
      Optional<AccessToken> shared = adoptable(held);
      if (shared.isPresent()) {
        return new Minted(shared.get(), true);
      }
      while (true) {
        Optional<Lease> lease = storeTryLease(key, leaseTtl());
        if (lease.isPresent()) {
          try (Lease granted = lease.get()) {
            if (granted != Lease.LOCAL) {
              shared = adoptable(held);
              if (shared.isPresent()) {
                return new Minted(shared.get(), true);
              }
            }
            AccessToken token =
                withRetries(
                    key.canonical(),
                    deadlineAt,
                    attempts,
                    () -> exchangeOnce(serverNow -> grants.grant(key.subject(), serverNow)));
            storePut(key, token);
            return new Minted(token, false);
          }
        }
        // Another process is minting this token: wait for its token, or for its lease to end
        // (released after a failure, or lapsed if it died), whichever comes first.
        if (clock.millis() + STORE_POLL.toMillis() >= deadlineAt) {
          throw new DeadlineExceededException(
              "no token for " + key.subject() + " (another process held the right to request it)",
              policy.deadline(),
              attempts.count,
              null);
        }
        pause(STORE_POLL, "waiting for another process's token for " + key.subject());
        shared = adoptable(held);
        if (shared.isPresent()) {
          return new Minted(shared.get(), true);
        }
      }
    }

    /** A token in the shared store that is fresh and not the one we already hold. */
    private Optional<AccessToken> adoptable(AccessToken held) {
      Optional<AccessToken> stored = storeGet(key);
      if (stored.isEmpty() || stored.get().equals(held)) {
        return Optional.empty();
      }
      return clock.millis() < newEntry(stored.get()).staleAt ? stored : Optional.empty();
    }
  }

  private record Minted(AccessToken token, boolean adopted) {}

  /**
   * One token request in progress for a key; whoever claims it runs it, everyone else waits. A
   * blocked caller's flight is claimed before it is published; a background refresh's is claimed by
   * its task, or by a caller whose token expired while the task still queued.
   */
  private static final class Flight {
    final CompletableFuture<AccessToken> result = new CompletableFuture<>();
    private final AtomicBoolean claimed = new AtomicBoolean();

    boolean claim() {
      return claimed.compareAndSet(false, true);
    }
  }

  private static final class Attempts {
    int count;
  }

  // ---- requests and retries ----

  private Duration leaseTtl() {
    // Short enough that others outlive a dead holder within their own deadline.
    return Duration.ofMillis(Math.max(1_000, policy.deadline().toMillis() / 3));
  }

  private AccessToken exchangeOnce(Function<Instant, Grant> grantFor) {
    Grant grant;
    try {
      grant = grantFor.apply(serverClock.now());
    } catch (AuthException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new KeyException(
          KeyException.Problem.SIGNING_FAILED,
          "the grant source",
          "making the grant failed with " + e.getClass().getSimpleName(),
          e);
    }
    Instant sentAt = clock.instant();
    TokenReply reply;
    try {
      reply = transport.exchange(grant);
    } catch (AuthException e) {
      throw e;
    } catch (RuntimeException e) {
      throw unexpected("token request", e);
    }
    if (reply.serverDate() != null
        && serverClock.learn(sentAt, clock.instant(), reply.serverDate())) {
      emit(new TokenEvent.ClockOffsetLearned(serverClock.offset()));
    }
    if (reply instanceof TokenReply.Issued issued) {
      return issued.token();
    }
    throw ((TokenReply.Refused) reply).error();
  }

  private <T> T withRetries(
      String operation, long deadlineAt, Attempts attempts, Supplier<T> attempt) {
    boolean skewRetried = false;
    boolean jtiRetried = false;
    while (true) {
      attempts.count++;
      long offsetBefore = serverClock.offsetMillis();
      AuthException failure;
      try {
        return attempt.get();
      } catch (AuthException e) {
        failure = e;
      }
      Duration delay = null;
      if (failure instanceof GrantRejectedException rejected) {
        if (rejected.reason() == GrantRejectedException.Reason.CLOCK_SKEW
            && !skewRetried
            && serverClock.offsetMillis() != offsetBefore) {
          // The reply's Date taught us the offset; the next assertion's exp uses it.
          skewRetried = true;
          delay = Duration.ZERO;
        } else if (rejected.reason() == GrantRejectedException.Reason.JTI_REUSED && !jtiRetried) {
          jtiRetried = true;
          delay = Duration.ZERO;
        }
      } else if (failure instanceof RateLimitedException limited) {
        delay = limited.retryAfter().isZero() ? backoff(attempts.count) : limited.retryAfter();
      } else if (failure.isTransient()) {
        delay = backoff(attempts.count);
      }
      if (delay == null || attempts.count >= policy.maxAttempts()) {
        throw failure;
      }
      if (clock.millis() + delay.toMillis() >= deadlineAt) {
        throw new DeadlineExceededException(
            "gave up on " + operation + " (the next attempt would be after the deadline)",
            policy.deadline(),
            attempts.count,
            failure);
      }
      emit(new TokenEvent.Retrying(operation, attempts.count, failure, delay));
      if (!delay.isZero()) {
        pause(delay, "waiting to retry " + operation);
      }
    }
  }

  /** Exponential backoff with "equal jitter": half fixed, half random, capped. */
  private Duration backoff(int attempt) {
    long base = policy.initialBackoff().toMillis() << Math.min(attempt - 1, 20);
    long capped = Math.min(base, policy.maxBackoff().toMillis());
    return Duration.ofMillis(capped / 2 + (long) (random.getAsDouble() * (capped / 2)));
  }

  private void pause(Duration d, String what) {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeadlineExceededException("interrupted " + what, policy.deadline(), 0, null);
    }
  }

  private static EndpointUnavailableException unexpected(String what, Throwable e) {
    return new EndpointUnavailableException(
        0, "the " + what + " failed unexpectedly with " + e.getClass().getName(), false, e);
  }

  // ---- the store may fail; tokens keep coming without it ----

  private Optional<AccessToken> storeGet(TokenKey key) {
    try {
      return store.get(key);
    } catch (RuntimeException e) {
      emit(new TokenEvent.StoreFailed("get", e));
      return Optional.empty();
    }
  }

  private void storePut(TokenKey key, AccessToken token) {
    try {
      store.put(key, token);
    } catch (RuntimeException e) {
      emit(new TokenEvent.StoreFailed("put", e));
    }
  }

  private void storeRemove(TokenKey key) {
    try {
      store.remove(key);
    } catch (RuntimeException e) {
      emit(new TokenEvent.StoreFailed("remove", e));
    }
  }

  private void storeRemove(TokenKey key, AccessToken token) {
    try {
      store.remove(key, token);
    } catch (RuntimeException e) {
      emit(new TokenEvent.StoreFailed("remove", e));
    }
  }

  private Optional<Lease> storeTryLease(TokenKey key, Duration ttl) {
    try {
      return store.tryLease(key, ttl);
    } catch (RuntimeException e) {
      emit(new TokenEvent.StoreFailed("lease", e));
      return Optional.of(Lease.LOCAL);
    }
  }

  private void emit(TokenEvent event) {
    try {
      listener.on(event);
    } catch (RuntimeException ignored) {
      // A faulty listener must not break token acquisition.
    }
  }
}
