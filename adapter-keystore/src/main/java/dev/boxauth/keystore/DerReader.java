package dev.boxauth.keystore;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * The little ASN.1 DER boxauth handles by hand: wrapping a PKCS#1 {@code RSAPrivateKey} in a PKCS#8
 * {@code PrivateKeyInfo} (RFC 5208 §5) so the JDK's {@code KeyFactory} accepts it, and reading the
 * few primitive types PBES2 parameters are made of ({@link Reader}).
 */
final class DerReader {
  static final int INTEGER = 0x02;
  private static final int OCTET_STRING = 0x04;
  private static final int OID = 0x06;
  private static final int SEQUENCE = 0x30;

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

  private DerReader() {}

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
    Arrays.fill(inner, (byte) 0);
    return out.toByteArray();
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

  /**
   * Reads DER values in order from a byte range. Every length is checked against the range, so a
   * damaged or hostile input fails with {@link IllegalArgumentException}, never by reading out of
   * bounds or allocating what a length field claims.
   */
  static final class Reader {
    private final byte[] bytes;
    private final int end;
    private int pos;

    Reader(byte[] bytes) {
      this(bytes, 0, bytes.length);
    }

    private Reader(byte[] bytes, int start, int end) {
      this.bytes = bytes;
      this.pos = start;
      this.end = end;
    }

    boolean hasMore() {
      return pos < end;
    }

    int peekTag() {
      if (pos >= end) {
        throw new IllegalArgumentException("no more DER values");
      }
      return bytes[pos] & 0xff;
    }

    /** The next value, a SEQUENCE, as a reader over its contents. */
    Reader sequence() {
      int length = header(SEQUENCE);
      Reader inner = new Reader(bytes, pos, pos + length);
      pos += length;
      return inner;
    }

    byte[] octets() {
      int length = header(OCTET_STRING);
      byte[] value = Arrays.copyOfRange(bytes, pos, pos + length);
      pos += length;
      return value;
    }

    BigInteger integer() {
      int length = header(INTEGER);
      if (length == 0) {
        throw new IllegalArgumentException("empty INTEGER");
      }
      BigInteger value = new BigInteger(Arrays.copyOfRange(bytes, pos, pos + length));
      pos += length;
      return value;
    }

    /** An OBJECT IDENTIFIER in dotted form. */
    String oid() {
      int length = header(OID);
      if (length == 0 || length > 64) {
        throw new IllegalArgumentException("bad OID length");
      }
      StringBuilder dotted = new StringBuilder();
      long arc = 0;
      for (int i = 0; i < length; i++) {
        int b = bytes[pos + i] & 0xff;
        arc = (arc << 7) | (b & 0x7f);
        if (arc > Integer.MAX_VALUE) {
          throw new IllegalArgumentException("OID arc too large");
        }
        if ((b & 0x80) == 0) {
          if (dotted.length() == 0) {
            int first = (int) Math.min(arc / 40, 2);
            dotted.append(first).append('.').append(arc - 40L * first);
          } else {
            dotted.append('.').append(arc);
          }
          arc = 0;
        } else if (i == length - 1) {
          throw new IllegalArgumentException("truncated OID");
        }
      }
      pos += length;
      return dotted.toString();
    }

    /** Consumes a tag and a definite length; returns the length, checked against the range. */
    private int header(int tag) {
      if (peekTag() != tag) {
        throw new IllegalArgumentException("expected DER tag " + tag);
      }
      pos++;
      if (pos >= end) {
        throw new IllegalArgumentException("truncated DER length");
      }
      int first = bytes[pos++] & 0xff;
      int length;
      if (first < 0x80) {
        length = first;
      } else {
        int count = first & 0x7f;
        if (count == 0 || count > 3 || pos + count > end) {
          throw new IllegalArgumentException("unsupported DER length");
        }
        length = 0;
        for (int i = 0; i < count; i++) {
          length = (length << 8) | (bytes[pos++] & 0xff);
        }
      }
      if (length > end - pos) {
        throw new IllegalArgumentException("DER length beyond the data");
      }
      return length;
    }
  }
}
