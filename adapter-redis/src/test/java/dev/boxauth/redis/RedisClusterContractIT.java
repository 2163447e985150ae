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
 * The {@link TokenStore} contract through Lettuce's cluster client, against a one-node Redis
 * Cluster (every slot on one node). It proves the cluster code path (topology discovery, routing of
 * SET NX PX and the compare-and-delete script), not failover between nodes.
 */
class RedisClusterContractIT extends TokenStoreContract {
  private static RedisServer node;
  private final List<SharedTokenStore> opened = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startCluster() throws Exception {
    node = RedisServer.startCluster();
  }

  @AfterAll
  static void stopCluster() {
    node.close();
  }

  @Override
  protected TokenStore newStore(MutableTicker ticker) {
    SharedTokenStore store =
        RedisTokenStoreModule.open(
            RedisStoreConfig.builder()
                .clusterSeeds(List.of(node.uri()))
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
    RedisTime.elapse(node.raw(), client.value(), d);
  }

  @AfterEach
  void closeStores() {
    opened.forEach(SharedTokenStore::close);
  }
}
