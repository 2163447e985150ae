package dev.boxauth.testing;

import dev.boxauth.domain.KeyException;
import dev.boxauth.domain.KeyId;
import dev.boxauth.domain.SignatureAlgorithm;
import dev.boxauth.port.KeySource;
import dev.boxauth.port.SigningKey;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;

/** A {@link KeySource} over an in-memory JCA key pair, for tests. */
public final class TestKeySource implements KeySource, SigningKey {
  private final KeyPair keys;
  private final KeyId keyId;
  private final SignatureAlgorithm algorithm;

  public TestKeySource(KeyPair keys, String keyId, SignatureAlgorithm algorithm) {
    this.keys = keys;
    this.keyId = new KeyId(keyId);
    this.algorithm = algorithm;
  }

  public KeyPair keyPair() {
    return keys;
  }

  @Override
  public SigningKey current() {
    return this;
  }

  @Override
  public KeyId keyId() {
    return keyId;
  }

  @Override
  public SignatureAlgorithm algorithm() {
    return algorithm;
  }

  @Override
  public byte[] sign(byte[] data) {
    try {
      Signature s = Signature.getInstance(algorithm.jcaName());
      s.initSign(keys.getPrivate());
      s.update(data);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new KeyException(KeyException.Problem.SIGNING_FAILED, "test key", e.getMessage(), e);
    }
  }
}
