package dev.boxauth.service;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How the service waits: between attempts, and for a token request another caller runs. A seam so
 * that tests move fake clocks instead of sleeping.
 */
@FunctionalInterface
interface Sleeper {
  Sleeper REAL = d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);

  void sleep(Duration duration) throws InterruptedException;

  /** Waits up to {@code timeoutNanos} (of the service's ticker) for {@code result}. */
  default <T> T await(CompletableFuture<T> result, long timeoutNanos)
      throws InterruptedException, ExecutionException, TimeoutException {
    return result.get(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
  }
}
