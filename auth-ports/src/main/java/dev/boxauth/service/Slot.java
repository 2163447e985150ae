package dev.boxauth.service;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.AuthException;
import dev.boxauth.domain.Secret;
import dev.boxauth.domain.TokenKey;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The cache of one key: the current token ({@link #entry}, read without locking on the hot path),
 * the request in progress ({@link #flight}, single flight), and the tombstones of tokens dropped
 * here.
 *
 * <p>A tombstone keeps a dropped token (by value) from coming back: from the store, or from a
 * flight that lands late. It lives until that token expires; a slot has 0 or 1 of them almost
 * always. Recording a tombstone, clearing the entry, installing an entry and retiring the slot all
 * happen under the slot's lock, so a token is never installed after its tombstone was recorded.
 *
 * <p>An idle slot (no usable token, no flight, no live tombstone) may be retired: its flight
 * becomes {@link Flight#RETIRED}, so no flight starts there again, and it leaves the map; whoever
 * holds it goes back to the map for the live one.
 */
final class Slot {
  private static final VarHandle FLIGHT;

  static {
    try {
      FLIGHT = MethodHandles.lookup().findVarHandle(Slot.class, "flight", Flight.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** A dropped token's value, refused until ticker reading {@code until}. */
  private record Tombstone(Secret value, long until) {}

  final TokenKey key;
  volatile Entry entry;
  volatile Flight flight;

  /** After a failed background refresh, no other starts before this ticker reading. */
  volatile long refreshNotBefore;

  private volatile Tombstone[] tombstones; // written under the lock; null when none

  Slot(TokenKey key, long now) {
    this.key = key;
    this.refreshNotBefore = now;
  }

  boolean publish(Flight f) {
    return FLIGHT.compareAndSet(this, (Flight) null, f);
  }

  boolean isRetired() {
    return flight == Flight.RETIRED;
  }

  /**
   * Installs the entry a flight brought, unless it was adopted from the store and dropped
   * meanwhile. (A token Box just issued can't have been dropped: nobody had it before it lands.)
   *
   * @return false if refused (a tombstone names it)
   */
  synchronized boolean install(Entry e, boolean adopted, long now) {
    if (adopted && isDropped(e.token(), now)) {
      return false;
    }
    entry = e;
    return true;
  }

  /** Ends {@code f} with its entry (already installed) and wakes its waiters. */
  void land(Flight f, Entry e) {
    FLIGHT.compareAndSet(this, f, (Flight) null);
    f.outcome.complete(e);
  }

  /** Ends {@code f} with a failure, shared by its waiters. */
  void fail(Flight f, AuthException error) {
    FLIGHT.compareAndSet(this, f, (Flight) null);
    f.outcome.completeExceptionally(error);
  }

  /** Ends {@code f} without an outcome: its waiters start over (one of them runs a new flight). */
  void abandon(Flight f) {
    FLIGHT.compareAndSet(this, f, (Flight) null);
    f.outcome.complete(null);
  }

  /** What a drop found. */
  enum Drop {
    /** The slot is retired: drop on the live slot instead. */
    RETIRED,
    /** The entry held the token and was cleared. */
    CLEARED,
    /** The entry did not hold it; the tombstone is recorded all the same. */
    NOT_CACHED
  }

  /**
   * Records a tombstone for {@code token} (until it expires), then clears the entry if it holds
   * that token.
   */
  synchronized Drop drop(AccessToken token, long now) {
    if (isRetired()) {
      return Drop.RETIRED;
    }
    Entry e = entry;
    boolean held = e != null && e.token().secret().equals(token.secret());
    bury(token.secret(), held ? e.expiresBy() : now + token.lifetime().toNanos(), now);
    if (!held) {
      return Drop.NOT_CACHED;
    }
    entry = null;
    return Drop.CLEARED;
  }

  /**
   * Records tombstones for whatever token the entry holds and for {@code stored} (the store's
   * token, or null), then clears the entry.
   *
   * @param storedUntil when {@code stored}'s tombstone may go
   */
  synchronized Drop dropAll(AccessToken stored, long storedUntil, long now) {
    if (isRetired()) {
      return Drop.RETIRED;
    }
    if (stored != null) {
      bury(stored.secret(), storedUntil, now);
    }
    Entry e = entry;
    if (e == null) {
      return Drop.NOT_CACHED;
    }
    bury(e.token().secret(), e.expiresBy(), now);
    entry = null;
    return Drop.CLEARED;
  }

  /** True if {@code token} was dropped here and its tombstone still lives. */
  boolean isDropped(AccessToken token, long now) {
    Tombstone[] t = tombstones;
    if (t == null) {
      return false;
    }
    for (Tombstone s : t) {
      if (now - s.until < 0 && s.value.equals(token.secret())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Retires this slot if it is idle: no flight, no usable token, no live tombstone, and nothing new
   * (created, or a failed refresh) for {@code quietNanos}.
   *
   * @return true if it is now retired
   */
  synchronized boolean retireIfIdle(long now, long quietNanos) {
    if (flight != null || now - refreshNotBefore < quietNanos) {
      return false;
    }
    Entry e = entry;
    if (e != null && e.isUsableAt(now)) {
      return false;
    }
    Tombstone[] t = tombstones;
    if (t != null) {
      for (Tombstone s : t) {
        if (now - s.until < 0) {
          return false;
        }
      }
    }
    if (!FLIGHT.compareAndSet(this, (Flight) null, Flight.RETIRED)) {
      return false;
    }
    entry = null;
    tombstones = null;
    return true;
  }

  private void bury(Secret value, long until, long now) {
    Tombstone[] old = tombstones;
    int live = 0;
    if (old != null) {
      for (Tombstone s : old) {
        if (now - s.until < 0) {
          live++;
        }
      }
    }
    Tombstone[] next = new Tombstone[live + 1];
    int i = 0;
    if (old != null) {
      for (Tombstone s : old) {
        if (now - s.until < 0) {
          next[i++] = s;
        }
      }
    }
    next[i] = new Tombstone(value, until);
    tombstones = next;
  }
}
