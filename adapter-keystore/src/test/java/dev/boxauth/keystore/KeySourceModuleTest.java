package dev.boxauth.keystore;

import com.google.inject.Guice;
import dev.boxauth.contract.AssertionSignerContract;
import dev.boxauth.domain.KeyId;
import dev.boxauth.domain.SignatureAlgorithm;
import dev.boxauth.port.AssertionSigner;
import dev.boxauth.testing.TestKeySource;
import dev.boxauth.testing.TestKeys;
import java.security.interfaces.RSAPublicKey;

/**
 * A key source of the user's own (here a plain JCA key standing in for an HSM) signs through JWS.
 */
class KeySourceModuleTest extends AssertionSignerContract {

  @Override
  protected AssertionSigner signer(SignatureAlgorithm algorithm) {
    return Guice.createInjector(
            new KeySourceModule(new TestKeySource(TestKeys.rsa(), "hsm-kid-1", algorithm)))
        .getInstance(AssertionSigner.class);
  }

  @Override
  protected RSAPublicKey publicKey() {
    return (RSAPublicKey) TestKeys.rsa().getPublic();
  }

  @Override
  protected KeyId keyId() {
    return new KeyId("hsm-kid-1");
  }
}
