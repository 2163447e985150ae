package dev.boxauth.service;

import dev.boxauth.port.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Box's clock, as learned from the {@code Date} of Box's own replies and kept on the ticker: server
 * time = the time learned + ticker time elapsed since. So a step of this host's wall clock does not
 * shift the assertion's {@code exp}. Until a reply teaches it, it is this host's wall clock.
 *
 * <p>A reply whose {@code Date} puts Box more than {@link #BOUND} away from this host is not
 * believed. Thread-safe.
 */
final class ServerClock {
  static final Duration BOUND = Duration.ofHours(24);
  // Date has whole seconds and is truncated, so the server's true time is half a second later on
  // average.
  private static final long DATE_RESOLUTION_CENTER_NANOS = 500_000_000L;
  // Changes smaller than this are noise from Date's one-second resolution and network delay.
  private static final long SIGNIFICANT_CHANGE_NANOS = 1_000_000_000L;

  /** What a reply taught. */
  enum Learned {
    /** Nothing new: within a second of what was known. */
    NOTHING,
    /** A new offset, now in use. */
    OFFSET,
    /** An implausible offset, ignored. */
    IGNORED
  }

  /** Box's time was {@code server} when the ticker read {@code ticks}. */
  private record Anchor(long ticks, Instant server) {}

  private final Clock clock;
  private final Ticker ticker;
  private volatile Anchor anchor;
  private volatile int generation;
  private volatile Duration lastIgnored = Duration.ZERO;

  ServerClock(Clock clock, Ticker ticker) {
    this.clock = clock;
    this.ticker = ticker;
  }

  /** Box's current time as best known. */
  Instant now() {
    Anchor a = anchor;
    return a == null ? clock.instant() : a.server.plusNanos(ticker.nanos() - a.ticks);
  }

  /** Box's clock minus this host's wall clock; zero until a reply teaches it. */
  Duration offset() {
    Anchor a = anchor;
    if (a == null) {
      return Duration.ZERO;
    }
    long ticks = ticker.nanos();
    Instant wall = clock.instant();
    return Duration.between(wall, a.server.plusNanos(ticks - a.ticks));
  }

  /** The offset the last implausible reply implied. */
  Duration lastIgnored() {
    return lastIgnored;
  }

  /** Counts the offsets learned: a changed value means a reply taught something new. */
  int generation() {
    return generation;
  }

  /**
   * Learns from one of Box's replies.
   *
   * @param sentAt ticker reading when the request left
   * @param receivedAt ticker reading when the reply arrived
   * @param serverDate the reply's Date
   */
  synchronized Learned learn(long sentAt, long receivedAt, Instant serverDate) {
    long midpoint = sentAt + (receivedAt - sentAt) / 2;
    Instant serverAtMidpoint = serverDate.plusNanos(DATE_RESOLUTION_CENTER_NANOS);
    Instant wallAtMidpoint = clock.instant().minusNanos(ticker.nanos() - midpoint);
    Duration measured = Duration.between(wallAtMidpoint, serverAtMidpoint);
    if (measured.abs().compareTo(BOUND) > 0) {
      lastIgnored = measured;
      return Learned.IGNORED;
    }
    Anchor a = anchor;
    Instant known = a == null ? wallAtMidpoint : a.server.plusNanos(midpoint - a.ticks);
    long change = Duration.between(known, serverAtMidpoint).abs().toNanos();
    if (a != null && change < SIGNIFICANT_CHANGE_NANOS) {
      return Learned.NOTHING;
    }
    anchor = new Anchor(midpoint, serverAtMidpoint);
    if (change < SIGNIFICANT_CHANGE_NANOS) {
      return Learned.NOTHING; // the first reply: anchored, though Box and this host agree
    }
    generation++;
    return Learned.OFFSET;
  }
}
