package dev.boxauth.keystore;

import java.io.ByteArrayOutputStream;

/**
 * The one piece of ASN.1 boxauth writes by hand: wrapping a PKCS#1 {@code RSAPrivateKey} in a
 * PKCS#8 {@code PrivateKeyInfo} (RFC 5208 §5) so the JDK's {@code KeyFactory} accepts it.
 */
final class Der {
  /** {@code SEQUENCE { OID 1.2.840.113549.1.1.1 (rsaEncryption), NULL }}. */
  private static final byte[] RSA_ALGORITHM_ID = {
    0x30,
    0x0d,
    0x06,
    0x09,
    0x2a,
    (byte) 0x86,
    0x48,
    (byte) 0x86,
    (byte) 0xf7,
    0x0d,
    0x01,
    0x01,
    0x01,
    0x05,
    0x00
  };

  /** The OID 1.2.840.113549.1.5.13 (PBES2), tag and length included. */
  private static final byte[] PBES2_OID = {
    0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x05, 0x0d
  };

  private Der() {}

  /** {@code PrivateKeyInfo { version 0, rsaEncryption, OCTET STRING pkcs1 }}. */
  static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
    ByteArrayOutputStream body = new ByteArrayOutputStream(pkcs1.length + 32);
    body.write(0x02); // INTEGER 0: the version
    body.write(0x01);
    body.write(0x00);
    body.writeBytes(RSA_ALGORITHM_ID);
    body.write(0x04); // OCTET STRING
    writeLength(body, pkcs1.length);
    body.writeBytes(pkcs1);
    byte[] inner = body.toByteArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream(inner.length + 8);
    out.write(0x30); // SEQUENCE
    writeLength(out, inner.length);
    out.writeBytes(inner);
    java.util.Arrays.fill(inner, (byte) 0);
    return out.toByteArray();
  }

  /** Whether the PBES2 OID occurs in the first bytes of an EncryptedPrivateKeyInfo. */
  static boolean mentionsPbes2(byte[] der) {
    int limit = Math.min(der.length, 64) - PBES2_OID.length;
    for (int i = 0; i <= limit; i++) {
      boolean match = true;
      for (int j = 0; j < PBES2_OID.length && match; j++) {
        match = der[i + j] == PBES2_OID[j];
      }
      if (match) {
        return true;
      }
    }
    return false;
  }

  private static void writeLength(ByteArrayOutputStream out, int length) {
    if (length < 0x80) {
      out.write(length);
    } else if (length <= 0xff) {
      out.write(0x81);
      out.write(length);
    } else if (length <= 0xffff) {
      out.write(0x82);
      out.write(length >>> 8);
      out.write(length & 0xff);
    } else {
      out.write(0x83);
      out.write(length >>> 16);
      out.write((length >>> 8) & 0xff);
      out.write(length & 0xff);
    }
  }
}
