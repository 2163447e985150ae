package dev.boxauth.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.ClientId;
import dev.boxauth.domain.Subject;
import dev.boxauth.domain.TokenKey;
import dev.boxauth.port.Lease;
import dev.boxauth.port.StoredToken;
import dev.boxauth.port.TokenStore;
import dev.boxauth.redis.testing.RedisServer;
import dev.boxauth.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the Redis store writes, and how it guards it; against a real redis-server. */
class RedisTokenStoreTest {
  private static RedisServer redis;

  private MutableClock clock;
  private String prefix;
  private TokenKey key;
  private SharedTokenStore store;

  @BeforeAll
  static void startRedis() throws Exception {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    redis.close();
  }

  @BeforeEach
  void open() {
    clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    prefix = "test:" + UUID.randomUUID() + ":";
    key = TokenKey.of(new ClientId("app"), Subject.enterprise("42"));
    store = open(TestAead.shared());
  }

  @AfterEach
  void close() {
    store.close();
  }

  private SharedTokenStore open(com.google.crypto.tink.Aead aead) {
    return RedisTokenStoreModule.open(
        RedisStoreConfig.builder().uri(redis.uri()).aead(aead).keyPrefix(prefix).build());
  }

  private byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private byte[] tokenKey(TokenKey k) {
    return bytes(prefix + "token:" + k.canonical());
  }

  private AccessToken token(String value, Duration lifetime) {
    return AccessToken.bearer(value, clock.instant(), lifetime);
  }

  @Test
  void put_storesCiphertextNotTheToken() {
    String value = "T9xPlainTokenValueThatMustNotAppear";
    store.put(key, token(value, Duration.ofHours(1)), Duration.ofHours(1));

    byte[] raw = redis.raw().get(tokenKey(key));

    assertThat(raw).isNotNull();
    assertThat(TokenSealerTest.indexOf(raw, bytes(value))).isEqualTo(-1);
    assertThat(TokenSealerTest.indexOf(raw, bytes("bearer"))).isEqualTo(-1);
  }

  @Test
  void get_valueCopiedToAnotherKey_isTreatedAsAbsentAndCounted() {
    TokenKey other = TokenKey.of(new ClientId("app"), Subject.user("7"));
    store.put(key, token("enterprise-token", Duration.ofHours(1)), Duration.ofHours(1));
    redis.raw().set(tokenKey(other), redis.raw().get(tokenKey(key)));

    Optional<StoredToken> got = store.get(other);

    assertThat(got).isEmpty();
    assertThat(store.rejectedEntries()).isEqualTo(1);
    assertThat(store.get(key)).isPresent();
  }

  @Test
  void get_valueWrittenWithAnotherAead_isTreatedAsAbsent() {
    try (SharedTokenStore otherKey = open(TestAead.fresh())) {
      otherKey.put(key, token("other", Duration.ofHours(1)), Duration.ofHours(1));
    }

    assertThat(store.get(key)).isEmpty();
    assertThat(store.rejectedEntries()).isEqualTo(1);
  }

  @Test
  void get_garbageValue_isTreatedAsAbsent() {
    redis.raw().set(tokenKey(key), bytes("not a sealed token"));

    assertThat(store.get(key)).isEmpty();
    assertThat(store.rejectedEntries()).isEqualTo(1);
    assertThat(store.failures()).isZero();
  }

  @Test
  void put_setsRedisTtlToTheRemainingLifetime() {
    store.put(key, token("t", Duration.ofHours(1)), Duration.ofMinutes(10));

    long pttl = redis.raw().pttl(tokenKey(key));

    assertThat(pttl).isBetween(Duration.ofMinutes(9).toMillis(), Duration.ofMinutes(10).toMillis());
  }

  @Test
  void put_alreadyExpiredToken_dropsTheOldOne() {
    store.put(key, token("old", Duration.ofHours(1)), Duration.ofHours(1));
    AccessToken expired =
        AccessToken.bearer("gone", clock.instant().minusSeconds(120), Duration.ofSeconds(60));

    store.put(key, expired, Duration.ZERO);

    assertThat(redis.raw().exists(tokenKey(key))).isZero();
    assertThat(store.get(key)).isEmpty();
  }

