package dev.boxauth.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretTest {

  @Test
  void toString_neverShowsValue() {
    assertThat(Secret.of("hunter2-very-secret").toString())
        .isEqualTo("Secret[REDACTED]")
        .doesNotContain("hunter2");
  }

  @Test
  void reveal_returnsValue() {
    assertThat(Secret.of("abc").reveal()).isEqualTo("abc");
  }

  @Test
  void equals_comparesValues() {
    assertThat(Secret.of("abc")).isEqualTo(Secret.of("abc")).isNotEqualTo(Secret.of("abd"));
    assertThat(Secret.of("abc")).hasSameHashCodeAs(Secret.of("abc"));
  }

  @Test
  void of_whenEmpty_throws() {
    assertThatThrownBy(() -> Secret.of("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Secret.of(null)).isInstanceOf(NullPointerException.class);
  }
}
