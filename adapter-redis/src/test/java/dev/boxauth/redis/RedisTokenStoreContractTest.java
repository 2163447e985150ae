package dev.boxauth.redis;

import dev.boxauth.contract.TokenStoreContract;
import dev.boxauth.port.TokenStore;
import dev.boxauth.redis.testing.RedisServer;
import dev.boxauth.testing.MutableTicker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The {@link TokenStore} contract, against a real redis-server. */
class RedisTokenStoreContractTest extends TokenStoreContract {
  private static RedisServer redis;
  private final List<SharedTokenStore> opened = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startRedis() throws Exception {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    redis.close();
  }

  @Override
  protected TokenStore newStore(MutableTicker ticker) {
    SharedTokenStore store =
        RedisTokenStoreModule.open(
            RedisStoreConfig.builder()
                .uri(redis.uri())
                .aead(TestAead.shared())
                // A loaded machine must not fail the contract with a timeout.
                .commandTimeout(Duration.ofSeconds(5))
                .connectTimeout(Duration.ofSeconds(5))
                .build());
    opened.add(store);
    return store;
  }

  /** Redis measures time itself: age this test's keys instead of waiting. */
  @Override
  protected void elapse(Duration d) {
    RedisTime.elapse(redis.raw(), client.value(), d);
  }

  @AfterEach
  void closeStores() {
    opened.forEach(SharedTokenStore::close);
  }
}
