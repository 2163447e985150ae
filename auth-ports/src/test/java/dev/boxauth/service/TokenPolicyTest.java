package dev.boxauth.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenPolicyTest {

  @Test
  void defaults_keepTheFirstReleasesValues() {
    TokenPolicy p = TokenPolicy.defaults();

    assertThat(p.refreshMargin()).isEqualTo(Duration.ofMinutes(5));
    assertThat(p.refreshJitter()).isEqualTo(Duration.ofMinutes(1));
    assertThat(p.expiryMargin()).isEqualTo(Duration.ofMinutes(1));
    assertThat(p.deadline()).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.maxAttempts()).isEqualTo(5);
    assertThat(p.initialBackoff()).isEqualTo(Duration.ofMillis(250));
    assertThat(p.maxBackoff()).isEqualTo(Duration.ofSeconds(8));
    assertThat(p.refreshCooldown()).isEqualTo(Duration.ofSeconds(10));
    assertThat(TokenPolicy.builder().build()).isEqualTo(p);
  }

  @Test
  void toBuilder_changesOnlyWhatIsSet() {
    TokenPolicy p = TokenPolicy.defaults().toBuilder().deadline(Duration.ofSeconds(20)).build();

    assertThat(p.deadline()).isEqualTo(Duration.ofSeconds(20));
    assertThat(p.toBuilder().deadline(Duration.ofSeconds(30)).build())
        .isEqualTo(TokenPolicy.defaults());
  }

  @Test
  void build_withExpiryMarginAboveRefreshMargin_isRefusedNamingBoth() {
    TokenPolicy.Builder b =
        TokenPolicy.builder()
            .refreshMargin(Duration.ofMinutes(1))
            .expiryMargin(Duration.ofMinutes(2));

    assertThatThrownBy(b::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expiryMargin")
        .hasMessageContaining("refreshMargin");
  }

  @Test
  void build_withBadValues_isRefusedNamingTheValue() {
    assertThatThrownBy(() -> TokenPolicy.builder().deadline(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("deadline");
    assertThatThrownBy(() -> TokenPolicy.builder().maxAttempts(0).build())
        .hasMessageContaining("maxAttempts");
    assertThatThrownBy(
            () ->
                TokenPolicy.builder().backoff(Duration.ofSeconds(9), Duration.ofSeconds(8)).build())
        .hasMessageContaining("initialBackoff");
    assertThatThrownBy(() -> TokenPolicy.builder().refreshJitter(null).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("refreshJitter");
  }
}
