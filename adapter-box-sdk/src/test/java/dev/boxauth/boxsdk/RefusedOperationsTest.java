package dev.boxauth.boxsdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.port.TokenSource;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * What the bridge refuses, and why: each SDK operation that would mint, persist or revoke a token
 * behind boxauth's back, or change the user of a shared connection. No network.
 */
class RefusedOperationsTest {
  private final AtomicInteger asked = new AtomicInteger();
  private final TokenSource tokens =
      new TokenSource() {
        @Override
        public AccessToken token() {
          asked.incrementAndGet();
          return AccessToken.bearer("token-1", Instant.now(), Duration.ofHours(1));
        }

        @Override
        public void invalidate() {}

        @Override
        public void invalidate(AccessToken rejected) {}
      };
  private final BoxAuthAPIConnection api = new BoxAuthAPIConnection(tokens);

  private static void assertRefused(ThrowingCallable call, String... messageParts) {
    assertThatThrownBy(call)
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("not supported on a BoxAuthAPIConnection")
        .hasMessageContainingAll(messageParts);
  }

  @Test
  void asUser_isRefusedNamingBothSafeAlternatives() {
    assertRefused(
        () -> api.asUser("12345"),
        "actingAs(auth.enterprise(), \"12345\")",
        "new BoxAuthAPIConnection(auth.user(\"12345\"))");
    assertRefused(() -> api.setCustomHeader("as-user", "12345"), "actingAs");
    assertRefused(api::asSelf, "actingAs");
    assertRefused(() -> api.removeCustomHeader("As-User"), "actingAs");
  }

  @Test
  void otherCustomHeaders_areTheSdks() {
    api.suppressNotifications();
    api.enableNotifications();
    api.setCustomHeader("X-Custom", "1");
    api.removeCustomHeader("X-Custom");

    assertThat(asked).hasValue(0);
  }

  @Test
  void tokenMintingPersistingAndRevoking_areRefusedWithTheFix() {
    assertRefused(() -> api.setAccessToken("t"), "TokenSource");
    assertRefused(() -> api.setRefreshToken("r"), "no refresh token");
    assertRefused(() -> api.setAutoRefresh(false), "current token");
    assertRefused(() -> api.authenticate("code"), "JWT and Client Credentials");
    assertRefused(api::revokeToken, "BoxAuth.revoke(token)");
    assertRefused(api::save, "TokenStore");
    assertRefused(() -> api.restore("{}"), "TokenStore");
    api.setAutoRefresh(true);
  }

  @Test
  void refresh_adoptsTheSourcesTokenWithoutAskingBox() {
    assertThat(api.canRefresh()).isTrue();
    assertThat(api.needsRefresh()).isTrue();

    api.refresh();

    assertThat(api.needsRefresh()).isFalse();
    assertThat(api.getAccessToken()).isEqualTo("token-1");
    assertThat(api.getRefreshToken()).isNull();
  }

  @Test
  void actingAs_notABoxUserId_isRefused() {
    assertThatThrownBy(() -> BoxAuthAPIConnection.actingAs(tokens, "alice@example.com"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toString_showsNoToken() {
    api.refresh();

    assertThat(api.toString()).doesNotContain("token-1").contains("api.box.com");
  }
}
