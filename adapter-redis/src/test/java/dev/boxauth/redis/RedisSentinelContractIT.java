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

/**
 * The {@link TokenStore} contract through a {@code redis-sentinel://} URI: Lettuce asks the
 * Sentinel for the master, then talks to it. One master, one Sentinel; failover is not exercised.
 */
class RedisSentinelContractIT extends TokenStoreContract {
  private static RedisServer master;
  private static RedisServer sentinel;
  private final List<SharedTokenStore> opened = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startRedis() throws Exception {
    master = RedisServer.start();
    sentinel = RedisServer.startSentinel(master);
  }

  @AfterAll
  static void stopRedis() {
    sentinel.close();
    master.close();
  }

  @Override
  protected TokenStore newStore(MutableTicker ticker) {
    SharedTokenStore store =
        RedisTokenStoreModule.open(
            RedisStoreConfig.builder()
                .uri("redis-sentinel://127.0.0.1:" + sentinel.port() + "#mymaster")
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
    RedisTime.elapse(master.raw(), client.value(), d);
  }

  @AfterEach
  void closeStores() {
    opened.forEach(SharedTokenStore::close);
  }
}
