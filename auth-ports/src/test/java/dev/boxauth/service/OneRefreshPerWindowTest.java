package dev.boxauth.service;

import static dev.boxauth.service.Harness.ENTERPRISE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.port.TokenSource;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, finding 7: one refresh per staleness window. A stale reader that overlaps a landing
 * refresh must not start another: refresh-ahead re-checks the entry (and the refresh task re-checks
 * it after claiming). On the first release the overlapping reader queued a second refresh.
 */
class OneRefreshPerWindowTest {
  private final Harness h = new Harness();
  private final SingleFlightRaceTest.GateTicker ticker =
      new SingleFlightRaceTest.GateTicker(h.ticker);
  private final ExecutorService threads = Executors.newSingleThreadExecutor();

  @AfterEach
  void tearDown() {
    ticker.openAll();
    threads.shutdownNow();
    h.close();
  }

  @Test
  void token_staleReaderOverlappingALandingRefresh_startsNoSecondRefresh() throws Exception {
    TokenService service =
        new TokenService(
            h.grants,
            h.transport,
            h.store,
            e -> {},
            h.clock,
            ticker,
            TokenPolicy.defaults(),
            h::advance,
            h.manualExecutor,
            () -> 0.5);
    TokenSource source = service.source(ENTERPRISE);
    AccessToken first = source.token();
    h.advance(Duration.ofMinutes(56));
    source.token(); // stale: queues refresh 1
    // R reads the stale entry on its slow path and parks there.
    Future<AccessToken> reader =
        threads.submit(
            () -> {
              ticker.register("R", 3);
              return source.token();
            });
    assertThat(ticker.arrived("R", 3).await(10, TimeUnit.SECONDS)).isTrue();
    h.manualExecutor.runAll(); // refresh 1 lands

    ticker.gate("R", 3).countDown();
    AccessToken read = reader.get(10, TimeUnit.SECONDS);
    h.manualExecutor.runAll();

    assertThat(read).isSameAs(first); // it had read the stale one; still usable
    assertThat(h.transport.requests()).as("the first token and one refresh").isEqualTo(2);
    assertThat(source.token().value()).isNotEqualTo(first.value());
  }

  @Test
  void refreshTask_claimedAfterAnotherRefreshLanded_makesNoRequest() {
    TokenSource source = h.service().source(ENTERPRISE);
    h.executor = h.manualExecutor;
    TokenService service = h.service();
    AccessToken first = service.source(ENTERPRISE).token();
    h.advance(Duration.ofMinutes(56));
    source.token(); // queues refresh 1
    h.advance(Duration.ofMinutes(3).plusSeconds(30)); // unusable: a caller runs refresh 1 itself
    AccessToken refreshed = source.token();

    h.manualExecutor.runAll(); // the queued task finds its flight claimed already

    assertThat(refreshed.value()).isNotEqualTo(first.value());
    assertThat(h.transport.requests()).isEqualTo(2);
  }
}
