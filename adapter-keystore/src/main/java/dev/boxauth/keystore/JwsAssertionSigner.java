package dev.boxauth.keystore;

import com.squareup.moshi.JsonWriter;
import dev.boxauth.domain.AssertionClaims;
import dev.boxauth.domain.Secret;
import dev.boxauth.port.AssertionSigner;
import dev.boxauth.port.KeySource;
import dev.boxauth.port.SigningKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import okio.Buffer;

/**
 * Compact JWS (RFC 7515 §7.1) over the JCA: the header ({@code alg}, {@code typ: JWT}, {@code kid})
 * and Box's claims (RFC 7523 §3: {@code iss}, {@code sub} as a string, {@code box_sub_type}, {@code
 * aud} as a single string, {@code jti}, {@code exp} as a number) are written by Moshi's streaming
 * writer, and the signing input is signed by the {@link KeySource}'s current key, so a key in an
 * HSM or KMS works the same way. Thread-safe.
 */
final class JwsAssertionSigner implements AssertionSigner {
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private final KeySource keys;

  JwsAssertionSigner(KeySource keys) {
    this.keys = Objects.requireNonNull(keys, "keys");
  }

  @Override
  public Secret sign(AssertionClaims claims) {
    Objects.requireNonNull(claims, "claims");
    SigningKey key = keys.current();
    String input =
        B64URL.encodeToString(header(key)) + "." + B64URL.encodeToString(payload(claims));
    byte[] signature = key.sign(input.getBytes(StandardCharsets.US_ASCII));
    return Secret.of(input + "." + B64URL.encodeToString(signature));
  }

  static byte[] header(SigningKey key) {
    Buffer buffer = new Buffer();
    try (JsonWriter json = JsonWriter.of(buffer)) {
      json.beginObject();
      json.name("alg").value(key.algorithm().name());
      json.name("typ").value("JWT");
      json.name("kid").value(key.keyId().value());
      json.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to a memory buffer failed", e);
    }
    return buffer.readByteArray();
  }

  static byte[] payload(AssertionClaims claims) {
    Buffer buffer = new Buffer();
    try (JsonWriter json = JsonWriter.of(buffer)) {
      json.beginObject();
      json.name("iss").value(claims.issuer().value());
      json.name("sub").value(claims.subject().id());
      json.name("box_sub_type").value(claims.subject().wireType());
      json.name("aud").value(claims.audience());
      json.name("jti").value(claims.jti());
      json.name("exp").value(claims.expEpochSecond());
      json.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to a memory buffer failed", e);
    }
    return buffer.readByteArray();
  }

  @Override
  public String toString() {
    return "JwsAssertionSigner[" + keys + "]";
  }
}
