package dev.boxauth.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxauth.BoxAuth;
import dev.boxauth.redis.testing.RedisServer;
import dev.boxauth.testkit.BoxEmulator;
import dev.boxauth.testkit.EmulatedApp;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Spring Boot application whose tokens live in a real Redis (a password in the URI), signing with
 * a PEM key and its passphrase, over real HTTP.
 */
@SpringBootTest(
    classes = TestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class RedisStoreApplicationIT {
  private static final String REDIS_PASSWORD = "Redis-Pa55word-In-The-Uri";

  private static BoxEmulator emulator;
  private static EmulatedApp app;
  private static RedisServer redis;
  @TempDir static Path dir;
  private static String pem;
  private static String aeadKeyset;

  @Value("${local.server.port}")
  int port;

  private Http http;

  @BeforeAll
  static void start() throws Exception {
    emulator = BoxEmulator.start();
    app = emulator.newJwtApp();
    redis = RedisServer.start("--requirepass", REDIS_PASSWORD);
    pem = TestFiles.pem(dir, app);
    aeadKeyset = TestFiles.kek(dir);
  }

  /** Redis stops before Spring closes the context: its client may log reconnect attempts. */
  @AfterAll
  static void stop() {
    redis.close();
    emulator.close();
  }

  private static String redisUri() {
    return "redis://:" + REDIS_PASSWORD + "@127.0.0.1:" + redis.port();
  }

  @DynamicPropertySource
  static void boxauth(DynamicPropertyRegistry registry) {
    registry.add("boxauth.base-url", () -> emulator.baseUrl().toString());
    registry.add("boxauth.client-id", () -> app.clientId());
    registry.add("boxauth.client-secret", () -> app.clientSecret());
    registry.add("boxauth.enterprise-id", () -> app.enterpriseId());
    registry.add("boxauth.key.pem", () -> pem);
    registry.add("boxauth.key.id", () -> app.keyId());
    registry.add("boxauth.key.passphrase", () -> app.passphrase());
    registry.add("boxauth.store.type", () -> "redis");
    registry.add("boxauth.store.redis.uri", RedisStoreApplicationIT::redisUri);
    registry.add("boxauth.store.redis.aead-keyset", () -> aeadKeyset);
    // Generous: a loaded CI machine must not turn a slow first connection into a bypassed store.
    registry.add("boxauth.store.redis.command-timeout", () -> "10s");
    registry.add("boxauth.store.redis.connect-timeout", () -> "10s");
  }

  @BeforeEach
  void client() {
    http = new Http(port);
  }

  @Test
  void tokenInRedis_isSharedWithAnotherProcessAndReported() throws Exception {
    assertThat(http.get("/me/okhttp", 200)).startsWith("200 ");
    assertThat(emulator.tokenRequests()).isEqualTo(1);

    // Another process of the fleet, same Redis and key: it adopts the stored token.
    try (BoxAuth other =
        BoxAuth.builder()
            .configJson(app.configJson())
            .baseUrl(emulator.baseUrl())
            .module(
                RedisStores.module(
                    redisProperties(), TinkAeads.fromKeyset(resource(aeadKeyset), "test")))
            .build()) {
      assertThat(emulator.introspect(other.enterprise().token().value()).isLive()).isTrue();
    }
    assertThat(emulator.tokenRequests()).isEqualTo(1);

    Map<String, Object> boxauth = Http.at(http.json("/actuator/health"), "components", "boxauth");
    assertThat(boxauth).containsEntry("status", "UP");
    assertThat(Http.at(boxauth, "details", "store"))
        .containsEntry("type", "redis")
        .containsEntry("failures", 0);
    assertThat(http.metric("boxauth.store.failures")).isZero();
    assertThat(http.metric("boxauth.token.requests")).isEqualTo(1);
  }

  @Test
  void envAndConfigprops_maskThePassphraseSecretAndRedisPassword() throws Exception {
    String env = http.get("/actuator/env", 200);
    String configprops = http.get("/actuator/configprops", 200);

    for (String output : new String[] {env, configprops}) {
      assertThat(output)
          .doesNotContain(REDIS_PASSWORD)
          .doesNotContain(app.passphrase())
          .doesNotContain(app.clientSecret())
          // The Redis host stays visible, its password masked.
          .contains("******@127.0.0.1:" + redis.port());
    }
  }

  private static BoxAuthProperties.Redis redisProperties() {
    BoxAuthProperties.Redis redis = new BoxAuthProperties.Redis();
    redis.setUri(redisUri());
    redis.setCommandTimeout(java.time.Duration.ofSeconds(10));
    redis.setConnectTimeout(java.time.Duration.ofSeconds(10));
    return redis;
  }

  private static org.springframework.core.io.Resource resource(String fileProperty) {
    return new org.springframework.core.io.FileSystemResource(TestFiles.path(fileProperty));
  }
}
