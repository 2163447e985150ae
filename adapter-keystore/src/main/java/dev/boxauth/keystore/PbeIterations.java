package dev.boxauth.keystore;

import dev.boxauth.domain.KeyException;
import dev.boxauth.domain.KeyException.Problem;
import java.io.ByteArrayOutputStream;

/**
 * The cap on password-based key derivation work a key file may demand, and the scan that finds
 * every iteration count in an encrypted PKCS#8 key (PBES1 or PBES2) or a PKCS#12 key store (its
 * MAC, certificate and key encryption) before the JDK is handed the file. The JDK loaders accept up
 * to 5,000,000 iterations per count (PKCS#12) or any count (PBES1): a hostile file could spin a
 * core for minutes at start-up.
 *
 * <p>The cap, 600,000 in all for one file, is what real tools write at most: OpenSSL's default is
 * 2,048, the JDK's PKCS#12 default 10,000, OWASP's advice (and {@link KeyTools}) 600,000 for
 * PBKDF2-HMAC-SHA256. The slowest file it accepts, PBKDF2-HMAC-SHA512 at 600,000 iterations, loads
 * in about 0.57 s on the project's 2-core machine (PBKDF2-HMAC-SHA1 with a 32-byte key 0.31 s,
 * PBES1 SHA-1/3DES 0.13 s, a legacy PKCS#12 0.13 s; a file over the cap is refused in 9 µs), as
 * {@code IterationCapBenchmark} in {@code benchmarks/} measures.
 *
 * <p>The scan needs no schema: in every ASN.1 structure of the file (DER or BER, OCTET STRINGs that
 * hold DER read too) an INTEGER that directly follows an OCTET STRING is an iteration count: that
 * is the shape of PBES1 and PKCS#12 PBE parameters ({@code salt, iterations}), of PBKDF2's ({@code
 * salt, iterationCount, ...}) and of PKCS#12 {@code MacData} ({@code ..., macSalt, iterations}),
 * and of nothing else in a key or key store. Linear in the file's size, bounded in depth.
 * Stateless.
 */
final class PbeIterations {
  /** Iterations, summed over every count in one file. */
  static final int MAX = 600_000;

  /** Real key files nest about 16 deep (PKCS#12 with PBES2); a deeper file is not a key file. */
  private static final int MAX_DEPTH = 64;

  private PbeIterations() {}

  /**
   * Refuses {@code der} if its iteration counts add up to more than {@link #MAX}.
   *
   * @param what what the file is, for the message: "encrypted key", "PKCS#12 key store"
   * @throws KeyException UNSUPPORTED naming the count, the cap and the fix; MALFORMED if the file
   *     nests deeper than any key file
   */
  static void check(byte[] der, String what, String source) {
    Scan scan = new Scan(der);
    try {
      scan.walk(0, der.length, 0, false);
    } catch (TooDeep e) {
      throw new KeyException(
          Problem.MALFORMED,
          source,
          "the " + what + " nests its ASN.1 structures deeper than any key file",
          null);
    } catch (Malformed e) {
      // Not readable as ASN.1 here: the JDK's parser refuses it too, with its own typed error.
    }
    if (scan.total > MAX) {
      throw new KeyException(
          Problem.UNSUPPORTED,
          source,
          "the "
              + what
              + " asks for "
              + (scan.total == Long.MAX_VALUE ? "more than 2^63" : String.valueOf(scan.total))
              + " password-based key derivation iterations; boxauth accepts at most "
              + MAX
              + " (a bound on the work a file can demand at start-up)",
          "re-encrypt the key with fewer iterations, e.g. `openssl pkcs8 -topk8 -v2 aes-256-cbc"
              + " -v2prf hmacWithSHA256 -iter 600000 -in OLD.pem -out NEW.pem` (OpenSSL's"
              + " default, 2048, is fine too)",
          null);
    }
  }

  /** The sum of the iteration counts in {@code der}, saturating at {@code Long.MAX_VALUE}. */
  static long total(byte[] der) {
    Scan scan = new Scan(der);
    try {
      scan.walk(0, der.length, 0, false);
    } catch (Malformed e) {
      // partial sums count
    }
    return scan.total;
  }

