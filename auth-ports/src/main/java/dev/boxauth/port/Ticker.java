package dev.boxauth.port;

/**
 * A monotonic time source in nanoseconds: only the difference between two readings means something.
 * Tokens held in memory age on it, so that a step of the wall clock (NTP, a resumed VM, an
 * operator) neither serves an expired token nor drops a good one early. Thread-safe.
 */
@FunctionalInterface
public interface Ticker {

  /** {@link System#nanoTime()}: the default. */
  Ticker SYSTEM = System::nanoTime;

  /** The current reading; it never goes back. */
  long nanos();
}
