package dev.boxauth.examples;

import dev.boxauth.contract.KeySourceContract;
import dev.boxauth.domain.KeyId;
import dev.boxauth.port.KeySource;
import java.security.PublicKey;

/** The README's contract test of its custom key source: the suite every key source passes. */
// README: key-source-contract
class KmsKeySourceTest extends KeySourceContract {
  private final Kms kms = new InMemoryKms(); // build only

  protected KeySource keySource() { return new KmsKeySource(kms); }
  protected PublicKey expectedPublicKey() { return kms.publicKey(); }
  protected KeyId expectedKeyId() { return new KeyId("a1b2c3d4"); }
}
// README: end
