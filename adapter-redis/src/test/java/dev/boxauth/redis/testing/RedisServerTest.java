package dev.boxauth.redis.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The launcher's own promises; the store's tests use every mode it has. */
class RedisServerTest {

  @Test
  void start_serverAnswers_withTheVersionTheLauncherReports() throws Exception {
    try (RedisServer redis = RedisServer.start()) {
      assertThat(redis.raw().ping()).isEqualTo("PONG");
      assertThat(redis.raw().info("server")).contains("redis_version:" + RedisServer.version());
    }
  }

  @Test
  void restart_afterStop_answersOnTheSamePortAndEmpty() throws Exception {
    try (RedisServer redis = RedisServer.start()) {
      byte[] key = "k".getBytes(StandardCharsets.UTF_8);
      redis.raw().set(key, "v".getBytes(StandardCharsets.UTF_8));
      int port = redis.port();

      redis.stop();
      redis.restart();

      assertThat(redis.port()).isEqualTo(port);
      assertThat(redis.raw().get(key)).isNull();
    }
  }
}