  @Test
  void removeIfSame_whenOtherProcessReplacedIt_keepsTheirs() {
    AccessToken mine = token("mine", Duration.ofHours(1));
    AccessToken theirs = token("theirs", Duration.ofHours(1));
    store.put(key, mine, Duration.ofHours(1));
    try (SharedTokenStore other = open(TestAead.shared())) {
      other.put(key, theirs, Duration.ofHours(1));
    }

    store.remove(key, mine);

    assertThat(store.get(key)).map(StoredToken::token).contains(theirs);
  }

  @Test
  void removeIfSame_sameValueAndKey_deletesTheEntry() {
    AccessToken mine = token("mine", Duration.ofHours(1));
    store.put(key, mine, Duration.ofHours(1));

    store.remove(key, AccessToken.bearer("mine", clock.instant(), Duration.ofHours(1)));

    assertThat(redis.raw().exists(tokenKey(key))).isZero();
  }

  @Test
  void tryLease_heldByAnotherProcess_isRefusedUntilReleased() {
    try (SharedTokenStore other = open(TestAead.shared())) {
      Optional<Lease> first = store.tryLease(key, Duration.ofSeconds(10));
      Optional<Lease> second = other.tryLease(key, Duration.ofSeconds(10));
      assertThat(first).isPresent();
      assertThat(second).isEmpty();

      first.get().close();

      Optional<Lease> third = other.tryLease(key, Duration.ofSeconds(10));
      assertThat(third).isPresent();
      third.get().close();
    }
  }

  @Test
  void tryLease_writesARandomValueWithTheTtl() {
    Optional<Lease> lease = store.tryLease(key, Duration.ofSeconds(7));
    byte[] leaseKey = bytes(prefix + "lease:" + key.canonical());

    assertThat(lease).isPresent();
    assertThat(redis.raw().get(leaseKey)).hasSize(16);
    assertThat(redis.raw().pttl(leaseKey)).isBetween(1L, 7_000L);
    lease.get().close();
    assertThat(redis.raw().exists(leaseKey)).isZero();
  }

  @Test
  void leaseClose_afterItLapsedAndAnotherTookIt_leavesTheOtherOne() throws Exception {
    Lease lapsed = store.tryLease(key, Duration.ofMillis(50)).orElseThrow();
    byte[] leaseKey = bytes(prefix + "lease:" + key.canonical());
    while (redis.raw().exists(leaseKey) != 0) {
      Thread.sleep(10);
    }
    try (SharedTokenStore other = open(TestAead.shared())) {
      Lease current = other.tryLease(key, Duration.ofSeconds(10)).orElseThrow();

      lapsed.close();

      assertThat(store.tryLease(key, Duration.ofSeconds(10))).isEmpty();
      current.close();
    }
  }

  @Test
  void leaseRenew_whileHeld_extendsItsTtl() {
    Lease lease = store.tryLease(key, Duration.ofSeconds(2)).orElseThrow();
    byte[] leaseKey = bytes(prefix + "lease:" + key.canonical());

    assertThat(lease.renew(Duration.ofSeconds(60))).isTrue();

    assertThat(redis.raw().pttl(leaseKey)).isGreaterThan(50_000L);
    lease.close();
    assertThat(lease.renew(Duration.ofSeconds(60))).as("after release").isFalse();
  }

  @Test
  void leaseRenew_afterItLapsedAndAnotherTookIt_isRefusedAndLeavesTheOther() {
    Lease lapsed = store.tryLease(key, Duration.ofSeconds(30)).orElseThrow();
    byte[] leaseKey = bytes(prefix + "lease:" + key.canonical());
    redis.raw().del(leaseKey); // it lapsed
    try (SharedTokenStore other = open(TestAead.shared())) {
      Lease current = other.tryLease(key, Duration.ofSeconds(10)).orElseThrow();

      assertThat(lapsed.renew(Duration.ofSeconds(60))).isFalse();

      assertThat(redis.raw().pttl(leaseKey)).isBetween(1L, 10_000L);
      current.close();
    }
  }

