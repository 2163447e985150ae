package dev.boxauth.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Another clock's time plus a fixed offset: a host whose wall clock is off. Thread-safe. */
public final class OffsetClock extends Clock {
  private final Clock base;
  private final Duration offset;

  public OffsetClock(Clock base, Duration offset) {
    this.base = base;
    this.offset = offset;
  }

  @Override
  public Instant instant() {
    return base.instant().plus(offset);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
