package dev.boxauth.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.ClientId;
import dev.boxauth.domain.Restriction;
import dev.boxauth.domain.Secret;
import dev.boxauth.domain.Subject;
import dev.boxauth.domain.TokenKey;
import dev.boxauth.port.Lease;
import dev.boxauth.port.TokenStore;
import dev.boxauth.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
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

/** What every {@link TokenStore} must do. A subclass supplies a fresh, empty store. */
public abstract class TokenStoreContract {

  /** A fresh store that judges expiry by {@code clock}. Keys must not collide with other tests'. */
  protected abstract TokenStore newStore(MutableClock clock) throws Exception;

  protected MutableClock clock;
  protected TokenStore store;
  // A unique client per test, so stores shared between tests (Redis) don't interfere.
  protected ClientId client;

  @BeforeEach
  void openStore() throws Exception {
    clock = new MutableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    store = newStore(clock);
    client = new ClientId("c" + UUID.randomUUID().toString().replace("-", ""));
  }

  protected TokenKey key(Subject subject) {
    return TokenKey.of(client, subject);
  }

  protected AccessToken token(String value, Duration lifetime) {
    return AccessToken.bearer(value, clock.instant(), lifetime);
  }

  @Test
  void get_whenEmpty_returnsEmpty() {
    assertThat(store.get(key(Subject.enterprise("1")))).isEmpty();
  }

  @Test
  void get_afterPut_returnsEqualToken() {
    TokenKey key = key(Subject.enterprise("1"));
    AccessToken token = token("tok-1", Duration.ofHours(1));

    store.put(key, token);

    assertThat(store.get(key)).contains(token);
  }

  @Test
  void get_afterPut_keepsRestrictionsAndType() {
    TokenKey key = new TokenKey(client, Subject.user("7"), Set.of("item_preview"));
    AccessToken token =
        new AccessToken(
            Secret.of("tok-r"),
            "bearer",
            clock.instant(),
            clock.instant().plus(Duration.ofMinutes(30)),
            List.of(
                new Restriction("item_preview", new Restriction.Item("file", "123")),
                new Restriction("item_upload", null)));

    store.put(key, token);

    assertThat(store.get(key)).contains(token);
  }

  @Test
  void keys_differingInSubjectOrScopes_areIsolated() {
    TokenKey enterprise = key(Subject.enterprise("1"));
    TokenKey user = key(Subject.user("1"));
    TokenKey scoped = new TokenKey(client, Subject.enterprise("1"), Set.of("item_preview"));
    store.put(enterprise, token("e", Duration.ofHours(1)));

    assertThat(store.get(user)).isEmpty();
    assertThat(store.get(scoped)).isEmpty();
  }

  @Test
  void put_replacesEarlierToken() {
    TokenKey key = key(Subject.enterprise("1"));
    store.put(key, token("old", Duration.ofHours(1)));
    AccessToken newer = token("new", Duration.ofHours(1));

    store.put(key, newer);

    assertThat(store.get(key)).contains(newer);
  }

  @Test
  void get_atOrAfterExpiry_returnsEmpty() {
    TokenKey key = key(Subject.enterprise("1"));
    store.put(key, token("short", Duration.ofMinutes(10)));

    clock.advance(Duration.ofMinutes(10));

    assertThat(store.get(key)).isEmpty();
  }

  @Test
  void remove_dropsToken() {
    TokenKey key = key(Subject.enterprise("1"));
    store.put(key, token("tok", Duration.ofHours(1)));

    store.remove(key);

    assertThat(store.get(key)).isEmpty();
  }

  @Test
  void removeIfSame_whenSame_dropsIt() {
    TokenKey key = key(Subject.enterprise("1"));
    AccessToken token = token("tok", Duration.ofHours(1));
    store.put(key, token);

    store.remove(key, token);

    assertThat(store.get(key)).isEmpty();
  }

  @Test
  void removeIfSame_whenReplacedMeanwhile_keepsNewer() {
    TokenKey key = key(Subject.enterprise("1"));
    AccessToken rejected = token("rejected", Duration.ofHours(1));
    AccessToken newer = token("newer", Duration.ofHours(1));
    store.put(key, newer);

    store.remove(key, rejected);

    assertThat(store.get(key)).contains(newer);
  }

  @Test
  void tryLease_onFreshKey_grantsALeaseThatCanBeClosed() {
    Optional<Lease> lease = store.tryLease(key(Subject.enterprise("1")), Duration.ofSeconds(5));

    assertThat(lease).isPresent();
    lease.get().close();
    lease.get().close(); // closing twice is harmless
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
                    store.put(key, token);
                    assertThat(store.get(key)).contains(token);
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
