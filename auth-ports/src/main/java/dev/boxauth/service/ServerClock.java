package dev.boxauth.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The token server's clock, as offset from this host's, learned from the {@code Date} header of
 * every reply. Used so that the first assertion after a restart on a skewed host is already right.
 */
final class ServerClock {
  // Date has whole seconds and is truncated, so the server's true time is half a second later on
  // average.
  private static final long DATE_RESOLUTION_CENTER_MILLIS = 500;
  // Changes smaller than this are noise from Date's one-second resolution and network delay.
  private static final long SIGNIFICANT_CHANGE_MILLIS = 1_000;

  private final Clock clock;
  private volatile long offsetMillis;

  ServerClock(Clock clock) {
    this.clock = clock;
  }

  /** The server's current time as best known. */
  Instant now() {
    return clock.instant().plusMillis(offsetMillis);
  }

  Duration offset() {
    return Duration.ofMillis(offsetMillis);
  }

  long offsetMillis() {
    return offsetMillis;
  }

  /**
   * Updates the offset from one reply. Returns true if it moved significantly.
   *
   * @param sentAt local time the request left
   * @param receivedAt local time the reply arrived
   * @param serverDate the reply's Date
   */
  boolean learn(Instant sentAt, Instant receivedAt, Instant serverDate) {
    long midpoint = (sentAt.toEpochMilli() + receivedAt.toEpochMilli()) / 2;
    long measured = serverDate.toEpochMilli() + DATE_RESOLUTION_CENTER_MILLIS - midpoint;
    if (Math.abs(measured - offsetMillis) < SIGNIFICANT_CHANGE_MILLIS) {
      return false;
    }
    offsetMillis = measured;
    return true;
  }
}
