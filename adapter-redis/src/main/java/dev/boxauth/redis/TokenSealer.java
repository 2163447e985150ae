package dev.boxauth.redis;

import com.google.crypto.tink.Aead;
import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.Restriction;
import dev.boxauth.domain.Secret;
import dev.boxauth.domain.TokenKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Turns a token into the bytes kept in Redis and back: a small versioned binary form, encrypted
 * with the user's AEAD, with the token key bound as associated data so that a value copied to
 * another key fails to decrypt. Thread-safe (Tink primitives are).
 *
 * <p>Plaintext, version 1 (big-endian; a string is a 4-byte length then UTF-8):
 *
 * <pre>
 * byte     1 (format version)
 * string   token value
 * string   token type
 * long,int issuedAt (epoch seconds, nanos)
 * long,int expiresAt (epoch seconds, nanos)
 * int      number of restrictions, then per restriction:
 *   string scope
 *   byte   0 (no item) or 1 (item), then for an item: string type, string id
 * </pre>
 *
 * A hand-written form rather than JSON: five fields need no library, and the decoder can bound
 * every length before it allocates.
 */
final class TokenSealer {
  static final byte VERSION = 1;
  private static final String CONTEXT = "boxauth/redis/token/v1\n";
  private static final int MAX_STRING = 64 * 1024;
  private static final int MAX_RESTRICTIONS = 1024;

  private final Aead aead;

  TokenSealer(Aead aead) {
    this.aead = Objects.requireNonNull(aead, "aead");
  }

  /** A refused entry; the message says why and never holds the entry's bytes. */
  static final class Rejected extends Exception {
    private static final long serialVersionUID = 1L;

    Rejected(String why) {
      super(why, null, false, false);
    }
  }

  /**
   * Encrypts {@code token} for {@code key}.
   *
   * @throws GeneralSecurityException if the AEAD fails (e.g. a KMS-backed one that is unreachable)
   */
  byte[] seal(TokenKey key, AccessToken token) throws GeneralSecurityException {
    byte[] plain = encode(token);
    try {
      return aead.encrypt(plain, associatedData(key));
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  /**
   * Decrypts an entry found under {@code key}.
   *
   * @throws Rejected if it was not sealed for {@code key} with this AEAD's keys, or is unreadable
   */
  AccessToken open(TokenKey key, byte[] sealed) throws Rejected {
    byte[] plain;
    try {
      plain = aead.decrypt(sealed, associatedData(key));
    } catch (GeneralSecurityException e) {
      throw new Rejected(
          "it does not decrypt for this key (another encryption key, a value copied from another"
              + " token key, or tampering)");
    }
    try {
      return decode(plain);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  /** What binds an entry to its key: a fixed context label, then the key's canonical form. */
  static byte[] associatedData(TokenKey key) {
    return (CONTEXT + key.canonical()).getBytes(StandardCharsets.UTF_8);
  }

  static byte[] encode(AccessToken token) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      writeString(out, token.value());
      writeString(out, token.tokenType());
      writeInstant(out, token.issuedAt());
      writeInstant(out, token.expiresAt());
      out.writeInt(token.restrictedTo().size());
      for (Restriction r : token.restrictedTo()) {
        writeString(out, r.scope());
        if (r.object() == null) {
          out.writeByte(0);
        } else {
          out.writeByte(1);
          writeString(out, r.object().type());
          writeString(out, r.object().id());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e); // cannot happen
    }
    return bytes.toByteArray();
  }

  static AccessToken decode(byte[] plain) throws Rejected {
    ByteArrayInputStream bytes = new ByteArrayInputStream(plain);
    try (DataInputStream in = new DataInputStream(bytes)) {
      int version = in.readUnsignedByte();
      if (version != VERSION) {
        throw new Rejected("it has format version " + version + ", this library reads " + VERSION);
      }
      String value = readString(in);
      String type = readString(in);
      Instant issuedAt = readInstant(in);
      Instant expiresAt = readInstant(in);
      int count = in.readInt();
      if (count < 0 || count > MAX_RESTRICTIONS) {
        throw new Rejected("it claims " + count + " restrictions");
      }
      List<Restriction> restrictions = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        String scope = readString(in);
        int hasItem = in.readUnsignedByte();
        Restriction.Item item;
        if (hasItem == 0) {
          item = null;
        } else if (hasItem == 1) {
          item = new Restriction.Item(readString(in), readString(in));
        } else {
          throw new Rejected("a restriction has a bad item marker");
        }
        restrictions.add(new Restriction(scope, item));
      }
      if (bytes.available() != 0) {
        throw new Rejected("it has " + bytes.available() + " bytes past its end");
      }
      return new AccessToken(Secret.of(value), type, issuedAt, expiresAt, restrictions);
    } catch (IOException e) {
      throw new Rejected("it is truncated");
    } catch (IllegalArgumentException | DateTimeException e) {
      throw new Rejected("it holds an invalid token (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readString(DataInputStream in) throws IOException, Rejected {
    int length = in.readInt();
    if (length < 0 || length > MAX_STRING || length > in.available()) {
      throw new Rejected("it has a string length of " + length);
    }
    byte[] b = new byte[length];
    in.readFully(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  private static void writeInstant(DataOutputStream out, Instant t) throws IOException {
    out.writeLong(t.getEpochSecond());
    out.writeInt(t.getNano());
  }

  private static Instant readInstant(DataInputStream in) throws IOException {
    return Instant.ofEpochSecond(in.readLong(), in.readInt());
  }
}
