package dev.boxauth.it;

import dev.boxauth.contract.KeySourceContract;
import dev.boxauth.domain.KeyId;
import dev.boxauth.port.KeySource;
import dev.boxauth.testing.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/** The test's key-source plugins pass the port's contract before they are trusted end to end. */
class CustomKeySourceContractTest {
  private static final String PASSWORD = "contract-pw-5521";
  private static Path dir;
  private static Path p12;

  @BeforeAll
  static void makeKeyStore() throws Exception {
    dir = Files.createTempDirectory("boxauth-it-contract-");
    p12 = Keytool.genkeypair(dir.resolve("plugin.p12"), "plugin", PASSWORD);
  }

  @AfterAll
  static void removeKeyStore() throws Exception {
    Files.deleteIfExists(p12);
    Files.deleteIfExists(dir);
  }

  @Nested
  class KeyStorePlugin extends KeySourceContract {
    @Override
    protected KeySource keySource() throws Exception {
      return new KeyStoreKeySource(
          Keytool.load(p12, PASSWORD), "plugin", PASSWORD.toCharArray(), "kid-plugin-1");
    }

    @Override
    protected PublicKey expectedPublicKey() {
      try {
        return Keytool.publicKey(p12, PASSWORD, "plugin");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    protected KeyId expectedKeyId() {
      return new KeyId("kid-plugin-1");
    }
  }

  @Nested
  class RotatingPlugin extends KeySourceContract {
    @Override
    protected KeySource keySource() {
      RotatingKeySource source = new RotatingKeySource("kid-old", TestKeys.otherRsa().getPrivate());
      source.rotateTo("kid-new", TestKeys.rsa().getPrivate());
      return source;
    }

    @Override
    protected PublicKey expectedPublicKey() {
      return TestKeys.rsa().getPublic();
    }

    @Override
    protected KeyId expectedKeyId() {
      return new KeyId("kid-new");
    }
  }
}
