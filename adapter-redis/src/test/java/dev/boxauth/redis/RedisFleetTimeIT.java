package dev.boxauth.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.ClientCredentials;
import dev.boxauth.domain.DeadlineExceededException;
import dev.boxauth.domain.Subject;
import dev.boxauth.domain.TokenKey;
import dev.boxauth.port.TokenReply;
import dev.boxauth.redis.testing.RedisServer;
import dev.boxauth.service.TokenPolicy;
import dev.boxauth.testing.FakeTokenTransport;
import dev.boxauth.testing.OffsetClock;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * A fleet on a real Redis, in real time: hosts whose wall clocks are minutes apart share tokens by
 * their remaining lifetime (Redis's PTTL), a Retry-After seen by one process is honoured by all,
 * and a lease holder waiting out a Retry-After keeps its lease while a follower waits gently. These
 * are the fleet findings of issue 11 (2, 3, 11) against the real store.
 */
class RedisFleetTimeIT {
  private static final Logger LOG = LoggerFactory.getLogger(RedisFleetTimeIT.class);
  private static final Clock TRUE_CLOCK = Clock.systemUTC();
  private static final Subject SUBJECT = Subject.enterprise("42");
  private static RedisServer redis;

  private final List<FleetMember> members = new ArrayList<>();
  private final List<Instant> requestTimes = new CopyOnWriteArrayList<>();
  private ExecutorService callers;
  private ClientCredentials client;
  private RedisStoreConfig config;

  @BeforeAll
  static void startRedis() throws Exception {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @BeforeEach
  void setUp() {
    callers = Executors.newCachedThreadPool();
    client = ClientCredentials.of("app" + UUID.randomUUID().toString().replace("-", ""), "s3cret");
    // Generous timeouts: on a loaded machine a slow reply would count as an outage, and the
    // service would (rightly) carry on without the store, muddying what is measured here.
    config =
        RedisStoreConfig.builder()
            .uri(redis.uri())
            .aead(TestAead.shared())
            .commandTimeout(Duration.ofSeconds(5))
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  @AfterEach
  void tearDown() {
    callers.shutdownNow();
    members.forEach(FleetMember::close);
    assertThat(members).allMatch(m -> m.storeFailures().isEmpty(), "no store failures");
  }

  private FleetMember member(
      FakeTokenTransport box, TokenPolicy policy, Duration clockOff, CountingStore[] counted)
      throws InterruptedException {
    FleetMember m =
        new FleetMember(
            config,
            client,
            box,
            policy,
            new OffsetClock(TRUE_CLOCK, clockOff),
            s -> {
              if (counted == null) {
                return s;
              }
              counted[0] = new CountingStore(s);
              return counted[0];
            });
    members.add(m);
    m.awaitStoreReachable(Duration.ofSeconds(10));
    return m;
  }

  private FakeTokenTransport box(Duration lifetime, Map<String, Instant> trueExpiry) {
    FakeTokenTransport box = new FakeTokenTransport(TRUE_CLOCK);
    box.onRequest(() -> requestTimes.add(TRUE_CLOCK.instant()));
    box.otherwise(
        g -> {
          TokenReply.Issued r = box.issue("tok-" + UUID.randomUUID(), lifetime);
          trueExpiry.put(r.token().value(), r.token().expiresAt());
          return r;
        });
    return box;
  }

  private long requestsBefore(Instant t) {
    return requestTimes.stream().filter(r -> r.isBefore(t)).count();
  }

  @Test
  void token_hostsFiveMinutesApart_shareOneTokenPerRefreshAndServeNothingExpired()
      throws Exception {
    Map<String, Instant> trueExpiry = new ConcurrentHashMap<>();
    // 6 s tokens: stale after 3 s (half their life), unusable after 4.5 s.
    FakeTokenTransport box = box(Duration.ofSeconds(6), trueExpiry);
    List<FleetMember> fleet = new ArrayList<>();
    for (int minutes : new int[] {-5, 0, 5}) {
      fleet.add(member(box, TokenPolicy.defaults(), Duration.ofMinutes(minutes), null));
    }
    long runFor = TimeUnit.SECONDS.toNanos(15);
    long start = System.nanoTime();
    List<String> expiredServed = new ArrayList<>();
    int calls = 0;
    while (System.nanoTime() - start < runFor) {
      for (FleetMember m : fleet) {
        AccessToken t = m.service.source(SUBJECT).token();
        calls++;
        Instant now = TRUE_CLOCK.instant();
        if (!now.isBefore(trueExpiry.get(t.value()))) {
          expiredServed.add(t.value());
        }
      }
      Thread.sleep(100); // the pace of the callers, not a wait for concurrency
    }

    long adopted =
        fleet.stream().mapToLong(m -> m.count(dev.boxauth.port.TokenEvent.Adopted.class)).sum();
    LOG.info(
        "hosts -5/0/+5 min, 6 s tokens, 15 s: {} calls, {} requests, {} adoptions, {} expired served",
        calls,
        box.requests(),
        adopted,
        expiredServed.size());
    assertThat(expiredServed).isEmpty();
    // One request per 3 s refresh interval, fleet-wide (not one per host): at most 15 / 3 + 1.
    assertThat(box.requests()).isBetween(2, 6);
    assertThat(adopted).isGreaterThanOrEqualTo(2L * (box.requests() - 1));
  }

  @Test
  void token_afterAnotherProcessWasToldToWait_noRequestInsideTheWindow() throws Exception {
    FakeTokenTransport box = box(Duration.ofHours(1), new ConcurrentHashMap<>());
    box.thenRateLimit("3");
    // A can't wait 3 s (deadline 1 s): it gives up, and its 429 stays in Redis.
    FleetMember a =
        member(
            box,
            TokenPolicy.builder().deadline(Duration.ofSeconds(1)).build(),
            Duration.ZERO,
            null);
    FleetMember b = member(box, TokenPolicy.defaults(), Duration.ZERO, null);
    assertThatThrownBy(() -> a.service.source(SUBJECT).token())
        .isInstanceOf(DeadlineExceededException.class);
    Instant windowEnds = requestTimes.get(0).plusSeconds(3);

    AccessToken token = b.service.source(SUBJECT).token();

    LOG.info(
        "fleet-wide Retry-After 3 s: requests at {} (window ends {})", requestTimes, windowEnds);
    assertThat(token).isNotNull();
    assertThat(requestsBefore(windowEnds)).as("requests inside Box's window").isEqualTo(1);
    assertThat(requestTimes).hasSize(2);
  }

  @Test
  void token_holderWaitingOutA30sRetryAfter_keepsItsLeaseAndTheFollowerPollsGently()
      throws Exception {
    FakeTokenTransport box = box(Duration.ofHours(1), new ConcurrentHashMap<>());
    box.thenRateLimit("30");
    // Deadline 40 s: the lease lives 13 s per renewal, renewed every 6.5 s while A waits.
    FleetMember a =
        member(
            box,
            TokenPolicy.builder().deadline(Duration.ofSeconds(40)).build(),
            Duration.ZERO,
            null);
    CountingStore[] followerStore = new CountingStore[1];
    FleetMember b =
        member(
            box,
            TokenPolicy.builder().deadline(Duration.ofSeconds(40)).build(),
            Duration.ZERO,
            followerStore);
    Future<AccessToken> holder = callers.submit(() -> a.service.source(SUBJECT).token());
    byte[] leaseKey =
        (config.keyPrefix() + "lease:" + TokenKey.of(client.id(), SUBJECT).canonical())
            .getBytes(StandardCharsets.UTF_8);
    while (requestTimes.isEmpty()) {
      Thread.onSpinWait(); // A's first request (the 429) has been made
    }
    Instant windowEnds = requestTimes.get(0).plusSeconds(30);
    Future<AccessToken> follower = callers.submit(() -> b.service.source(SUBJECT).token());
    Thread.sleep(20_000); // the scenario's own pace: 20 s into A's 30 s wait
    boolean leasedAt20s = redis.raw().exists(leaseKey) == 1;
    int followerCommandsIn20s = followerStore[0].commands.get();

    AccessToken fromA = holder.get(60, TimeUnit.SECONDS);
    AccessToken fromB = follower.get(60, TimeUnit.SECONDS);

    LOG.info(
        "lease holder waiting 30 s: lease held at 20 s {}, follower store commands in 20 s {},"
            + " requests at {}; A {}; B {}",
        leasedAt20s,
        followerCommandsIn20s,
        requestTimes,
        a.events,
        b.events);
    assertThat(leasedAt20s).as("A's lease, 20 s into its 30 s wait").isTrue();
    assertThat(requestsBefore(windowEnds)).as("requests inside Box's window").isEqualTo(1);
    assertThat(requestTimes).hasSize(2);
    assertThat(fromB.value()).isEqualTo(fromA.value());
    // At most 60 per 30 s, so at most 40 in 20 s.
    assertThat(followerCommandsIn20s).isLessThanOrEqualTo(40);
  }
}
