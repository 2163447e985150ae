package dev.boxauth.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.boxauth.domain.KeyException;
import dev.boxauth.domain.KeyId;
import dev.boxauth.domain.SignatureAlgorithm;
import org.junit.jupiter.api.Test;

/** The loaders clear the passphrase arrays handed to them, on success and on failure. */
class PassphraseHygieneTest {

  private static boolean cleared(char[] chars) {
    for (char c : chars) {
      if (c != '\0') {
        return false;
      }
    }
    return true;
  }

  @Test
  void pemKeySourceLoad_success_clearsThePassphrase() {
    char[] passphrase = Fixtures.PASSPHRASE.toCharArray();

    PemKeySource.load(
        Fixtures.text("rsa2048.pbes2-aes256-sha256.pem"),
        passphrase,
        new KeyId("k"),
        SignatureAlgorithm.RS256,
        "test");

    assertThat(cleared(passphrase)).isTrue();
  }

  @Test
  void pemKeySourceLoad_failure_clearsThePassphrase() {
    char[] passphrase = "wrong-passphrase".toCharArray();

    Throwable thrown =
        catchThrowable(
            () ->
                PemKeySource.load(
                    Fixtures.text("rsa2048.pkcs1-des3.pem"),
                    passphrase,
                    new KeyId("k"),
                    SignatureAlgorithm.RS256,
                    "test"));

    assertThat(thrown).isInstanceOf(KeyException.class);
    assertThat(cleared(passphrase)).isTrue();
  }

  @Test
  void pkcs12KeySourceLoad_clearsBothPasswords() {
    char[] store = Fixtures.PASSPHRASE.toCharArray();
    char[] key = Fixtures.PASSPHRASE.toCharArray();

    Pkcs12KeySource.load(
        Fixtures.path("rsa2048.p12"), store, key, null, new KeyId("k"), SignatureAlgorithm.RS256);

    assertThat(cleared(store)).isTrue();
    assertThat(cleared(key)).isTrue();
  }
}
