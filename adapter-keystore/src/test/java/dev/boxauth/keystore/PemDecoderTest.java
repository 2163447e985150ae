package dev.boxauth.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boxauth.domain.KeyException;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.EncryptedPrivateKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PemDecoderTest {

  private static PrivateKey decode(String text, String passphrase) {
    return PemDecoder.decode(
        text, passphrase == null ? null : passphrase.toCharArray(), "test PEM");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "rsa2048.pk8.pem",
        "rsa2048.pkcs1.pem",
        "rsa2048.pbes2-aes256-sha256.pem",
        "rsa2048.pbes2-aes128-sha1.pem",
        "rsa2048.pbes2-aes256-sha512.pem",
        "rsa2048.pbes1-sha1-3des.pem",
        "rsa2048.pkcs1-aes256.pem",
        "rsa2048.pkcs1-aes128.pem",
        "rsa2048.pkcs1-des3.pem"
      })
  void decode_everyOpenSslFlavour_yieldsTheSameRsaKey(String fixture) {
    PrivateKey key = decode(Fixtures.text(fixture), Fixtures.PASSPHRASE);

    assertThat(key.getAlgorithm()).isEqualTo("RSA");
    assertThat(Fixtures.matches(key, Fixtures.publicKey())).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"rsa2048.pbes2-aes256-sha256.pem", "rsa2048.pkcs1-des3.pem"})
  void decode_crlfBomAndSurroundingWhitespace_accepted(String fixture) {
    String messy = "\uFEFF \n\t" + Fixtures.text(fixture).replace("\n", "\r\n") + "\r\n\r\n  ";

    assertThat(Fixtures.matches(decode(messy, Fixtures.PASSPHRASE), Fixtures.publicKey())).isTrue();
  }

  @Test
  void decode_literalBackslashNSequences_accepted() {
    String escaped = Fixtures.text("rsa2048.pk8.pem").replace("\n", "\\n");

    assertThat(Fixtures.matches(decode(escaped, null), Fixtures.publicKey())).isTrue();
  }

  @Test
  void decode_certificateBeforeTheKey_findsTheKey() {
    String bundle = Fixtures.text("rsa2048.cert.pem") + Fixtures.text("rsa2048.pk8.pem");

    assertThat(Fixtures.matches(decode(bundle, null), Fixtures.publicKey())).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"rsa2048.pk8.pem", "rsa2048.pkcs1.pem"})
  void decode_passphraseForUnencryptedKey_isAcceptedAndIgnored(String fixture) {
    assertThat(Fixtures.matches(decode(Fixtures.text(fixture), "unused"), Fixtures.publicKey()))
        .isTrue();
  }

  @Test
  void decode_doesNotModifyTheCallersPassphrase() {
    char[] passphrase = Fixtures.PASSPHRASE.toCharArray();

    PemDecoder.decode(Fixtures.text("rsa2048.pbes2-aes256-sha256.pem"), passphrase, "test");

    assertThat(new String(passphrase)).isEqualTo(Fixtures.PASSPHRASE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "rsa2048.pbes2-des3-sha1.pem", // the Box console's form
        "rsa2048.pbes2-des3.pem",
        "rsa2048.pbes2-aes128-sha1.pem",
        "rsa2048.pbes2-aes256-sha256.pem",
        "rsa2048.pbes2-aes256-sha512.pem",
        "rsa2048.pbes1-sha1-3des.pem"
      })
  void decode_everyPasswordBasedScheme_yieldsTheKey(String fixture) {
    assertThat(
            Fixtures.matches(
                decode(Fixtures.text(fixture), Fixtures.PASSPHRASE), Fixtures.publicKey()))
        .isTrue();
  }

  @Test
  void decode_pbes2WithUtf8Passphrase_yieldsTheKey() {
    assertThat(
            Fixtures.matches(
                decode(Fixtures.text("rsa2048.pbes2-utf8-passphrase.pem"), "pässwörd-Ω-7q"),
                Fixtures.publicKey()))
        .isTrue();
  }

  /**
   * Why {@link Pbes2} exists: the JDK's own parser refuses the Box console's PBES2 form. If a
   * future JDK reads it, this fails, and Pbes2 can shrink to the JDK path.
   */
  @Test
  void jdkEncryptedPrivateKeyInfo_refusesTheBoxConsoleForm() {
    byte[] der = Fixtures.der(Fixtures.text("rsa2048.pbes2-des3-sha1.pem"));

    assertThatThrownBy(() -> new EncryptedPrivateKeyInfo(der))
        .isInstanceOf(java.io.IOException.class);
  }

  @Test
  void pkcs1ToPkcs8_matchesOpenSslsOwnPkcs8Encoding() {
    byte[] pkcs1 = Fixtures.der(Fixtures.text("rsa2048.pkcs1.pem"));
    byte[] pkcs8 = Fixtures.der(Fixtures.text("rsa2048.pk8.pem"));

    assertThat(DerReader.pkcs1ToPkcs8(pkcs1)).isEqualTo(pkcs8);
  }

  @Test
  void pkcs1ToPkcs8_shortAndLongLengths_encodeInDer() {
    byte[] small = DerReader.pkcs1ToPkcs8(new byte[] {1, 2, 3});
    byte[] medium = DerReader.pkcs1ToPkcs8(new byte[200]);

    assertThat(small[0]).isEqualTo((byte) 0x30);
    assertThat(small[1]).isEqualTo((byte) (3 + 2 + 3 + 15));
    assertThat(Arrays.copyOfRange(medium, 0, 2)).containsExactly(0x30, 0x81);
    assertThat(medium[2] & 0xff).isEqualTo(200 + 3 + 3 + 15);
  }

  /**
   * Vectors from {@code openssl enc -aes-256-cbc -md md5 -S 0102030405060708 -pass pass:password
   * -P}.
   */
  @Test
  void evpBytesToKey_matchesOpenSsl() {
    byte[] iv = HexFormat.of().parseHex("0102030405060708AAAAAAAAAAAAAAAA");
    byte[] password = "password".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    assertThat(HexFormat.of().withUpperCase().formatHex(PemDecoder.evpBytesToKey(password, iv, 32)))
        .isEqualTo("E7B0971E52CA5CC8D0539FB3412F6316F7BA2E6EE293D9F3457B99436B51CE02");
    assertThat(HexFormat.of().withUpperCase().formatHex(PemDecoder.evpBytesToKey(password, iv, 24)))
        .isEqualTo("E7B0971E52CA5CC8D0539FB3412F6316F7BA2E6EE293D9F3");
  }

  @Test
  void decode_wrongPassphraseOnEveryEncryptedFlavour_isWrongPassphrase() {
    for (String fixture :
        new String[] {
          "rsa2048.pbes2-aes256-sha256.pem",
          "rsa2048.pbes2-aes128-sha1.pem",
          "rsa2048.pbes1-sha1-3des.pem",
          "rsa2048.pkcs1-aes256.pem",
          "rsa2048.pkcs1-aes128.pem",
          "rsa2048.pkcs1-des3.pem"
        }) {
      assertThatThrownBy(() -> decode(Fixtures.text(fixture), "not-the-passphrase"))
          .as(fixture)
          .isInstanceOfSatisfying(
              KeyException.class,
              e -> assertThat(e.problem()).isEqualTo(KeyException.Problem.WRONG_PASSPHRASE));
    }
  }
}
