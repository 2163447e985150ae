package dev.boxauth.keystore;

import dev.boxauth.contract.AssertionSignerContract;
import dev.boxauth.domain.KeyId;
import dev.boxauth.domain.SignatureAlgorithm;
import dev.boxauth.port.AssertionSigner;
import dev.boxauth.testing.TestKeys;
import java.security.interfaces.RSAPublicKey;
import org.junit.jupiter.api.Nested;

/** Both signers pass the ports' {@link AssertionSignerContract} (verified by nimbus-jose-jwt). */
class AssertionSignerContractsTest {
  private static final KeyId KID = new KeyId("box-kid-42");

  @Nested
  class Jws extends AssertionSignerContract {
    @Override
    protected AssertionSigner signer(SignatureAlgorithm algorithm) {
      return new JwsAssertionSigner(
          KeyTools.keySource(
              PemKeyConfig.builder()
                  .pem(Fixtures.text("rsa2048.pk8.pem"))
                  .keyId(KID.value())
                  .algorithm(algorithm)
                  .build()));
    }

    @Override
    protected RSAPublicKey publicKey() {
      return Fixtures.publicKey();
    }

    @Override
    protected KeyId keyId() {
      return KID;
    }
  }

  @Nested
  class Tink extends AssertionSignerContract {
    @Override
    protected AssertionSigner signer(SignatureAlgorithm algorithm) {
      return new TinkKeySource(
              KeyTools.toTinkKeyset(TestKeys.rsa().getPrivate(), KID, algorithm), "test keyset")
          .assertionSigner();
    }

    @Override
    protected RSAPublicKey publicKey() {
      return (RSAPublicKey) TestKeys.rsa().getPublic();
    }

    @Override
    protected KeyId keyId() {
      return KID;
    }
  }
}
