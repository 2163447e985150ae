package dev.boxauth.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import dev.boxauth.domain.ConfigurationException;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedisStoreConfigTest {
  private static final Aead AEAD = TestAead.shared();

  @Test
  void build_uriAndAead_usesDefaults() {
    RedisStoreConfig config = of("redis://localhost:6379").build();

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
  void uri_acceptsStandaloneAndSentinelUris(String uri) {
    assertThat(of(uri).build().uris()).containsExactly(uri);
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
  void uri_badUri_throwsConfigurationExceptionNamingTheField(String uri) {
    assertThatThrownBy(() -> of(uri).build())
        .isInstanceOf(ConfigurationException.class)
        .satisfies(
            e -> assertThat(((ConfigurationException) e).field()).isEqualTo("redis.uris[0]"));
  }

  @Test
  void uri_malformedUriWithPassword_neverQuotesThePassword() {
    assertThatThrownBy(() -> of("redis://:hunter2-secret@[bad host/").build())
        .isInstanceOf(ConfigurationException.class)
        .satisfies(e -> assertThat(e.toString()).doesNotContain("hunter2"))
        .hasNoCause();
  }

  @Test
  void build_withoutUri_namesUris() {
    assertThatThrownBy(() -> RedisStoreConfig.builder().aead(AEAD).build())
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e -> {
              assertThat(e.field()).isEqualTo("redis.uris");
              assertThat(e.getMessage()).contains("redis.uris: no Redis URI given");
              assertThat(e.fix()).contains("set uri(...)", "clusterSeeds(...)");
            });
  }

  @Test
  void build_withUriAndClusterSeeds_namesUris() {
    assertThatThrownBy(
            () ->
                RedisStoreConfig.builder()
                    .uri("redis://a")
                    .clusterSeeds(List.of("redis://b"))
                    .aead(AEAD)
                    .build())
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e -> {
              assertThat(e.field()).isEqualTo("redis.uris");
              assertThat(e.getMessage()).contains("both a URI and cluster seed nodes given");
            });
  }

  @Test
  void build_withoutAead_namesAead() {
    assertThatThrownBy(() -> RedisStoreConfig.builder().uri("redis://localhost").build())
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e -> {
              assertThat(e.field()).isEqualTo("redis.aead");
              assertThat(e.getMessage()).contains("redis.aead: is missing");
              assertThat(e.fix()).contains("set aead(...)");
            });
  }

  @Test
  void clusterSeeds_acceptsSeedNodesButNotSentinel() {
    RedisStoreConfig cluster = cluster(List.of("redis://a:7000", "redis://b:7001")).build();

    assertThat(cluster.cluster()).isTrue();
    assertThat(cluster.uris()).containsExactly("redis://a:7000", "redis://b:7001");
    assertThatThrownBy(() -> cluster(List.of("redis-sentinel://a:26379#m")).build())
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e -> {
              assertThat(e.field()).isEqualTo("redis.uris[0]");
              assertThat(e.fix()).contains("cluster seed nodes use redis:// or rediss://");
            });
    assertThatThrownBy(() -> cluster(List.of()).build())
        .isInstanceOfSatisfying(
            ConfigurationException.class, e -> assertThat(e.field()).isEqualTo("redis.uris"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "has space:", "tab\t", "caf\u00e9:"})
  void keyPrefix_bad_isRefused(String prefix) {
    RedisStoreConfig.Builder config = of("redis://localhost").keyPrefix(prefix);

    assertThatThrownBy(config::build)
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e -> {
              assertThat(e.field()).isEqualTo("redis.keyPrefix");
              assertThat(e.fix()).contains(RedisStoreConfig.DEFAULT_KEY_PREFIX);
            });
  }

  @Test
  void timeouts_nonPositiveOrHuge_isRefused() {
    RedisStoreConfig.Builder config = of("redis://localhost");

    assertThatThrownBy(() -> config.commandTimeout(Duration.ZERO).build())
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e -> {
              assertThat(e.field()).isEqualTo("redis.commandTimeout");
              assertThat(e.getMessage()).contains("must be positive and at most PT1M, got PT0S");
            });
    assertThatThrownBy(
            () ->
                config
                    .commandTimeout(Duration.ofMillis(1))
                    .connectTimeout(Duration.ofHours(1))
                    .build())
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e -> assertThat(e.field()).isEqualTo("redis.connectTimeout"));
  }

  @Test
  void setters_null_throwNullPointerException() {
    RedisStoreConfig.Builder b = RedisStoreConfig.builder();

    assertThatThrownBy(() -> b.uri(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> b.clusterSeeds(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> b.aead(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> b.keyPrefix(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> b.commandTimeout(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> b.connectTimeout(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> b.password(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void password_empty_meansNone() {
    assertThat(of("redis://localhost").password("").build().password()).isNull();
  }

  @Test
  void toBuilder_roundTrips_andChangesOnlyWhatIsSet() {
    RedisStoreConfig config =
        of("redis://localhost:6380")
            .keyPrefix("app:")
            .commandTimeout(Duration.ofMillis(300))
            .connectTimeout(Duration.ofSeconds(2))
            .password("pw-1")
            .build();
    RedisStoreConfig cluster = cluster(List.of("redis://a:7000", "redis://b:7001")).build();

    RedisStoreConfig other = config.toBuilder().keyPrefix("other:").build();

    assertThat(config.toBuilder().build()).isEqualTo(config).hasSameHashCodeAs(config);
    assertThat(cluster.toBuilder().build()).isEqualTo(cluster);
    assertThat(other).isNotEqualTo(config);
    assertThat(other.keyPrefix()).isEqualTo("other:");
    assertThat(other.password()).isEqualTo(config.password());
    assertThat(other.commandTimeout()).isEqualTo(Duration.ofMillis(300));
  }

  @Test
  void toString_neverShowsAPassword() {
    String fromUri = of("redis://alice:hunter2-uri@localhost:6380/3").build().toString();
    String fromSecret = of("redis://localhost").password("hunter2-secret").build().toString();
    String sentinel =
        of("redis-sentinel://hunter2-sentinel@h1:26379,h2:26380/0#mymaster").build().toString();

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
  void redisUris_passwordSet_keepsTheUsersNameAndAppliesTimeouts() {
    RedisStoreConfig config =
        of("redis://alice:old@localhost:6380")
            .password("new-pw")
            .commandTimeout(Duration.ofMillis(300))
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    RedisURI uri = config.redisUris().get(0);

    var credentials = RedisStoreConfig.credentials(uri);
    assertThat(credentials.getUsername()).isEqualTo("alice");
    assertThat(new String(credentials.getPassword())).isEqualTo("new-pw");
    assertThat(uri.getTimeout()).isEqualTo(Duration.ofMillis(300));
  }

  private static RedisStoreConfig.Builder of(String uri) {
    return RedisStoreConfig.builder().uri(uri).aead(AEAD);
  }

  private static RedisStoreConfig.Builder cluster(List<String> seeds) {
    return RedisStoreConfig.builder().clusterSeeds(seeds).aead(AEAD);
  }
}
