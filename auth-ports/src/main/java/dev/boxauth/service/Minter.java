package dev.boxauth.service;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.DeadlineExceededException;
import dev.boxauth.domain.TokenKey;
import dev.boxauth.port.GrantSource;
import dev.boxauth.port.Lease;
import dev.boxauth.port.StoredToken;
import dev.boxauth.port.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * Gets a new token for one slot, coordinating with the other processes that share the store: it
 * adopts a fresh token from the store if there is one; otherwise it takes the key's lease and
 * requests one (renewing the lease before each attempt and each wait, and sharing Box's {@code
 * Retry-After} through the store); while another process holds the lease, it waits for that
 * process's token with exponential backoff and jitter (100 ms doubling to 2 s: about 40 store
 * commands per waiting follower per 30 s), taking the lease over if it is released or lapses.
 *
 * <p>A stored token's age is the store's measure of its remaining lifetime, re-anchored here: its
 * local expiry is the ticker reading before the read plus that remaining lifetime, and the copy
 * handed to callers expires at this host's clock now plus the same. A token tombstoned in the slot
 * is never adopted. Thread-safe.
 */
final class Minter {
  static final Duration FOLLOW_FIRST_WAIT = Duration.ofMillis(100);
  static final Duration FOLLOW_MAX_WAIT = Duration.ofSeconds(2);

  private final TolerantStore store;
  private final TokenRequester requester;
  private final GrantSource grants;
  private final Ticker ticker;
  private final Clock clock;
  private final Sleeper sleeper;
  private final TokenPolicy policy;
  private final DoubleSupplier random;

  Minter(
      TolerantStore store,
      TokenRequester requester,
      GrantSource grants,
      Ticker ticker,
      Clock clock,
      Sleeper sleeper,
      TokenPolicy policy,
      DoubleSupplier random) {
    this.store = store;
    this.requester = requester;
    this.grants = grants;
    this.ticker = ticker;
    this.clock = clock;
    this.sleeper = sleeper;
    this.policy = policy;
    this.random = random;
  }

  /** A new entry for a slot, and whether it came from the store. */
  record Minted(Entry entry, boolean adopted) {}

  /**
   * A new token for {@code slot}'s key.
   *
   * @param held the token the slot holds now (never adopted back), or null
   * @param deadline ticker reading by which to give up
   * @throws dev.boxauth.domain.AuthException typed
   * @throws Interrupted if the thread was interrupted
   */
  Minted mint(Slot slot, AccessToken held, long deadline, TokenRequester.Attempts attempts) {
    TokenKey key = slot.key;
    Entry shared = adoptable(slot, held);
    if (shared != null) {
      return new Minted(shared, true);
    }
    long followWait = FOLLOW_FIRST_WAIT.toNanos();
    while (true) {
      Optional<Lease> lease = store.tryLease(key, leaseTtl());
      if (lease.isPresent()) {
        Lease granted = lease.get();
        try {
          if (granted != Lease.LOCAL) {
            // Another process may have finished while we waited for the lease.
            shared = adoptable(slot, held);
            if (shared != null) {
              return new Minted(shared, true);
            }
          }
          TokenRequester.Issued issued =
              requester.exchange(
                  key.canonical(),
                  serverNow -> grants.grant(key.subject(), serverNow),
                  deadline,
                  attempts,
                  new LeaseGuard(key, granted));
          AccessToken token = issued.token().withCacheKey(key);
          long expiresAt = issued.sentAt() + token.lifetime().toNanos();
          store.put(key, token, Duration.ofNanos(expiresAt - ticker.nanos()));
          return new Minted(Entry.of(token, expiresAt, policy, random.getAsDouble()), false);
        } catch (TokenRequester.LeaseLost lost) {
          // Our lease lapsed and another process took it: it requests the token; follow it.
        } finally {
          granted.close();
        }
      }
      long wait = (long) (followWait * (0.75 + 0.5 * random.getAsDouble()));
      if (ticker.nanos() + wait - deadline >= 0) {
        throw new DeadlineExceededException(
            "no token for "
                + key.subject()
                + " (another process held the right to request it and has not stored one)",
            policy.deadline(),
            attempts.count,
            null);
      }
      TokenRequester.sleep(sleeper, Duration.ofNanos(wait));
      followWait = Math.min(followWait * 2, FOLLOW_MAX_WAIT.toNanos());
      shared = adoptable(slot, held);
      if (shared != null) {
        return new Minted(shared, true);
      }
    }
  }

  /** A fresh token in the store that is neither {@code held} nor dropped here, as an entry. */
  private Entry adoptable(Slot slot, AccessToken held) {
    long readAt = ticker.nanos();
    Optional<StoredToken> found = store.get(slot.key);
    if (found.isEmpty()) {
      return null;
    }
    StoredToken stored = found.get();
    AccessToken token = stored.token();
    if (held != null && token.secret().equals(held.secret())) {
      return null;
    }
    if (slot.isDropped(token, readAt)) {
      return null;
    }
    long expiresAt = readAt + stored.remaining().toNanos();
    AccessToken served =
        token.withExpiry(clock.instant().plus(stored.remaining())).withCacheKey(slot.key);
    Entry entry = Entry.of(served, expiresAt, policy, random.getAsDouble());
    return entry.isFreshAt(ticker.nanos()) ? entry : null;
  }

  /** Short enough that others outlive a dead holder within their own deadline. */
  private Duration leaseTtl() {
    return Duration.ofMillis(Math.max(1_000, policy.deadline().toMillis() / 3));
  }

  /** Keeps the lease while its holder works, and shares Box's Retry-After with the fleet. */
  private final class LeaseGuard implements TokenRequester.Guard {
    private final TokenKey key;
    private final Lease lease;

    LeaseGuard(TokenKey key, Lease lease) {
      this.key = key;
      this.lease = lease;
    }

    @Override
    public Duration beforeAttempt() {
      renew();
      return store.holdOffRemaining(key);
    }

    @Override
    public void beforeWait() {
      renew();
    }

    @Override
    public void rateLimited(Duration retryAfter) {
      store.holdOff(key, retryAfter);
    }

    @Override
    public long maxWaitNanos() {
      // Renew at least twice per time-to-live while waiting.
      return lease == Lease.LOCAL ? Long.MAX_VALUE : leaseTtl().toNanos() / 2;
    }

    private void renew() {
      if (!lease.renew(leaseTtl())) {
        throw new TokenRequester.LeaseLost();
      }
    }
  }
}
