package dev.boxauth.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxauth.domain.Subject;
import dev.boxauth.port.Ticker;
import dev.boxauth.port.TokenSource;
import dev.boxauth.testing.FakeTokenTransport;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/**
 * The read of a fresh cached token is every API call's hot path: it must allocate nothing. Counts
 * bytes, not time, so it is deterministic on a noisy machine.
 */
class HotPathAllocationTest {

  @Test
  void token_whenFresh_allocatesNothing() {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Clock clock = Clock.systemUTC();
    Harness.RecordingGrants grants = new Harness.RecordingGrants();
    try (TokenService service =
        new TokenService(
            grants,
            new FakeTokenTransport(clock),
            new InMemoryTokenStore(Ticker.SYSTEM),
            e -> {},
            clock,
            Ticker.SYSTEM,
            TokenPolicy.defaults())) {
      TokenSource source = service.source(Subject.enterprise("42"));
      source.token();
      for (int i = 0; i < 200_000; i++) { // warm up so the JIT has compiled the path
        source.token();
      }
      long tid = Thread.currentThread().getId();

      long before = threads.getThreadAllocatedBytes(tid);
      for (int i = 0; i < 1_000_000; i++) {
        source.token();
      }
      long allocated = threads.getThreadAllocatedBytes(tid) - before;

      // A single allocation per call would be >= 16 MB; allow the probe's own few bytes.
      assertThat(allocated).isLessThan(4_096);
    }
  }
}
