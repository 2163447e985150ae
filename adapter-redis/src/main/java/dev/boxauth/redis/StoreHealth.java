package dev.boxauth.redis;

import dev.boxauth.domain.TokenKey;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the store's failures and refused entries, and logs them at most once per interval each, so
 * that an outage of any length costs a handful of log lines. Thread-safe.
 */
final class StoreHealth {
  static final Duration INTERVAL = Duration.ofSeconds(30);
  private static final Logger LOG = LoggerFactory.getLogger(RedisTokenStore.class);

  private final String where;
  private final LongSupplier nanoTime;
  private final long intervalNanos;
  private final LongAdder failures = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final Gate failureGate;
  private final Gate rejectedGate;
  // Set when an outage warning went out; the next success then says that Redis is back.
  private volatile boolean warned;

  StoreHealth(String where, LongSupplier nanoTime, Duration interval) {
    this.where = where;
    this.nanoTime = nanoTime;
    this.intervalNanos = interval.toNanos();
    this.failureGate = new Gate(nanoTime.getAsLong());
    this.rejectedGate = new Gate(nanoTime.getAsLong());
  }

  long failures() {
    return failures.sum();
  }

  long rejected() {
    return rejected.sum();
  }

  void failed(String operation, RuntimeException error) {
    failures.increment();
    long skipped = failureGate.pass();
    if (skipped >= 0) {
      warned = true;
      LOG.warn(
          "Redis token store {}: {}; tokens are requested without the store until it answers"
              + " again (failures so far: {}{})",
          where,
          error.getMessage(),
          failures.sum(),
          skipped == 0 ? "" : ", " + skipped + " warnings like this one suppressed");
    }
  }

  void succeeded() {
    if (warned) {
      warned = false;
      LOG.info("Redis token store {} answers again (failures so far: {})", where, failures.sum());
    }
  }

  void rejected(TokenKey key, String why) {
    rejected.increment();
    long skipped = rejectedGate.pass();
    if (skipped >= 0) {
      LOG.warn(
          "Redis token store {}: refused the entry for {}: {}; it is treated as absent (refused so"
              + " far: {}{})",
          where,
          key.canonical(),
          why,
          rejected.sum(),
          skipped == 0 ? "" : ", " + skipped + " warnings like this one suppressed");
    }
  }

  /** Lets one caller through per interval; counts the others. */
  private final class Gate {
    private final AtomicLong openAt;
    private final AtomicLong skipped = new AtomicLong();

    Gate(long now) {
      this.openAt = new AtomicLong(now);
    }

    /** The number of calls skipped since the last one let through, or -1 if this one is skipped. */
    long pass() {
      long now = nanoTime.getAsLong();
      long at = openAt.get();
      if (now - at >= 0 && openAt.compareAndSet(at, now + intervalNanos)) {
        return skipped.getAndSet(0);
      }
      skipped.incrementAndGet();
      return -1;
    }
  }
}
