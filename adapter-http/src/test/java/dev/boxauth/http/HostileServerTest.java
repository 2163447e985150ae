package dev.boxauth.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxauth.domain.AuthException;
import dev.boxauth.domain.ClientCredentials;
import dev.boxauth.domain.Grant;
import dev.boxauth.domain.Secret;
import dev.boxauth.port.TokenReply;
import dev.boxauth.port.TokenTransport;
import dev.boxauth.testing.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The transport against a server that lies: the replies in {@code src/test/resources/regressions}.
 */
class HostileServerTest {
  private static final String TOKEN_BYTES = "8f7a1c2b3d4e5f6";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private final RawHttpServer server = new RawHttpServer();
  private final TokenTransport transport =
      MockBox.transport(HttpTransportConfig.builder().baseUrl(server.baseUrl()).build(), clock);

  @AfterEach
  void stop() throws Exception {
    ((AutoCloseable) transport).close();
    server.close();
  }

  private static Grant jwt() {
    return new Grant.JwtBearer(
        ClientCredentials.of("client-1", "client-s3cret-XYZ"), Secret.of("a.b.c"));
  }

  @Test
  void shortContentLength_doesNotPoisonThePooledConnection() {
    server.enqueue(regression("short-content-length.http"));
    server.enqueue(good("second-token-value"));

    TokenReply first = transport.exchange(jwt());
    TokenReply second = transport.exchange(jwt());

    assertThat(first).isInstanceOf(TokenReply.Refused.class);
    assertNoServerBytes(((TokenReply.Refused) first).error());
    assertThat(second)
        .as("the second request must not read the first reply's leftover bytes")
        .isInstanceOfSatisfying(
            TokenReply.Issued.class,
            issued -> assertThat(issued.token().value()).isEqualTo("second-token-value"));
    assertThat(server.connections()).isEqualTo(2);
  }

  @Test
  void statusLineWithServerBytes_isDescribedNotQuoted() {
    server.enqueue(regression("status-line-with-token-bytes.http"));

    AuthException e = ((TokenReply.Refused) transport.exchange(jwt())).error();

    assertNoServerBytes(e);
    assertThat(e.getMessage()).contains("no reply").contains("ProtocolException");
    assertThat(e.getCause()).isNull();
  }

  @Test
  void badUnicodeEscapeInTheToken_keepsNoParserException() {
    server.enqueue(regression("token-reply-bad-unicode-escape.http"));

    AuthException e = ((TokenReply.Refused) transport.exchange(jwt())).error();

    assertNoServerBytes(e);
    assertThat(e.getMessage()).contains("malformed JSON");
    assertThat(e.getCause()).isNull();
  }

  @Test
  void retryAfterOfAControlCharacter_isARateLimitWithoutAWait() {
    server.enqueue(regression("retry-after-control-character.http"));

    AuthException e = ((TokenReply.Refused) transport.exchange(jwt())).error();

    assertThat(e)
        .isInstanceOfSatisfying(
            dev.boxauth.domain.RateLimitedException.class,
            r -> assertThat(r.retryAfter()).isZero());
  }

  @Test
  void errorDescriptionHoldingATokenShapedValue_isNotQuoted() {
    server.enqueue(regression("error-description-holding-a-token.http"));

    AuthException e = ((TokenReply.Refused) transport.exchange(jwt())).error();

    assertNoServerBytes(e);
    assertThat(e.getMessage()).contains("[...]");
  }

  @Test
  void contentTypeHoldingATokenShapedValue_isNotQuoted() {
    server.enqueue(regression("content-type-holding-a-token.http"));

    AuthException e = ((TokenReply.Refused) transport.exchange(jwt())).error();

    assertNoServerBytes(e);
    assertThat(e.getMessage()).contains("non-JSON application/[...] body");
  }

  private static void assertNoServerBytes(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage()))
          .doesNotContain(TOKEN_BYTES)
          .doesNotContain("enValue")
          .doesNotContain("12G4");
      assertThat(t.toString()).doesNotContain(TOKEN_BYTES);
    }
  }

  private static byte[] good(String token) {
    String body = "{\"access_token\":\"" + token + "\",\"expires_in\":3600}";
    return ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
            + body.length()
            + "\r\n\r\n"
            + body)
        .getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] regression(String name) {
    try (InputStream in =
        Objects.requireNonNull(
            HostileServerTest.class.getResourceAsStream("/regressions/" + name), name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
