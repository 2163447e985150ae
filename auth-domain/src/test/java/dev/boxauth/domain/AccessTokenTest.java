package dev.boxauth.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessTokenTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void isUsableAt_respectsMargin() {
    AccessToken t = AccessToken.bearer("v", T0, Duration.ofSeconds(100));

    assertThat(t.isUsableAt(T0.plusSeconds(89), Duration.ofSeconds(10))).isTrue();
    assertThat(t.isUsableAt(T0.plusSeconds(90), Duration.ofSeconds(10))).isFalse();
    assertThat(t.isUsableAt(T0.plusSeconds(100), Duration.ZERO)).isFalse();
  }

  @Test
  void lifetimeAndExpiry_comeFromIssueTimeAndExpiresIn() {
    AccessToken t = AccessToken.bearer("v", T0, Duration.ofSeconds(4123));

    assertThat(t.expiresAt()).isEqualTo(T0.plusSeconds(4123));
    assertThat(t.lifetime()).isEqualTo(Duration.ofSeconds(4123));
  }

  @Test
  void constructor_refusesExpiryNotAfterIssue() {
    assertThatThrownBy(() -> new AccessToken(Secret.of("v"), "bearer", T0, T0, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void equality_coversValueAndTimes() {
    assertThat(AccessToken.bearer("v", T0, Duration.ofSeconds(5)))
        .isEqualTo(AccessToken.bearer("v", T0, Duration.ofSeconds(5)))
        .isNotEqualTo(AccessToken.bearer("w", T0, Duration.ofSeconds(5)))
        .isNotEqualTo(AccessToken.bearer("v", T0, Duration.ofSeconds(6)));
  }
}
