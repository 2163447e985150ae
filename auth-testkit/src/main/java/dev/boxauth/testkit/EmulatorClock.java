package dev.boxauth.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The emulator's clock: real time plus a settable offset. It decides whether assertions have
 * expired, when tokens expire, and the {@code Date} header of every response, so setting a skew is
 * how a test puts the server's clock ahead of (or behind) the client's.
 *
 * <p>Thread-safe.
 */
public final class EmulatorClock {
  private final Clock base;
  private volatile Duration skew = Duration.ZERO;

  EmulatorClock(Clock base) {
    this.base = Objects.requireNonNull(base, "base");
  }

  /**
   * <em>Sets</em> the server's offset from real time (not cumulative): {@code skew(ofMinutes(5))}
   * twice leaves the server 5 minutes ahead; {@link Duration#ZERO} puts it back on time.
   *
   * @param offset positive for a server ahead of real time, negative for behind
   * @return this
   */
  public EmulatorClock skew(Duration offset) {
    this.skew = Objects.requireNonNull(offset, "offset");
    return this;
  }

  /** The current offset from real time. */
  public Duration skew() {
    return skew;
  }

  /** The server's current time: real time plus the offset. */
  public Instant now() {
    return base.instant().plus(skew);
  }

  @Override
  public String toString() {
    return "EmulatorClock[skew=" + skew + "]";
  }
}
