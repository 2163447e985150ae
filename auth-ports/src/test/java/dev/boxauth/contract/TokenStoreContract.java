package dev.boxauth.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.ClientId;
import dev.boxauth.domain.Restriction;
import dev.boxauth.domain.Secret;
import dev.boxauth.domain.Subject;
import dev.boxauth.domain.TokenKey;
import dev.boxauth.port.Lease;
import dev.boxauth.port.StoredToken;
import dev.boxauth.port.TokenStore;
import dev.boxauth.testing.MutableTicker;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link TokenStore} must do. A subclass supplies a fresh store and a way to let time
 * pass for it. Stores measure remaining lifetimes themselves; tokens are identified by value.
 */
public abstract class TokenStoreContract {
  /** How far a store's measure of a remaining lifetime may lag behind (a network round trip). */
  protected static final Duration SLACK = Duration.ofSeconds(2);

  /**
   * A fresh store. A store that ages tokens on a ticker uses {@code ticker}; one that measures time
   * itself (Redis) ignores it and overrides {@link #elapse}. Keys must not collide with other
   * tests'.
   */
  protected abstract TokenStore newStore(MutableTicker ticker) throws Exception;

  /** Lets {@code d} pass for the store. By default: moves the ticker. */
  protected void elapse(Duration d) throws Exception {
    ticker.advance(d);
  }

  protected MutableTicker ticker;
  protected TokenStore store;
  // A unique client per test, so stores shared between tests (Redis) don't interfere.
  protected ClientId client;
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  @BeforeEach
  void openStore() throws Exception {
    ticker = new MutableTicker();
    client = new ClientId("c" + UUID.randomUUID().toString().replace("-", ""));
    store = newStore(ticker);
  }

  protected TokenKey key(Subject subject) {
    return TokenKey.of(client, subject);
  }

  protected AccessToken token(String value, Duration lifetime) {
    return AccessToken.bearer(value, now, lifetime);
  }

  private static Duration remaining(Optional<StoredToken> found) {
    return found.orElseThrow().remaining();
  }

  @Test
  void get_whenEmpty_returnsEmpty() {
    assertThat(store.get(key(Subject.enterprise("1")))).isEmpty();
  }

  @Test
  void get_afterPut_returnsEqualTokenAndItsRemainingLifetime() {
    TokenKey key = key(Subject.enterprise("1"));
    AccessToken token = token("tok-1", Duration.ofHours(1));

    store.put(key, token, Duration.ofMinutes(30));

    Optional<StoredToken> found = store.get(key);
    assertThat(found).map(StoredToken::token).contains(token);
    assertThat(remaining(found))
        .isLessThanOrEqualTo(Duration.ofMinutes(30))
        .isGreaterThan(Duration.ofMinutes(30).minus(SLACK));
  }

  @Test
  void get_afterPut_keepsRestrictionsAndType() {
    TokenKey key = new TokenKey(client, Subject.user("7"), Set.of("item_preview"));
    AccessToken token =
        new AccessToken(
            Secret.of("tok-r"),
            "bearer",
            now,
            now.plus(Duration.ofMinutes(30)),
            List.of(
                new Restriction("item_preview", new Restriction.Item("file", "123")),
                new Restriction("item_upload", null)));

    store.put(key, token, Duration.ofMinutes(30));

    assertThat(store.get(key)).map(StoredToken::token).contains(token);
  }

  @Test
  void keys_differingInSubjectOrScopes_areIsolated() {
    TokenKey enterprise = key(Subject.enterprise("1"));
    TokenKey user = key(Subject.user("1"));
    TokenKey scoped = new TokenKey(client, Subject.enterprise("1"), Set.of("item_preview"));
    store.put(enterprise, token("e", Duration.ofHours(1)), Duration.ofHours(1));

    assertThat(store.get(user)).isEmpty();
    assertThat(store.get(scoped)).isEmpty();
  }

  @Test
  void put_replacesEarlierToken() {
    TokenKey key = key(Subject.enterprise("1"));
    store.put(key, token("old", Duration.ofHours(1)), Duration.ofHours(1));
    AccessToken newer = token("new", Duration.ofHours(1));

    store.put(key, newer, Duration.ofHours(1));

    assertThat(store.get(key)).map(StoredToken::token).contains(newer);
  }

