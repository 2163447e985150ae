package dev.boxauth.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.ClientCredentials;
import dev.boxauth.domain.Subject;
import dev.boxauth.domain.TokenKey;
import dev.boxauth.port.TokenEvent;
import dev.boxauth.port.TokenTransport;
import dev.boxauth.redis.testing.RedisServer;
import dev.boxauth.service.TokenPolicy;
import dev.boxauth.testing.FakeTokenTransport;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fleet of token services sharing one Redis: one token request per key per lifetime, however many
 * processes and threads ask, and no stall when the process minting dies. Real clock, real
 * redis-server, short-lived tokens.
 */
class RedisFleetIT {
  private static final Logger LOG = LoggerFactory.getLogger(RedisFleetIT.class);
  private static final Clock CLOCK = Clock.systemUTC();
  private static final Subject SUBJECT = Subject.enterprise("42");
  private static RedisServer redis;

  private final List<FleetMember> members = new ArrayList<>();
  private ExecutorService callers;
  private ClientCredentials client;
  private RedisStoreConfig config;

  @BeforeAll
  static void startRedis() throws Exception {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    redis.close();
  }

  @BeforeEach
  void setUp() {
    callers = Executors.newCachedThreadPool();
    client = ClientCredentials.of("app" + UUID.randomUUID().toString().replace("-", ""), "s3cret");
    config = RedisStoreConfig.builder().uri(redis.uri()).aead(TestAead.shared()).build();
  }

  @AfterEach
  void tearDown() {
    callers.shutdownNow();
    members.forEach(FleetMember::close);
  }

