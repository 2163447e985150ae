package dev.boxauth.testing;

import dev.boxauth.domain.AssertionClaims;
import dev.boxauth.domain.Secret;
import dev.boxauth.port.AssertionSigner;
import dev.boxauth.port.KeySource;
import dev.boxauth.port.SigningKey;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A deliberately plain JWS signer for tests of the ports module, which has no JSON library. Test
 * values contain no characters that need JSON escaping.
 */
public final class TestJwsSigner implements AssertionSigner {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private final KeySource keys;

  public TestJwsSigner(KeySource keys) {
    this.keys = keys;
  }

  @Override
  public Secret sign(AssertionClaims c) {
    SigningKey key = keys.current();
    String header =
        "{\"alg\":\"" + key.algorithm() + "\",\"typ\":\"JWT\",\"kid\":\"" + key.keyId() + "\"}";
    String payload =
        "{\"iss\":\""
            + c.issuer().value()
            + "\",\"sub\":\""
            + c.subject().id()
            + "\",\"box_sub_type\":\""
            + c.subject().wireType()
            + "\",\"aud\":\""
            + c.audience()
            + "\",\"jti\":\""
            + c.jti()
            + "\",\"exp\":"
            + c.expEpochSecond()
            + "}";
    String input = b64(header) + "." + b64(payload);
    byte[] signature = key.sign(input.getBytes(StandardCharsets.US_ASCII));
    return Secret.of(input + "." + B64.encodeToString(signature));
  }

  private static String b64(String json) {
    return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