  @Test
  void get_asTimePasses_reportsLessRemaining() throws Exception {
    TokenKey key = key(Subject.enterprise("1"));
    store.put(key, token("t", Duration.ofMinutes(10)), Duration.ofMinutes(10));

    elapse(Duration.ofMinutes(4));

    assertThat(remaining(store.get(key)))
        .isLessThanOrEqualTo(Duration.ofMinutes(6))
        .isGreaterThan(Duration.ofMinutes(6).minus(SLACK));
  }

  @Test
  void get_onceRemainingLifetimeHasPassed_returnsEmpty() throws Exception {
    TokenKey key = key(Subject.enterprise("1"));
    store.put(key, token("short", Duration.ofHours(1)), Duration.ofMinutes(10));

    elapse(Duration.ofMinutes(10));

    assertThat(store.get(key)).isEmpty();
  }

  @Test
  void put_withNoRemainingLifetime_dropsTheOldToken() {
    TokenKey key = key(Subject.enterprise("1"));
    store.put(key, token("old", Duration.ofHours(1)), Duration.ofHours(1));

    store.put(key, token("gone", Duration.ofHours(1)), Duration.ZERO);

    assertThat(store.get(key)).isEmpty();
  }

  @Test
  void remove_dropsToken() {
    TokenKey key = key(Subject.enterprise("1"));
    store.put(key, token("tok", Duration.ofHours(1)), Duration.ofHours(1));

    store.remove(key);

    assertThat(store.get(key)).isEmpty();
  }

  @Test
  void removeIfSame_sameValueWithOtherInstants_dropsIt() {
    TokenKey key = key(Subject.enterprise("1"));
    store.put(key, token("tok", Duration.ofHours(1)), Duration.ofHours(1));
    // The copy a reader holds is re-anchored to its own clock: same value, other instants.
    AccessToken copy = AccessToken.bearer("tok", now.plusSeconds(300), Duration.ofHours(1));

    store.remove(key, copy);

    assertThat(store.get(key)).isEmpty();
  }

  @Test
  void removeIfSame_whenReplacedMeanwhile_keepsNewer() {
    TokenKey key = key(Subject.enterprise("1"));
    AccessToken rejected = token("rejected", Duration.ofHours(1));
    AccessToken newer = token("newer", Duration.ofHours(1));
    store.put(key, newer, Duration.ofHours(1));

    store.remove(key, rejected);

    assertThat(store.get(key)).map(StoredToken::token).contains(newer);
  }

  @Test
  void tryLease_onFreshKey_grantsALeaseThatRenewsWhileHeldAndCanBeClosed() {
    Optional<Lease> lease = store.tryLease(key(Subject.enterprise("1")), Duration.ofSeconds(5));

    assertThat(lease).isPresent();
    assertThat(lease.get().renew(Duration.ofSeconds(5))).isTrue();
    lease.get().close();
    lease.get().close(); // closing twice is harmless
  }

  @Test
  void holdOff_isReadBackUntilItPasses() throws Exception {
    TokenKey key = key(Subject.enterprise("1"));
    TokenKey other = key(Subject.user("2"));

    store.holdOff(key, Duration.ofSeconds(30));

    assertThat(store.holdOffRemaining(key))
        .isLessThanOrEqualTo(Duration.ofSeconds(30))
        .isGreaterThan(Duration.ofSeconds(30).minus(SLACK));
    assertThat(store.holdOffRemaining(other)).isZero();
    elapse(Duration.ofSeconds(30));
    assertThat(store.holdOffRemaining(key)).isZero();
  }

  @Test
  void concurrentPutsAndGets_neverFailOrMixTokens() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        work.add(
            pool.submit(
                () -> {
                  TokenKey key = key(Subject.user(String.valueOf(thread + 1)));
                  for (int i = 0; i < 50; i++) {
                    AccessToken token = token("t" + thread + "-" + i, Duration.ofHours(1));
                    store.put(key, token, Duration.ofHours(1));
                    assertThat(store.get(key)).map(StoredToken::token).contains(token);
                  }
                }));
      }
      for (Future<?> f : work) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
