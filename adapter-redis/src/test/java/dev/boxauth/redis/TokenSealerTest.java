package dev.boxauth.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.ClientId;
import dev.boxauth.domain.Restriction;
import dev.boxauth.domain.Secret;
import dev.boxauth.domain.Subject;
import dev.boxauth.domain.TokenKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenSealerTest {
  private static final TokenKey KEY = TokenKey.of(new ClientId("app"), Subject.enterprise("42"));
  private static final Instant T0 = Instant.parse("2030-01-02T03:04:05.123456789Z");

  private final TokenSealer sealer = new TokenSealer(TestAead.shared());

  private static AccessToken restricted() {
    return new AccessToken(
        Secret.of("tok-\u00e9-value"),
        "Bearer",
        T0,
        T0.plus(Duration.ofMinutes(30)),
        List.of(
            new Restriction("item_preview", new Restriction.Item("file", "123")),
            new Restriction("item_upload", null)));
  }

  @Test
  void open_afterSeal_returnsEqualTokenWithEveryField() throws Exception {
    AccessToken token = restricted();

    AccessToken back = sealer.open(KEY, sealer.seal(KEY, token));

    assertThat(back).isEqualTo(token);
    assertThat(back.value()).isEqualTo("tok-\u00e9-value");
    assertThat(back.tokenType()).isEqualTo("bearer");
    assertThat(back.issuedAt()).isEqualTo(T0);
    assertThat(back.restrictedTo()).isEqualTo(token.restrictedTo());
  }

  @Test
  void seal_sameTokenTwice_givesDifferentBytesWithoutTheToken() throws Exception {
    AccessToken token = AccessToken.bearer("plain-token-value", T0, Duration.ofHours(1));

    byte[] first = sealer.seal(KEY, token);
    byte[] second = sealer.seal(KEY, token);

    assertThat(first).isNotEqualTo(second);
    assertThat(indexOf(first, "plain-token-value".getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
  }

  @Test
  void open_underAnotherKey_isRejected() throws Exception {
    byte[] sealed = sealer.seal(KEY, restricted());
    TokenKey user = TokenKey.of(new ClientId("app"), Subject.user("42"));
    TokenKey scoped = new TokenKey(new ClientId("app"), Subject.enterprise("42"), Set.of("x"));
    TokenKey otherApp = TokenKey.of(new ClientId("app2"), Subject.enterprise("42"));

    for (TokenKey other : List.of(user, scoped, otherApp)) {
      assertThatThrownBy(() -> sealer.open(other, sealed))
          .isInstanceOf(TokenSealer.Rejected.class)
          .hasMessageContaining("does not decrypt");
    }
  }

  @Test
  void open_withAnotherAead_isRejected() throws Exception {
    byte[] sealed = new TokenSealer(TestAead.fresh()).seal(KEY, restricted());

    assertThatThrownBy(() -> sealer.open(KEY, sealed)).isInstanceOf(TokenSealer.Rejected.class);
  }

  @Test
  void open_whenTampered_isRejected() throws Exception {
    byte[] sealed = sealer.seal(KEY, restricted());
    sealed[sealed.length - 1] ^= 1;

    assertThatThrownBy(() -> sealer.open(KEY, sealed)).isInstanceOf(TokenSealer.Rejected.class);
  }

  @Test
  void decode_everyTruncation_isRejectedNeverThrowsOtherwise() {
    byte[] plain = TokenSealer.encode(restricted());

    for (int n = 0; n < plain.length; n++) {
      byte[] cut = Arrays.copyOf(plain, n);
      assertThatThrownBy(() -> TokenSealer.decode(cut)).isInstanceOf(TokenSealer.Rejected.class);
    }
  }

  @Test
  void decode_trailingBytes_isRejected() {
    byte[] plain = TokenSealer.encode(restricted());
    byte[] longer = Arrays.copyOf(plain, plain.length + 1);

    assertThatThrownBy(() -> TokenSealer.decode(longer))
        .isInstanceOf(TokenSealer.Rejected.class)
        .hasMessageContaining("past its end");
  }

  @Test
  void decode_unknownVersion_isRejected() {
    byte[] plain = TokenSealer.encode(restricted());
    plain[0] = 2;

    assertThatThrownBy(() -> TokenSealer.decode(plain))
        .isInstanceOf(TokenSealer.Rejected.class)
        .hasMessageContaining("format version 2");
  }

  @Test
  void decode_hugeStringLength_isRejectedWithoutAllocating() {
    byte[] plain = ByteBuffer.allocate(5).put((byte) 1).putInt(Integer.MAX_VALUE).array();

    assertThatThrownBy(() -> TokenSealer.decode(plain))
        .isInstanceOf(TokenSealer.Rejected.class)
        .hasMessageContaining("string length");
  }

  @Test
  void decode_invalidToken_isRejected() {
    // expiresAt before issuedAt: AccessToken refuses it.
    AccessToken token = AccessToken.bearer("t", T0, Duration.ofSeconds(1));
    byte[] plain = TokenSealer.encode(token);
    ByteBuffer b = ByteBuffer.wrap(plain);
    int expiresAtOffset = 1 + 4 + 1 + 4 + 6 + 12;
    b.putLong(expiresAtOffset, T0.getEpochSecond() - 10);

    assertThatThrownBy(() -> TokenSealer.decode(plain))
        .isInstanceOf(TokenSealer.Rejected.class)
        .hasMessageContaining("invalid token");
  }

  @Test
  void associatedData_isTheKeysCanonicalFormAfterALabel() {
    assertThat(new String(TokenSealer.associatedData(KEY), StandardCharsets.UTF_8))
        .endsWith("\n" + KEY.canonical());
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
