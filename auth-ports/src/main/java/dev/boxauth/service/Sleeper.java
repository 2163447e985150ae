package dev.boxauth.service;

import java.time.Duration;

/** Waits between attempts; a seam so tests can move a fake clock instead of sleeping. */
@FunctionalInterface
interface Sleeper {
  Sleeper REAL = d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);

  void sleep(Duration duration) throws InterruptedException;
}
