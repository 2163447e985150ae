package dev.boxauth.testing;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;

/** RSA key pairs for tests, generated once per JVM. */
public final class TestKeys {
  private TestKeys() {}

  private static final class Holder {
    static final KeyPair PRIMARY = generate(2048);
    static final KeyPair SECONDARY = generate(2048);
  }

  /** A 2048-bit RSA key pair. */
  public static KeyPair rsa() {
    return Holder.PRIMARY;
  }

  /** Another 2048-bit RSA key pair, for wrong-key and rotation tests. */
  public static KeyPair otherRsa() {
    return Holder.SECONDARY;
  }

  /** A fresh RSA key pair of {@code bits}. */
  public static KeyPair generate(int bits) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(bits);
      return g.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
