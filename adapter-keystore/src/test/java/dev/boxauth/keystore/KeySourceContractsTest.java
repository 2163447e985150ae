package dev.boxauth.keystore;

import dev.boxauth.contract.KeySourceContract;
import dev.boxauth.domain.KeyId;
import dev.boxauth.domain.SignatureAlgorithm;
import dev.boxauth.port.KeySource;
import dev.boxauth.testing.TestKeys;
import java.security.PublicKey;
import org.junit.jupiter.api.Nested;

/** Every key source of this module passes the ports' {@link KeySourceContract}. */
class KeySourceContractsTest {

  /** The fixtures' key under the fixtures' key id, however it is stored. */
  abstract static class FixtureKey extends KeySourceContract {
    @Override
    protected PublicKey expectedPublicKey() {
      return Fixtures.publicKey();
    }

    @Override
    protected KeyId expectedKeyId() {
      return KID;
    }
  }

  private static final KeyId KID = new KeyId(Fixtures.KEY_ID);

  @Nested
  class EncryptedPkcs8File extends FixtureKey {
    @Override
    protected KeySource keySource() {
      return KeyTools.keySource(
          PemKeyConfig.builder()
              .file(Fixtures.path("rsa2048.pbes2-aes256-sha256.pem"))
              .keyId(Fixtures.KEY_ID)
              .passphrase(Fixtures.PASSPHRASE)
              .build());
    }
  }

  @Nested
  class LegacyEncryptedPkcs1Text extends FixtureKey {
    @Override
    protected KeySource keySource() {
      return KeyTools.keySource(
          PemKeyConfig.builder()
              .pem(Fixtures.text("rsa2048.pkcs1-des3.pem"))
              .keyId(Fixtures.KEY_ID)
              .passphrase(Fixtures.PASSPHRASE)
              .algorithm(SignatureAlgorithm.RS512)
              .build());
    }
  }

  @Nested
  class BoxConfig extends FixtureKey {
    @Override
    protected KeySource keySource() {
      return KeyTools.keySource(
          BoxAppConfig.parse(
              Fixtures.configJson(
                  Fixtures.text("rsa2048.pbes2-aes256-sha256.pem"), Fixtures.PASSPHRASE)),
          SignatureAlgorithm.RS384);
    }
  }

  @Nested
  class Pkcs12 extends FixtureKey {
    @Override
    protected KeySource keySource() {
      return KeyTools.keySource(
          Pkcs12KeyConfig.builder()
              .file(Fixtures.path("rsa2048.p12"))
              .keyId(Fixtures.KEY_ID)
              .storePassword(Fixtures.PASSPHRASE)
              .alias("box-key")
              .build());
    }
  }

  @Nested
  class Pkcs12Legacy extends FixtureKey {
    @Override
    protected KeySource keySource() {
      return KeyTools.keySource(
          Pkcs12KeyConfig.builder()
              .file(Fixtures.path("rsa2048.legacy.p12"))
              .keyId(Fixtures.KEY_ID)
              .storePassword(Fixtures.PASSPHRASE)
              .build());
    }
  }

  @Nested
  class Tink extends KeySourceContract {
    @Override
    protected KeySource keySource() {
      return new TinkKeySource(
          KeyTools.toTinkKeyset(TestKeys.rsa().getPrivate(), KID, SignatureAlgorithm.RS256),
          "test keyset");
    }

    @Override
    protected PublicKey expectedPublicKey() {
      return TestKeys.rsa().getPublic();
    }

    @Override
    protected KeyId expectedKeyId() {
      return KID;
    }
  }
}
