package dev.boxauth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.boxauth.JwtGrantModule;
import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.ClientId;
import dev.boxauth.domain.Subject;
import dev.boxauth.domain.TokenKey;
import dev.boxauth.keystore.BoxAppConfig;
import dev.boxauth.keystore.BoxConfigKeyModule;
import dev.boxauth.port.TokenEvent;
import dev.boxauth.redis.RedisStoreConfig;
import dev.boxauth.redis.RedisTokenStoreModule;
import dev.boxauth.redis.SharedTokenStore;
import dev.boxauth.redis.testing.RedisServer;
import dev.boxauth.testkit.BoxEmulator;
import dev.boxauth.testkit.BoxEmulator.GrantType;
import dev.boxauth.testkit.BoxEmulator.Outcome;
import dev.boxauth.testkit.EmulatedApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fleet over the emulator: 8 independent injectors (each {@code BoxAuthModule} + the config-JSON
 * JWT stack + {@code HttpTransportModule} + {@code RedisTokenStoreModule}), sharing one real {@code
 * redis-server} started here, 64 callers each on a cold key: one token request reaches the
 * emulator; after the token expires, one again. Tokens live 6 s, so the second round comes soon
 * (the token service scales its margins down for short tokens: stale after half the life, not
 * served in the last quarter).
 */
class FleetIT {
  private static final Logger LOG = LoggerFactory.getLogger(FleetIT.class);
  private static final int PROCESSES = 8;
  private static final int CALLERS_EACH = 64;

  private static RedisServer redis;
  private static BoxEmulator emulator;
  private final List<Client> fleet = new ArrayList<>();
  private final List<List<TokenEvent>> events = new ArrayList<>();
  private ExecutorService callers;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisServer.start();
    emulator = BoxEmulator.start();
  }

  @AfterAll
  static void stop() throws Exception {
    emulator.close();
    redis.close();
  }

  @AfterEach
  void closeFleet() {
    if (callers != null) {
      callers.shutdownNow();
    }
    fleet.forEach(Client::close);
  }

  private static Aead sharedAead() throws Exception {
    AeadConfig.register();
    return KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM)
        .getPrimitive(RegistryConfiguration.get(), Aead.class);
  }

  private void startFleet(EmulatedApp app) throws Exception {
    BoxAppConfig config = BoxAppConfig.parse(app.configJson());
    RedisStoreConfig store =
        RedisStoreConfig.builder()
            .uri(redis.uri())
            .aead(sharedAead())
            .keyPrefix("boxauth:it:" + UUID.randomUUID() + ":")
            .build();
    for (int i = 0; i < PROCESSES; i++) {
      List<TokenEvent> mine = new CopyOnWriteArrayList<>();
      events.add(mine);

      Client member =
          Client.guice(
              Setup.defaults(emulator.baseUrl()).listener(mine::add),
              app.enterpriseId(),
              List.of(
                  new BoxConfigKeyModule(config),
                  new JwtGrantModule(config.clientCredentials()),
                  new RedisTokenStoreModule(store)));
      fleet.add(member);
      awaitStore(member.injector().getInstance(SharedTokenStore.class));
    }
  }

  /** A running fleet has its Redis connections open before the load arrives. */
  private static void awaitStore(SharedTokenStore store) throws InterruptedException {
    TokenKey probe = TokenKey.of(new ClientId("probe"), Subject.enterprise("1"));
    long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try {
        store.get(probe);
        return;
      } catch (RuntimeException e) {
        if (System.nanoTime() > giveUpAt) {
          throw new AssertionError("Redis did not answer", e);
        }
        Thread.sleep(50);
      }
    }
  }

  /** Every member's callers ask for the enterprise token at the same moment. */
  private List<AccessToken> everyoneAsks() throws Exception {
    int total = PROCESSES * CALLERS_EACH;
    CyclicBarrier start = new CyclicBarrier(total);
    List<Future<AccessToken>> calls = new ArrayList<>();
    for (Client member : fleet) {
      for (int i = 0; i < CALLERS_EACH; i++) {
        calls.add(
            callers.submit(
                () -> {
                  start.await(30, TimeUnit.SECONDS);
                  return member.enterprise().token();
                }));
      }
    }
    List<AccessToken> tokens = new ArrayList<>();
    for (Future<AccessToken> call : calls) {
      tokens.add(call.get(60, TimeUnit.SECONDS));
    }
    return tokens;
  }

  private long count(Class<? extends TokenEvent> type) {
    return events.stream().flatMap(List::stream).filter(type::isInstance).count();
  }

  /** Failed Redis commands of the whole fleet, including lease releases the service never sees. */
  private long storeFailures() {
    return fleet.stream()
        .mapToLong(m -> m.injector().getInstance(SharedTokenStore.class).failures())
        .sum();
  }

  private static Set<String> values(List<AccessToken> tokens) {
    Set<String> values = new HashSet<>();
    tokens.forEach(t -> values.add(t.value()));
    return values;
  }

  @Test
  void token_8InjectorsOnOneRedis_64CallersEach_oneTokenRequestPerTokenLifetime() throws Exception {
    EmulatedApp app = emulator.newJwtApp().tokenLifetime(Duration.ofSeconds(6));
    startFleet(app);
    callers = Executors.newFixedThreadPool(PROCESSES * CALLERS_EACH);
    emulator.reset();
    long failuresBefore = storeFailures();

    List<AccessToken> first = everyoneAsks();
    long requestsCold = emulator.tokenRequests();
    long issuedCold = count(TokenEvent.Issued.class);
    long adoptedCold = count(TokenEvent.Adopted.class);

    // Let the token expire everywhere: in Redis (its TTL) and in every process (its clock).
    Thread.sleep(
        Math.max(0, first.get(0).expiresAt().toEpochMilli() - System.currentTimeMillis() + 200));
    List<AccessToken> second = everyoneAsks();
    long requestsAfterExpiry = emulator.tokenRequests() - requestsCold;
    long issuedAfterExpiry = count(TokenEvent.Issued.class) - issuedCold;
    long adoptedAfterExpiry = count(TokenEvent.Adopted.class) - adoptedCold;
    long storeFailures = storeFailures() - failuresBefore + count(TokenEvent.StoreFailed.class);

    LOG.info(
        "fleet of {} injectors x {} callers on one Redis, over the emulator: cold key {} token"
            + " request(s) (issued {}, adopted {}); after expiry {} request(s) (issued {},"
            + " adopted {}); store failures {}",
        PROCESSES,
        CALLERS_EACH,
        requestsCold,
        issuedCold,
        adoptedCold,
        requestsAfterExpiry,
        issuedAfterExpiry,
        adoptedAfterExpiry,
        storeFailures);
    assertThat(requestsCold).isEqualTo(1);
    assertThat(requestsAfterExpiry).isEqualTo(1);
    assertThat(emulator.tokenRequests(GrantType.JWT_BEARER, Outcome.ISSUED)).isEqualTo(2);
    assertThat(values(first)).hasSize(1);
    assertThat(values(second)).hasSize(1).doesNotContainAnyElementsOf(values(first));
    // One process requested; every other one took the token from Redis, each exactly once.
    assertThat(issuedCold).isEqualTo(1);
    assertThat(issuedAfterExpiry).isEqualTo(1);
    assertThat(adoptedCold).isEqualTo(PROCESSES - 1);
    assertThat(adoptedAfterExpiry).isEqualTo(PROCESSES - 1);
    assertThat(storeFailures).isZero();
  }
}
