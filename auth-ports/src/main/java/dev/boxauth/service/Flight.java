package dev.boxauth.service;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;

/**
 * One token request in progress for a key. Whoever claims it runs it; everyone else waits for its
 * outcome: an {@link Entry} (landed), {@code null} (abandoned: its runner was interrupted or hit an
 * {@link Error}, so a waiter starts a new one), or an {@code AuthException} (failed, shared with
 * the waiters).
 *
 * <p>A blocked caller's flight is claimed before it is published; a background refresh's is claimed
 * by its task, or by a caller whose token became unusable while the task still queued.
 */
final class Flight {
  /** The flight of a slot that was evicted: nobody may start one there again. */
  static final Flight RETIRED = new Flight(false);

  private static final VarHandle CLAIMED;

  static {
    try {
      CLAIMED = MethodHandles.lookup().findVarHandle(Flight.class, "claimed", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final CompletableFuture<Entry> outcome = new CompletableFuture<>();
  final boolean ahead;

  @SuppressWarnings("unused") // through CLAIMED
  private volatile boolean claimed;

  Flight(boolean ahead) {
    this.ahead = ahead;
  }

  /** True for the one caller that gets to run it. */
  boolean claim() {
    return CLAIMED.compareAndSet(this, false, true);
  }

  boolean isDone() {
    return outcome.isDone();
  }
}