  private List<FleetMember> fleet(int n, TokenTransport transport, TokenPolicy policy)
      throws InterruptedException {
    List<FleetMember> fleet = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      FleetMember m = new FleetMember(config, client, transport, policy, CLOCK);
      members.add(m);
      fleet.add(m);
      // A running fleet has its connections open before the load arrives.
      m.awaitStoreReachable(Duration.ofSeconds(10));
    }
    return fleet;
  }

  /** {@code callers} threads, spread over the fleet, all asking for the subject's token at once. */
  private List<AccessToken> callAtOnce(List<FleetMember> fleet, int threads) throws Exception {
    CyclicBarrier start = new CyclicBarrier(threads);
    List<Future<AccessToken>> calls = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      FleetMember m = fleet.get(i % fleet.size());
      calls.add(
          callers.submit(
              () -> {
                start.await(30, TimeUnit.SECONDS);
                return m.service.source(SUBJECT).token();
              }));
    }
    List<AccessToken> tokens = new ArrayList<>();
    for (Future<AccessToken> call : calls) {
      tokens.add(call.get(60, TimeUnit.SECONDS));
    }
    return tokens;
  }

  private static long total(List<FleetMember> fleet, Class<? extends TokenEvent> type) {
    return fleet.stream().mapToLong(m -> m.count(type)).sum();
  }

  @Test
  void token_64CallersOn8ProcessesOnAColdKey_makeOneRequestPerLifetime() throws Exception {
    FakeTokenTransport transport = new FakeTokenTransport(CLOCK).lifetime(Duration.ofSeconds(5));
    List<FleetMember> fleet = fleet(8, transport, TokenPolicy.defaults());

    List<AccessToken> first = callAtOnce(fleet, 64);
    int afterFirst = transport.requests();
    long issued1 = total(fleet, TokenEvent.Issued.class);
    long adopted1 = total(fleet, TokenEvent.Adopted.class);

    // Let the token expire everywhere (in Redis by its TTL, in each process by its clock).
    long waitMillis = first.get(0).expiresAt().toEpochMilli() - CLOCK.millis() + 100;
    Thread.sleep(Math.max(0, waitMillis));
    List<AccessToken> second = callAtOnce(fleet, 64);
    int afterSecond = transport.requests();

    LOG.info(
        "fleet of 8, 64 callers: cold key {} request(s) (issued {}, adopted {}); after expiry {}"
            + " request(s) in all (issued {}, adopted {}); store failures {}",
        afterFirst,
        issued1,
        adopted1,
        afterSecond,
        total(fleet, TokenEvent.Issued.class),
        total(fleet, TokenEvent.Adopted.class),
        fleet.stream().mapToLong(m -> m.store.failures()).sum());
    assertThat(afterFirst).isEqualTo(1);
    assertThat(first).hasSize(64).allMatch(t -> t.value().equals(first.get(0).value()));
    assertThat(issued1).isEqualTo(1);
    assertThat(adopted1).isEqualTo(7);
    assertThat(afterSecond).isEqualTo(2);
    assertThat(second).hasSize(64).allMatch(t -> t.value().equals(second.get(0).value()));
    assertThat(second.get(0).value()).isNotEqualTo(first.get(0).value());
    assertThat(fleet).allMatch(m -> m.store.failures() == 0 && m.storeFailures().isEmpty());
  }

  @Test
  void token_whenTheLeaseHolderHangs_theOthersGetATokenWithinTheDeadline() throws Exception {
    // Deadline 6 s, so the lease lives 2 s: a hung holder costs the others about that much.
    TokenPolicy policy = TokenPolicy.builder().deadline(Duration.ofSeconds(6)).build();
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    FakeTokenTransport hung =
        new FakeTokenTransport(CLOCK)
            .onRequest(
                () -> {
                  holding.countDown();
                  try {
                    release.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    FakeTokenTransport healthy = new FakeTokenTransport(CLOCK);
    FleetMember holder = fleet(1, hung, policy).get(0);
    List<FleetMember> others = fleet(7, healthy, policy);
    try {
      Future<AccessToken> stuck = callers.submit(() -> holder.service.source(SUBJECT).token());
      assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
      byte[] leaseKey =
          (config.keyPrefix() + "lease:" + TokenKey.of(client.id(), SUBJECT).canonical())
              .getBytes(java.nio.charset.StandardCharsets.UTF_8);
      assertThat(redis.raw().exists(leaseKey)).isEqualTo(1); // the hung process holds the lease

      List<AccessToken> tokens = callAtOnce(others, 28);

      LOG.info(
          "hung lease holder: others made {} request(s), issued {}, adopted {}",
          healthy.requests(),
          total(others, TokenEvent.Issued.class),
          total(others, TokenEvent.Adopted.class));
      assertThat(tokens).hasSize(28).allMatch(t -> t.value().equals(tokens.get(0).value()));
      assertThat(healthy.requests()).isEqualTo(1);
      assertThat(total(others, TokenEvent.Failed.class)).isZero();
      assertThat(stuck).isNotDone();

      release.countDown();
      // The hung process finishes late; its lease had lapsed, so releasing it frees nothing.
      assertThat(stuck.get(10, TimeUnit.SECONDS)).isNotNull();
      assertThat(holder.store.failures()).isZero();
    } finally {
      release.countDown();
    }
  }

  @Test
  void token_refreshAheadAcrossTheFleet_makesOneRequest() throws Exception {
    // 8 s tokens: stale after 4 s (half their life), unusable after 6 s (expiry margin 2 s).
    FakeTokenTransport transport = new FakeTokenTransport(CLOCK).lifetime(Duration.ofSeconds(8));
    List<FleetMember> fleet = fleet(4, transport, TokenPolicy.defaults());
    AccessToken first = callAtOnce(fleet, 16).get(0);

    // Once stale, each process refreshes ahead in the background while still serving the token;
    // the fleet must still make one request between them.
    Thread.sleep(Math.max(0, first.issuedAt().toEpochMilli() + 4_500 - CLOCK.millis()));
    List<AccessToken> stale = callAtOnce(fleet, 16);
    long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (fleet.stream()
            .anyMatch(m -> m.count(TokenEvent.Issued.class) + m.count(TokenEvent.Adopted.class) < 2)
        && System.nanoTime() < giveUpAt) {
      Thread.sleep(20);
    }

    LOG.info(
        "refresh ahead, fleet of 4: {} request(s) in all, issued {}, adopted {}",
        transport.requests(),
        total(fleet, TokenEvent.Issued.class),
        total(fleet, TokenEvent.Adopted.class));
    // Tokens are compared by value: each process re-anchors a shared token to its own clock.
    // Nobody waited for the refresh: each caller got the still-valid token, or, if the background
    // refresh had already landed in its process, the new one. Never a third.
    AccessToken refreshed = fleet.get(0).service.source(SUBJECT).token();
    assertThat(refreshed.value()).isNotEqualTo(first.value());
    assertThat(stale)
        .allMatch(t -> t.value().equals(first.value()) || t.value().equals(refreshed.value()));
    assertThat(transport.requests()).isEqualTo(2);
    assertThat(total(fleet, TokenEvent.Issued.class)).isEqualTo(2);
    assertThat(total(fleet, TokenEvent.Adopted.class)).isEqualTo(6);
  }

  @Test
  void token_whenTheLeaseHolderIsRefused_theOthersSeeTheTypedErrorPromptly() throws Exception {
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch othersWaiting = new CountDownLatch(1);
    FakeTokenTransport refusing =
        new FakeTokenTransport(CLOCK)
            .onRequest(
                () -> {
                  holding.countDown();
                  try {
                    othersWaiting.await(30, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    refusing.otherwise(
        g -> refusing.refuse(400, "invalid_client", "The client credentials are invalid", null));
    // A 6 s deadline gives a 2 s lease: the others must not wait for it to lapse.
    List<FleetMember> fleet =
        fleet(6, refusing, TokenPolicy.builder().deadline(Duration.ofSeconds(6)).build());
    callers.submit(() -> fleet.get(0).service.source(SUBJECT).token());
    assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
    List<Future<String>> others = new ArrayList<>();
    for (int i = 1; i < 6; i++) {
      FleetMember m = fleet.get(i);
      others.add(
          callers.submit(
              () -> {
                try {
                  m.service.source(SUBJECT).token();
                  return "token";
                } catch (RuntimeException e) {
                  return e.getClass().getSimpleName();
                }
              }));
    }
    Thread.sleep(300); // the others now watch the store
    othersWaiting.countDown(); // the holder is refused and releases its lease

    List<String> outcomes = new ArrayList<>();
    for (Future<String> f : others) {
      outcomes.add(f.get(30, TimeUnit.SECONDS));
    }
    assertThat(outcomes).containsOnly("ClientRejectedException");
  }
}
