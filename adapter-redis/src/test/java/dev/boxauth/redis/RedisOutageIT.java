package dev.boxauth.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.ClientCredentials;
import dev.boxauth.domain.Subject;
import dev.boxauth.domain.TokenKey;
import dev.boxauth.port.Lease;
import dev.boxauth.port.StoredToken;
import dev.boxauth.port.TokenEvent;
import dev.boxauth.port.TokenSource;
import dev.boxauth.redis.testing.RedisServer;
import dev.boxauth.service.TokenPolicy;
import dev.boxauth.testing.FakeTokenTransport;
import io.lettuce.core.RedisCommandTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Redis going away, hanging and coming back: tokens keep coming, and Redis is used again. */
class RedisOutageIT {
  private static final Clock CLOCK = Clock.systemUTC();
  private static final Subject SUBJECT = Subject.enterprise("42");
  private static final Duration RECONNECT_WAIT = Duration.ofSeconds(30);

  private RedisServer redis;
  private ClientCredentials client;
  private TokenKey key;
  private RedisStoreConfig config;
  private FakeTokenTransport transport;

  @BeforeEach
  void setUp() throws Exception {
    redis = RedisServer.start();
    client = ClientCredentials.of("app" + UUID.randomUUID().toString().replace("-", ""), "s3cret");
    key = TokenKey.of(client.id(), SUBJECT);
    config = RedisStoreConfig.builder().uri(redis.uri()).aead(TestAead.shared()).build();
    transport = new FakeTokenTransport(CLOCK);
  }

  @AfterEach
  void tearDown() throws Exception {
    redis.close();
  }

  private FleetMember member() {
    return new FleetMember(config, client, transport, TokenPolicy.defaults(), CLOCK);
  }

  @Test
  void token_whenRedisStopsAndRestarts_keepsServingThenSharesThroughRedisAgain() throws Exception {
    try (FleetMember a = member();
        FleetMember b = member()) {
      TokenSource sourceA = a.service.source(SUBJECT);
      TokenSource sourceB = b.service.source(SUBJECT);
      AccessToken t1 = sourceA.token();
      assertThat(sourceB.token().value()).isEqualTo(t1.value());
      assertThat(transport.requests()).isEqualTo(1);

      redis.stop();

      // The cached token is served; a new one can be minted without Redis.
      assertThat(sourceA.token().value()).isEqualTo(t1.value());
      sourceA.invalidate(t1);
      AccessToken t2 = sourceA.token();
      assertThat(t2.value()).isNotEqualTo(t1.value());
      assertThat(transport.requests()).isEqualTo(2);
      assertThat(a.storeFailures()).contains("remove", "get", "lease", "put");
      assertThat(a.store.failures()).isGreaterThanOrEqualTo(4);
      assertThat(a.events)
          .filteredOn(TokenEvent.StoreFailed.class::isInstance)
          .allSatisfy(
              e ->
                  assertThat(((TokenEvent.StoreFailed) e).error().getMessage())
                      .doesNotContain(t1.value())
                      .doesNotContain(t2.value()));

      redis.restart();
      a.awaitStoreReachable(RECONNECT_WAIT);
      b.awaitStoreReachable(RECONNECT_WAIT);

      // A mints through Redis again (lease, put); B adopts A's token instead of asking Box.
      sourceA.invalidate();
      AccessToken t3 = sourceA.token();
      assertThat(transport.requests()).isEqualTo(3);
      long adoptedBefore = b.count(TokenEvent.Adopted.class);
      sourceB.invalidate(t1);
      assertThat(sourceB.token().value()).isEqualTo(t3.value());
      assertThat(transport.requests()).isEqualTo(3);
      assertThat(b.count(TokenEvent.Adopted.class)).isEqualTo(adoptedBefore + 1);
    }
  }

  @Test
  void store_whenRedisIsDownAtStart_worksWithoutItThenConnectsOnceItIsUp() throws Exception {
    redis.stop();
    try (FleetMember a = member()) {
      assertThatThrownBy(() -> a.store.get(key)).isInstanceOf(RuntimeException.class);
      AccessToken t1 = a.service.source(SUBJECT).token();
      assertThat(transport.requests()).isEqualTo(1);

      redis.restart();
      a.awaitStoreReachable(RECONNECT_WAIT);
      a.store.put(key, t1, Duration.ofHours(1));

      assertThat(a.store.get(key)).map(StoredToken::token).contains(t1);
    }
  }

  @Test
  void store_whenRedisHangs_failsAfterTheCommandTimeoutThenRecovers() throws Exception {
    config =
        config.toBuilder()
            .commandTimeout(Duration.ofMillis(200))
            .connectTimeout(Duration.ofMillis(500))
            .build();
    try (SharedTokenStore store = RedisTokenStoreModule.open(config)) {
      AccessToken t = AccessToken.bearer("t", CLOCK.instant(), Duration.ofHours(1));
      store.put(key, t, Duration.ofHours(1));
      Lease lease = store.tryLease(key, Duration.ofSeconds(30)).orElseThrow();

      redis.pause();
      try {
        assertThatThrownBy(() -> store.get(key))
            .isInstanceOf(RuntimeException.class)
            .hasRootCauseInstanceOf(RedisCommandTimeoutException.class)
            .hasMessageContaining("get failed");
        assertThatCode(lease::close).doesNotThrowAnyException();
        assertThat(store.failures()).isEqualTo(2);
      } finally {
        redis.resume();
      }

      assertThat(store.get(key)).map(StoredToken::token).contains(t);
    }
  }

  @Test
  void leaseClose_whenRedisIsGone_neverThrows() throws Exception {
    try (SharedTokenStore store = RedisTokenStoreModule.open(config)) {
      Lease lease = store.tryLease(key, Duration.ofSeconds(5)).orElseThrow();
      redis.stop();

      assertThatCode(lease::close).doesNotThrowAnyException();
      assertThat(store.failures()).isEqualTo(1);
    }
  }

  @Test
  void warnings_duringAnOutage_areRateLimitedThenRecoveryIsLogged() throws Exception {
    Logger log = (Logger) LoggerFactory.getLogger(RedisTokenStore.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    log.addAppender(appender);
    AtomicLong nanos = new AtomicLong();
    try (SharedTokenStore store = new RedisTokenStore(config, nanos::get, Duration.ofSeconds(30))) {
      store.get(key);
      redis.stop();

      for (int i = 0; i < 50; i++) {
        assertThatThrownBy(() -> store.get(key)).isInstanceOf(RuntimeException.class);
      }
      nanos.addAndGet(Duration.ofSeconds(31).toNanos());
      assertThatThrownBy(() -> store.get(key)).isInstanceOf(RuntimeException.class);
      redis.restart();
      long giveUpAt = System.nanoTime() + RECONNECT_WAIT.toNanos();
      boolean back = false;
      while (!back && System.nanoTime() < giveUpAt) {
        try {
          store.get(key);
          back = true;
        } catch (RuntimeException stillDown) {
          Thread.sleep(50);
        }
      }

      List<ILoggingEvent> warnings =
          appender.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
      List<ILoggingEvent> infos =
          appender.list.stream().filter(e -> e.getLevel() == Level.INFO).toList();
      assertThat(back).isTrue();
      assertThat(store.failures()).isGreaterThanOrEqualTo(51);
      assertThat(warnings).hasSize(2);
      assertThat(warnings.get(1).getFormattedMessage())
          .contains("49 warnings like this one suppressed");
      assertThat(infos).hasSize(1);
      assertThat(infos.get(0).getFormattedMessage()).contains("answers again");
    } finally {
      log.detachAppender(appender);
    }
  }
}
