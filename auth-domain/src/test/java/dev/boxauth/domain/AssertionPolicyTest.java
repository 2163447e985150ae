package dev.boxauth.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AssertionPolicyTest {
  private static final ClientId CLIENT = new ClientId("client1");
  private final AssertionPolicy policy = AssertionPolicy.defaults();

  @Test
  void claims_haveBoxAudienceIssuerAndSubject() {
    AssertionClaims c =
        policy.claims(CLIENT, Subject.user("5"), Instant.parse("2026-01-01T00:00:00Z"));

    assertThat(c.audience()).isEqualTo("https://api.box.com/oauth2/token");
    assertThat(c.issuer()).isEqualTo(CLIENT);
    assertThat(c.subject()).isEqualTo(Subject.user("5"));
  }

  @Test
  void claims_expIsServerNowPlusLifetime_roundedDownToSeconds() {
    Instant serverNow = Instant.parse("2026-01-01T00:05:00.900Z");

    AssertionClaims c = policy.claims(CLIENT, Subject.enterprise("1"), serverNow);

    assertThat(c.expiresAt()).isEqualTo(Instant.parse("2026-01-01T00:05:30Z"));
    assertThat(Duration.between(serverNow, c.expiresAt()))
        .isLessThanOrEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void claims_jtiCarriesAtLeast128RandomBitsWithinBoxLengthLimits() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String jti = policy.claims(CLIENT, Subject.enterprise("1"), Instant.EPOCH).jti();
      assertThat(jti.length()).isBetween(16, 128);
      assertThat(Base64.getUrlDecoder().decode(jti)).hasSizeGreaterThanOrEqualTo(16);
      seen.add(jti);
    }
    assertThat(seen).hasSize(10_000);
  }

  @Test
  void constructor_refusesLifetimesBoxWouldReject() {
    assertThatThrownBy(() -> new AssertionPolicy(Duration.ofSeconds(61), new SecureRandom()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("60 s");
    assertThatThrownBy(() -> new AssertionPolicy(Duration.ofSeconds(1), new SecureRandom()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new AssertionPolicy(Duration.ofSeconds(60), new SecureRandom()).lifetime())
        .isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void assertionClaims_refuseJtiOutsideBoxLimits() {
    Instant exp = Instant.ofEpochSecond(100);
    assertThatThrownBy(
            () -> new AssertionClaims(CLIENT, Subject.enterprise("1"), "aud", "short", exp))
        .hasMessageContaining("jti");
    assertThatThrownBy(
            () -> new AssertionClaims(CLIENT, Subject.enterprise("1"), "aud", "x".repeat(129), exp))
        .hasMessageContaining("jti");
  }
}
