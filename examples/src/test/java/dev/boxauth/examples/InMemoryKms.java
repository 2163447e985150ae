package dev.boxauth.examples;

import dev.boxauth.keystore.KeyTools;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;

/** A {@link Kms} whose key is a fresh RSA key pair in memory: the examples' test double. */
final class InMemoryKms implements Kms {
  private final KeyPair pair = KeyTools.generateRsaKeyPair(2048);

  @Override
  public byte[] signPkcs1Sha256(byte[] data) {
    try {
      Signature signer = Signature.getInstance("SHA256withRSA");
      signer.initSign(pair.getPrivate());
      signer.update(data);
      return signer.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public PublicKey publicKey() {
    return pair.getPublic();
  }
}
