package dev.boxauth.service;

import static dev.boxauth.service.Harness.ENTERPRISE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.DeadlineExceededException;
import dev.boxauth.domain.RateLimitedException;
import dev.boxauth.domain.TokenKey;
import dev.boxauth.testing.SharedMemoryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, findings 3 and 11: in a fleet, the process holding a key's lease keeps it while it
 * works (renewed before each attempt and each wait), Box's {@code Retry-After} seen by one process
 * is honoured by all, and a process waiting for another's token polls the store gently. Services
 * share a {@link SharedMemoryStore} (leases as Redis grants them) and fake time.
 */
class FleetLeaseTest {
  private static final TokenKey KEY = TokenKey.of(Harness.CLIENT.id(), ENTERPRISE);
  private static final String RATE_LIMITED = "30";

  private final Harness h = new Harness();
  private final SharedMemoryStore store = new SharedMemoryStore(h.ticker);
  private final List<Instant> requestTimes = new CopyOnWriteArrayList<>();
  private final ExecutorService elsewhere = Executors.newSingleThreadExecutor();
  private final List<TokenService> services = new ArrayList<>();

  FleetLeaseTest() {
    h.transport.onRequest(() -> requestTimes.add(h.clock.instant()));
  }

  @AfterEach
  void tearDown() {
    elsewhere.shutdownNow();
    services.forEach(TokenService::close);
  }

  private TokenService process(Duration deadline, Sleeper sleeper) {
    TokenService s =
        new TokenService(
            h.grants,
            h.transport,
            store,
            e -> {},
            h.clock,
            h.ticker,
            TokenPolicy.builder().deadline(deadline).build(),
            sleeper,
            Runnable::run,
            () -> 0.5);
    services.add(s);
    return s;
  }

  private long requestsBefore(Instant t) {
    return requestTimes.stream().filter(r -> r.isBefore(t)).count();
  }

  /**
   * On the first release the lease (10 s, never renewed) lapsed while its holder waited out a 30 s
   * Retry-After; B took it and sent a second request inside Box's window.
   */
  @Test
  void token_holderWaitingOutRetryAfter_keepsItsLeaseSoNobodyRequestsInsideTheWindow() {
    h.transport.thenRateLimit(RATE_LIMITED);
    Instant windowEnds = h.clock.instant().plusSeconds(30);
    TokenService b = process(Duration.ofSeconds(3), h::advance);
    AtomicReference<Object> bOutcome = new AtomicReference<>();
    AtomicReference<Boolean> leasedWhenBAsked = new AtomicReference<>();
    Duration[] slept = {Duration.ZERO};
    TokenService a =
        process(
            Duration.ofSeconds(60),
            d -> {
              h.advance(d);
              slept[0] = slept[0].plus(d);
              if (bOutcome.get() == null && slept[0].compareTo(Duration.ofSeconds(25)) >= 0) {
                // 25 s into A's wait, B (another process) wants the token.
                leasedWhenBAsked.set(store.leased(KEY));
                bOutcome.set(outcome(b));
              }
            });

    AccessToken token = a.source(ENTERPRISE).token();

    assertThat(leasedWhenBAsked.get()).as("A's lease, 25 s into its 30 s wait").isTrue();
    assertThat(bOutcome.get()).isInstanceOf(DeadlineExceededException.class);
    assertThat(requestsBefore(windowEnds)).as("requests inside Box's window").isEqualTo(1);
    assertThat(token).isNotNull();
  }

  @Test
  void token_afterAnotherProcessWasToldToWait_waitsOutTheRestBeforeSending() {
    h.transport.thenRateLimit(RATE_LIMITED);
    Instant windowEnds = h.clock.instant().plusSeconds(30);
    // A can't wait 30 s (its deadline is 5 s): it gives up, and its 429 stays in the store.
    TokenService a = process(Duration.ofSeconds(5), h::advance);
    assertThatThrownBy(() -> a.source(ENTERPRISE).token())
        .isInstanceOf(DeadlineExceededException.class)
        .hasCauseInstanceOf(RateLimitedException.class);
    h.advance(Duration.ofSeconds(1));
    TokenService b = process(Duration.ofSeconds(60), h::advance);

    AccessToken token = b.source(ENTERPRISE).token();

    assertThat(token).isNotNull();
    assertThat(requestsBefore(windowEnds)).as("requests inside Box's window").isEqualTo(1);
    assertThat(requestTimes).hasSize(2);
  }

  @Test
  void token_holderWhoseLeaseLapsedAndWasTaken_followsTheNewHolder() {
    // A's only request takes longer than the lease lives; B takes the lapsed lease meanwhile and
    // stores its token; A must not send again but adopt B's.
    TokenService b = process(Duration.ofSeconds(30), h::advance);
    AtomicReference<Object> fromB = new AtomicReference<>();
    h.transport.then(
        g -> {
          h.advance(Duration.ofSeconds(11)); // lease: 10 s
          fromB.set(outcome(b));
          return h.transport.refuse(503, null, null, null);
        });
    TokenService a = process(Duration.ofSeconds(30), h::advance);

    AccessToken fromA = a.source(ENTERPRISE).token();

    assertThat(fromB.get()).isInstanceOf(AccessToken.class);
    assertThat(fromA.value()).isEqualTo(((AccessToken) fromB.get()).value());
    assertThat(h.transport.requests()).isEqualTo(2);
  }

  /** On the first release a waiting follower made 1,200 store commands per 30 s. */
  @Test
  void token_followerWaitingForAnotherProcess_makesAtMost60StoreCommandsPer30s() {
    store.tryLease(KEY, Duration.ofHours(1)); // another process holds it and never delivers
    int[] at30s = {-1};
    Instant start = h.clock.instant();
    TokenService follower =
        process(
            Duration.ofSeconds(31),
            d -> {
              h.advance(d);
              if (at30s[0] < 0 && !h.clock.instant().isBefore(start.plusSeconds(30))) {
                at30s[0] = store.commands();
              }
            });
    int before = store.commands();

    assertThatThrownBy(() -> follower.source(ENTERPRISE).token())
        .isInstanceOf(DeadlineExceededException.class)
        .hasMessageContaining("another process");

    int commands = (at30s[0] < 0 ? store.commands() : at30s[0]) - before;
    assertThat(commands).as("store commands in 30 s of waiting").isBetween(10, 60);
    assertThat(h.transport.requests()).isZero();
  }

  private Object outcome(TokenService service) {
    try {
      return elsewhere
          .submit(
              () -> {
                try {
                  return (Object) service.source(ENTERPRISE).token();
                } catch (RuntimeException e) {
                  return e;
                }
              })
          .get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