  @Test
  void holdOff_isReadBackAndNeverShortened() {
    byte[] holdOffKey = bytes(prefix + "holdoff:" + key.canonical());

    store.holdOff(key, Duration.ofSeconds(30));
    store.holdOff(key, Duration.ofSeconds(5)); // an older, shorter one arriving late

    assertThat(redis.raw().pttl(holdOffKey)).isBetween(25_000L, 30_000L);
    assertThat(store.holdOffRemaining(key))
        .isBetween(Duration.ofSeconds(25), Duration.ofSeconds(30));
  }

  @Test
  void get_returnsTheRemainingLifetimeRedisMeasures() {
    store.put(key, token("t", Duration.ofHours(1)), Duration.ofMinutes(10));
    redis.raw().pexpire(tokenKey(key), Duration.ofMinutes(3).toMillis()); // time passed for Redis

    assertThat(store.get(key).orElseThrow().remaining())
        .isBetween(Duration.ofMinutes(3).minusSeconds(2), Duration.ofMinutes(3));
  }

  @Test
  void tryLease_nonPositiveTtl_isRefused() {
    assertThatThrownBy(() -> store.tryLease(key, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keys_scopedAndUserKeys_liveUnderTheirCanonicalForm() {
    TokenKey scoped = new TokenKey(new ClientId("app"), Subject.user("9"), Set.of("b", "a"));
    store.put(scoped, token("s", Duration.ofHours(1)), Duration.ofHours(1));

    assertThat(redis.raw().exists(bytes(prefix + "token:app/user/9/a b"))).isEqualTo(1);
  }

  @Test
  void operations_afterClose_failWithoutHanging() {
    store.close();

    assertThatThrownBy(() -> store.get(key))
        .isInstanceOf(RuntimeException.class)
        .hasMessageContaining("closed");
    store.close(); // twice is harmless
  }

  @Test
  void toString_namesLocationAndPrefixOnly() {
    assertThat(store.toString()).contains("127.0.0.1:" + redis.port()).contains(prefix);
  }

  @Test
  void module_bindsOneClosableSharedStoreAsTheTokenStore() {
    Injector injector =
        Guice.createInjector(
            new RedisTokenStoreModule(
                RedisStoreConfig.builder()
                    .uri(redis.uri())
                    .aead(TestAead.shared())
                    .keyPrefix(prefix)
                    .build()),
            new AbstractModule() {
              @Override
              protected void configure() {
                bind(Clock.class).toInstance(clock);
              }
            });

    TokenStore tokenStore = injector.getInstance(TokenStore.class);
    Set<AutoCloseable> closeables =
        injector.getInstance(Key.get(new TypeLiteral<Set<AutoCloseable>>() {}));
    try {
      assertThat(tokenStore).isSameAs(injector.getInstance(SharedTokenStore.class));
      assertThat(closeables).containsExactly((AutoCloseable) tokenStore);
      AccessToken t = token("guice", Duration.ofHours(1));
      tokenStore.put(key, t, Duration.ofHours(1));
      assertThat(store.get(key)).map(StoredToken::token).contains(t);
    } finally {
      ((SharedTokenStore) tokenStore).close();
    }
  }

  @Test
  void wrongPassword_failsWithoutQuotingIt() throws Exception {
    try (RedisServer locked = RedisServer.start("--requirepass", "right-password");
        SharedTokenStore wrong =
            RedisTokenStoreModule.open(
                RedisStoreConfig.builder()
                    .uri(locked.uri())
                    .aead(TestAead.shared())
                    .password("wrong-hunter2")
                    .build());
        SharedTokenStore right =
            RedisTokenStoreModule.open(
                RedisStoreConfig.builder()
                    .uri(locked.uri())
                    .aead(TestAead.shared())
                    .password("right-password")
                    .build())) {

      assertThatThrownBy(() -> wrong.get(key))
          .isInstanceOf(RuntimeException.class)
          .satisfies(
              e -> {
                for (Throwable t = e; t != null; t = t.getCause()) {
                  assertThat(String.valueOf(t.getMessage())).doesNotContain("hunter2");
                }
              });
      assertThat(wrong.failures()).isEqualTo(1);
      assertThat(right.get(key)).isEmpty();
      assertThat(right.failures()).isZero();
    }
  }
}
