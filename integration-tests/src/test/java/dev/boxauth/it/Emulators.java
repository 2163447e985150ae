package dev.boxauth.it;

import dev.boxauth.testkit.BoxEmulator;
import dev.boxauth.testkit.BoxEmulator.GrantType;
import dev.boxauth.testkit.BoxEmulator.Outcome;
import java.time.Duration;

/** Helpers over the emulator's counters. */
final class Emulators {
  private Emulators() {}

  /** Token requests that have been answered (or dropped) so far, of every grant and outcome. */
  static long ended(BoxEmulator emulator) {
    long n = 0;
    for (GrantType g : GrantType.values()) {
      for (Outcome o : Outcome.values()) {
        n += emulator.tokenRequests(g, o);
      }
    }
    return n;
  }

  /**
   * Waits until every token request that reached the emulator has ended, so that a request a client
   * gave up on (still held by an injected delay) is not counted in the next test. A
   * synchronisation, not an assertion about time.
   */
  static void awaitQuiet(BoxEmulator emulator, Duration atMost) throws InterruptedException {
    long giveUpAt = System.nanoTime() + atMost.toNanos();
    while (ended(emulator) < emulator.tokenRequests()) {
      if (System.nanoTime() > giveUpAt) {
        throw new AssertionError(
            "the emulator still holds "
                + (emulator.tokenRequests() - ended(emulator))
                + " token request(s) after "
                + atMost);
      }
      Thread.sleep(20);
    }
  }
}
