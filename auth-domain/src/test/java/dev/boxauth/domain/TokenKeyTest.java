package dev.boxauth.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenKeyTest {
  private static final ClientId CLIENT = new ClientId("client1");

  @Test
  void canonical_isStableAndSortsScopes() {
    TokenKey a = new TokenKey(CLIENT, Subject.user("7"), Set.of("item_upload", "item_preview"));
    TokenKey b = new TokenKey(CLIENT, Subject.user("7"), Set.of("item_preview", "item_upload"));

    assertThat(a).isEqualTo(b);
    assertThat(a.canonical()).isEqualTo("client1/user/7/item_preview item_upload");
    assertThat(TokenKey.of(CLIENT, Subject.enterprise("7")).canonical())
        .isEqualTo("client1/enterprise/7/");
  }

  @Test
  void keys_differBySubjectType() {
    assertThat(TokenKey.of(CLIENT, Subject.user("7")))
        .isNotEqualTo(TokenKey.of(CLIENT, Subject.enterprise("7")));
  }

  @Test
  void scopes_withSpacesAreRefused() {
    assertThatThrownBy(() -> new TokenKey(CLIENT, Subject.user("7"), Set.of("a b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scopes");
  }

  @Test
  void downscopeTarget_refusesRelativeUrls() {
    assertThatThrownBy(() -> DownscopeTarget.resource("/2.0/files/1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("absolute");
    assertThat(DownscopeTarget.resource("https://api.box.com/2.0/files/1"))
        .isInstanceOf(DownscopeTarget.Resource.class);
  }

  @Test
  void tokenExchange_refusesEmptyScopes() {
    assertThatThrownBy(
            () ->
                new Grant.TokenExchange(
                    ClientCredentials.of("c", "s"),
                    Secret.of("t"),
                    Set.of(),
                    DownscopeTarget.none()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scope");
  }
}
