package dev.boxauth.examples;

import dev.boxauth.domain.KeyId;
import dev.boxauth.domain.SignatureAlgorithm;
import dev.boxauth.port.KeySource;
import dev.boxauth.port.SigningKey;

// README: custom-key-source
final class KmsKeySource implements KeySource, SigningKey {
  private final Kms kms;                                       // your KMS's client

  KmsKeySource(Kms kms) { this.kms = kms; }

  public SigningKey current() { return this; }                 // rotate by returning another key
  public KeyId keyId() { return new KeyId("a1b2c3d4"); }       // publicKeyID from the console
  public SignatureAlgorithm algorithm() { return SignatureAlgorithm.RS256; }
  public byte[] sign(byte[] data) { return kms.signPkcs1Sha256(data); }   // RSASSA-PKCS1-v1_5
}
// README: end
