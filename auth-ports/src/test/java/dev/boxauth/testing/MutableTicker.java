package dev.boxauth.testing;

import dev.boxauth.port.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A monotonic ticker tests move by hand. It starts half an hour before {@code long} overflow, so
 * that code comparing readings the wrong way ({@code a < b} instead of {@code a - b < 0}) fails in
 * tests as it would after a long uptime. Thread-safe.
 */
public final class MutableTicker implements Ticker {
  public static final long START = Long.MAX_VALUE - Duration.ofMinutes(30).toNanos();

  private final AtomicLong nanos = new AtomicLong(START);

  public void advance(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("a ticker never goes back: " + d);
    }
    nanos.addAndGet(d.toNanos());
  }

  @Override
  public long nanos() {
    return nanos.get();
  }
}
