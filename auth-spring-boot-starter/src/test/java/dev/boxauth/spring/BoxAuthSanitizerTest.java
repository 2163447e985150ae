package dev.boxauth.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

class BoxAuthSanitizerTest {
  private static final PropertySource<?> SOURCE = new MapPropertySource("test", Map.of());
  private final BoxAuthSanitizer sanitizer = new BoxAuthSanitizer();

  private Object sanitized(String key, Object value) {
    return sanitizer.apply(new SanitizableData(SOURCE, key, value)).getValue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "boxauth.client-secret",
        "boxauth.clientSecret",
        "BOXAUTH_CLIENT_SECRET",
        "boxauth.key.passphrase",
        "BOXAUTH_KEY_PASSPHRASE",
        "boxauth.http.proxy.password",
        "boxauth.http.trust-store-password",
        "boxauth.http.trustStorePassword",
        "boxauth.store.redis.password"
      })
  void apply_secretKey_masksTheValue(String key) {
    assertThat(sanitized(key, "hunter2")).isEqualTo(SanitizableData.SANITIZED_VALUE);
  }

  @Test
  void apply_redisUriWithPassword_masksThePasswordAndKeepsTheHost() {
    assertThat(sanitized("boxauth.store.redis.uri", "redis://app:hunter2@redis.internal:6379/0"))
        .isEqualTo("redis://******@redis.internal:6379/0");
    assertThat(sanitized("BOXAUTH_STORE_REDIS_URI", "rediss://:hunter2@redis.internal"))
        .isEqualTo("rediss://******@redis.internal");
  }

  @Test
  void apply_redisUriWithoutPassword_isShownAsItIs() {
    assertThat(sanitized("boxauth.store.redis.uri", "redis://redis.internal:6379/0"))
        .isEqualTo("redis://redis.internal:6379/0");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"boxauth.client-id", "boxauth.enterprise-id", "boxauth.key.id", "other.secret"})
  void apply_otherKeys_passThrough(String key) {
    assertThat(sanitized(key, "visible")).isEqualTo("visible");
  }
}
