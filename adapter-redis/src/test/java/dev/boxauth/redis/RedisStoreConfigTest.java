package dev.boxauth.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import dev.boxauth.domain.ConfigurationException;
import dev.boxauth.domain.Secret;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedisStoreConfigTest {
  private static final Aead AEAD = TestAead.shared();

  @Test
  void of_usesDefaults() {
    RedisStoreConfig config = RedisStoreConfig.of("redis://localhost:6379", AEAD);

    assertThat(config.keyPrefix()).isEqualTo("boxauth:v1:");
    assertThat(config.commandTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.cluster()).isFalse();
    assertThat(config.password()).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "redis://localhost",
        "redis://:pw@localhost:6380/2",
        "rediss://user:pw@redis.example.com:6380",
        "redis-sentinel://localhost:26379,localhost:26380/0#mymaster",
        "rediss-sentinel://pw@localhost:26379#mymaster"
      })
  void of_acceptsStandaloneAndSentinelUris(String uri) {
    assertThat(RedisStoreConfig.of(uri, AEAD).uris()).containsExactly(uri);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost:6379",
        "http://localhost:6379",
        "redis-socket:///tmp/redis.sock",
        "redis://",
        "redis-sentinel://localhost:26379"
      })
  void of_badUri_throwsConfigurationExceptionNamingTheField(String uri) {
    assertThatThrownBy(() -> RedisStoreConfig.of(uri, AEAD))
        .isInstanceOf(ConfigurationException.class)
        .satisfies(
            e -> assertThat(((ConfigurationException) e).field()).isEqualTo("redis.uris[0]"));
  }

  @Test
  void of_malformedUriWithPassword_neverQuotesThePassword() {
    assertThatThrownBy(() -> RedisStoreConfig.of("redis://:hunter2-secret@[bad host/", AEAD))
        .isInstanceOf(ConfigurationException.class)
        .satisfies(e -> assertThat(e.toString()).doesNotContain("hunter2"))
        .hasNoCause();
  }

  @Test
  void constructor_severalUrisWithoutCluster_isRefused() {
    assertThatThrownBy(
            () ->
                new RedisStoreConfig(
                    List.of("redis://a", "redis://b"),
                    false,
                    AEAD,
                    "p:",
                    Duration.ofMillis(500),
                    Duration.ofSeconds(1),
                    null))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("cluster");
  }

  @Test
  void cluster_acceptsSeedNodesButNotSentinel() {
    assertThat(
            RedisStoreConfig.cluster(List.of("redis://a:7000", "redis://b:7001"), AEAD).cluster())
        .isTrue();
    assertThatThrownBy(() -> RedisStoreConfig.cluster(List.of("redis-sentinel://a:26379#m"), AEAD))
        .isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> RedisStoreConfig.cluster(List.of(), AEAD))
        .isInstanceOf(ConfigurationException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "has space:", "tab\t", "caf\u00e9:"})
  void withKeyPrefix_bad_isRefused(String prefix) {
    RedisStoreConfig config = RedisStoreConfig.of("redis://localhost", AEAD);

    assertThatThrownBy(() -> config.withKeyPrefix(prefix))
        .isInstanceOf(ConfigurationException.class)
        .satisfies(
            e -> assertThat(((ConfigurationException) e).field()).isEqualTo("redis.keyPrefix"));
  }

  @Test
  void withTimeouts_nonPositiveOrHuge_isRefused() {
    RedisStoreConfig config = RedisStoreConfig.of("redis://localhost", AEAD);

    assertThatThrownBy(() -> config.withTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("redis.commandTimeout");
    assertThatThrownBy(() -> config.withTimeouts(Duration.ofMillis(1), Duration.ofHours(1)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("redis.connectTimeout");
  }

  @Test
  void nullArguments_throwNullPointerException() {
    assertThatThrownBy(() -> RedisStoreConfig.of(null, AEAD))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> RedisStoreConfig.of("redis://localhost", null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void toString_neverShowsAPassword() {
    String fromUri =
        RedisStoreConfig.of("redis://alice:hunter2-uri@localhost:6380/3", AEAD).toString();
    String fromSecret =
        RedisStoreConfig.of("redis://localhost", AEAD)
            .withPassword(Secret.of("hunter2-secret"))
            .toString();
    String sentinel =
        RedisStoreConfig.of("redis-sentinel://hunter2-sentinel@h1:26379,h2:26380/0#mymaster", AEAD)
            .toString();

    assertThat(fromUri)
        .doesNotContain("hunter2")
        .doesNotContain("alice")
        .contains("redis://REDACTED@localhost:6380/3");
    assertThat(fromSecret).doesNotContain("hunter2").contains("password=REDACTED");
    assertThat(sentinel)
        .doesNotContain("hunter2")
        .contains("redis-sentinel://REDACTED@h1:26379,h2:26380/0#mymaster");
  }

  @Test
  void redisUris_withPassword_keepsTheUsersNameAndAppliesTimeouts() {
    RedisStoreConfig config =
        RedisStoreConfig.of("redis://alice:old@localhost:6380", AEAD)
            .withPassword(Secret.of("new-pw"))
            .withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(2));

    RedisURI uri = config.redisUris().get(0);

    var credentials = RedisStoreConfig.credentials(uri);
    assertThat(credentials.getUsername()).isEqualTo("alice");
    assertThat(new String(credentials.getPassword())).isEqualTo("new-pw");
    assertThat(uri.getTimeout()).isEqualTo(Duration.ofMillis(300));
  }
}