  private static class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed() {
      super(null, null, false, false);
    }
  }

  private static final class TooDeep extends Malformed {
    private static final long serialVersionUID = 1L;
  }

  private static final class Scan {
    private final byte[] b;
    private long total;

    Scan(byte[] b) {
      this.b = b;
    }

    /**
     * Walks the TLVs in {@code [pos, end)}, or up to an end-of-contents mark if {@code indefinite};
     * returns the position after them.
     */
    int walk(int pos, int end, int depth, boolean indefinite) throws Malformed {
      if (depth > MAX_DEPTH) {
        throw new TooDeep();
      }
      boolean afterOctets = false;
      while (pos < end) {
        if (indefinite && b[pos] == 0) {
          if (pos + 1 < end && b[pos + 1] == 0) {
            return pos + 2;
          }
          throw new Malformed();
        }
        int tag = b[pos++] & 0xff;
        if ((tag & 0x1f) == 0x1f) {
          do {
            if (pos >= end) {
              throw new Malformed();
            }
          } while ((b[pos++] & 0x80) != 0);
        }
        if (pos >= end) {
          throw new Malformed();
        }
        int first = b[pos++] & 0xff;
        boolean constructed = (tag & 0x20) != 0;
        if (first == 0x80) {
          if (!constructed) {
            throw new Malformed();
          }
          if (tag == 0x24) {
            ByteArrayOutputStream octets = new ByteArrayOutputStream();
            pos = chunks(pos, end, depth + 1, true, octets);
            nested(octets.toByteArray(), depth);
            afterOctets = true;
          } else {
            pos = walk(pos, end, depth + 1, true);
            afterOctets = false;
          }
          continue;
        }
        int length;
        if (first < 0x80) {
          length = first;
        } else {
          int count = first & 0x7f;
          if (count > 4 || pos + count > end) {
            throw new Malformed();
          }
          long l = 0;
          for (int i = 0; i < count; i++) {
            l = (l << 8) | (b[pos++] & 0xff);
          }
          if (l > end - pos) {
            throw new Malformed();
          }
          length = (int) l;
        }
        if (length > end - pos) {
          throw new Malformed();
        }
        int next = pos + length;
        if (tag == 0x24) {
          ByteArrayOutputStream octets = new ByteArrayOutputStream();
          chunks(pos, next, depth + 1, false, octets);
          nested(octets.toByteArray(), depth);
          afterOctets = true;
        } else if (constructed) {
          walk(pos, next, depth + 1, false);
          afterOctets = false;
        } else if (tag == 0x04) {
          nested(java.util.Arrays.copyOfRange(b, pos, next), depth);
          afterOctets = true;
        } else if (tag == 0x02 && afterOctets) {
          add(pos, length);
          afterOctets = false;
        } else {
          afterOctets = false;
        }
        pos = next;
      }
      if (indefinite) {
        throw new Malformed();
      }
      return pos;
    }

    /** The contents of a constructed (BER) OCTET STRING's primitive chunks, concatenated. */
    private int chunks(int pos, int end, int depth, boolean indefinite, ByteArrayOutputStream out)
        throws Malformed {
      if (depth > MAX_DEPTH) {
        throw new TooDeep();
      }
      while (pos < end) {
        if (indefinite && b[pos] == 0) {
          if (pos + 1 < end && b[pos + 1] == 0) {
            return pos + 2;
          }
          throw new Malformed();
        }
        int tag = b[pos++] & 0xff;
        if (pos >= end) {
          throw new Malformed();
        }
        int first = b[pos++] & 0xff;
        if (tag == 0x24 && first == 0x80) {
          pos = chunks(pos, end, depth + 1, true, out);
          continue;
        }
        int length;
        if (first < 0x80) {
          length = first;
        } else {
          int count = first & 0x7f;
          if (count == 0 || count > 4 || pos + count > end) {
            throw new Malformed();
          }
          long l = 0;
          for (int i = 0; i < count; i++) {
            l = (l << 8) | (b[pos++] & 0xff);
          }
          if (l > end - pos) {
            throw new Malformed();
          }
          length = (int) l;
        }
        if (length > end - pos) {
          throw new Malformed();
        }
        if (tag == 0x04) {
          out.write(b, pos, length);
        } else if (tag == 0x24) {
          chunks(pos, pos + length, depth + 1, false, out);
        } else {
          throw new Malformed();
        }
        pos += length;
      }
      if (indefinite) {
        throw new Malformed();
      }
      return pos;
    }

    /** Reads an OCTET STRING's contents as ASN.1; counts found there stand only if all of it is. */
    private void nested(byte[] contents, int depth) throws TooDeep {
      if (contents.length < 2) {
        return;
      }
      Scan inner = new Scan(contents);
      try {
        inner.walk(0, contents.length, depth + 1, false);
      } catch (TooDeep e) {
        throw e;
      } catch (Malformed e) {
        return; // opaque bytes: a salt, a key, ciphertext
      }
      total = saturatingAdd(total, inner.total);
    }

    private void add(int pos, int length) {
      if (length == 0 || (b[pos] & 0x80) != 0) {
        return; // empty or negative: the parsers refuse it
      }
      int start = pos;
      while (start < pos + length - 1 && b[start] == 0) {
        start++;
      }
      if (pos + length - start > 7) {
        total = Long.MAX_VALUE;
        return;
      }
      long value = 0;
      for (int i = start; i < pos + length; i++) {
        value = (value << 8) | (b[i] & 0xff);
      }
      total = saturatingAdd(total, value);
    }

    private static long saturatingAdd(long a, long b) {
      long sum = a + b;
      return sum < 0 ? Long.MAX_VALUE : sum;
    }
  }
}
