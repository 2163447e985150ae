package dev.boxauth.examples;

import java.security.PublicKey;

/**
 * A stand-in for a user's KMS client: signs with a key that never leaves it, and hands out the
 * public half. The README's custom key source signs through it.
 */
interface Kms {
  /** RSASSA-PKCS1-v1_5 with SHA-256 over {@code data}. */
  byte[] signPkcs1Sha256(byte[] data);

  /** The public key, as uploaded to Box. */
  PublicKey publicKey();
}
