package dev.boxauth.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every type that holds a secret or a token keeps it out of toString. */
class RedactionTest {
  private static final String SECRET = "client-secret-XYZ";
  private static final String TOKEN = "token-value-ABC";
  private static final String ASSERTION = "eyJhbGciOiJSUzI1NiJ9.payload.signature";
  private static final ClientCredentials CLIENT = ClientCredentials.of("client1", SECRET);

  @Test
  void clientSecretAndCredentials_redactSecret() {
    assertThat(ClientSecret.of(SECRET).toString()).doesNotContain(SECRET);
    assertThat(CLIENT.toString()).doesNotContain(SECRET).contains("client1");
  }

  @Test
  void accessToken_redactsValue() {
    AccessToken t = AccessToken.bearer(TOKEN, Instant.EPOCH, Duration.ofHours(1));

    assertThat(t.toString()).doesNotContain(TOKEN).contains("REDACTED").contains("bearer");
  }

  @Test
  void grants_redactAssertionSubjectTokenAndSecret() {
    assertThat(new Grant.JwtBearer(CLIENT, Secret.of(ASSERTION)).toString())
        .doesNotContain(ASSERTION)
        .doesNotContain(SECRET);
    assertThat(new Grant.ClientCredentialsGrant(CLIENT, Subject.enterprise("1")).toString())
        .doesNotContain(SECRET);
    assertThat(
            new Grant.TokenExchange(
                    CLIENT, Secret.of(TOKEN), Set.of("item_preview"), DownscopeTarget.none())
                .toString())
        .doesNotContain(TOKEN)
        .doesNotContain(SECRET);
  }

  @Test
  void restrictedAccessToken_showsRestrictionsButNotValue() {
    AccessToken t =
        new AccessToken(
            Secret.of(TOKEN),
            "Bearer",
            Instant.EPOCH,
            Instant.EPOCH.plusSeconds(60),
            List.of(new Restriction("item_preview", new Restriction.Item("file", "9"))));

    assertThat(t.toString()).doesNotContain(TOKEN).contains("item_preview");
    assertThat(t.tokenType()).isEqualTo("bearer");
  }
}
