package dev.boxauth.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.boxauth.domain.AuthException;
import dev.boxauth.domain.ClientCredentials;
import dev.boxauth.domain.Grant;
import dev.boxauth.domain.Secret;
import dev.boxauth.port.TokenReply;
import dev.boxauth.port.TokenTransport;
import dev.boxauth.testing.Fuzzer;
import dev.boxauth.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Token-endpoint replies, mutated down to the status line and headers, served from a raw socket to
 * the real transport (issue 12, "keep it found"): every reply becomes a token or a typed {@link
 * AuthException}, within a second, and no token value, client secret or assertion reaches a
 * message, a cause or a log line (DEBUG included).
 */
class TokenReplyFuzzTest {
  private static final String TOKEN = "tokenValue8f7a1c2b3d4e5f60718293a4b5c6d7e8";
  private static final String SECRET = "client-s3cret-XYZ-fuzz";
  private static final String ASSERTION = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2lnbmF0dXJl";

  @Test
  void tokenReplies_mutated_becomeTokensOrTypedErrors_fastAndSilent() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    Level level = root.getLevel();
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    root.addAppender(appender);
    root.setLevel(Level.DEBUG);
    MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    try (RawHttpServer server = new RawHttpServer(true)) {
      TokenTransport transport =
          MockBox.transport(
              HttpTransportConfig.builder()
                  .baseUrl(server.baseUrl())
                  .readTimeout(Duration.ofMillis(300))
                  .callTimeout(Duration.ofMillis(800))
                  .build(),
              clock);
      Grant grant =
          new Grant.JwtBearer(ClientCredentials.of("client-1", SECRET), Secret.of(ASSERTION));
      Fuzzer.Report report =
          Fuzzer.named("token-reply")
              .seeds(seeds())
              .secrets(List.of(TOKEN, SECRET, ASSERTION, TOKEN.substring(10, 26)))
              .allowed(AuthException.class::isInstance)
              .logs(
                  () -> {
                    List<String> lines = new ArrayList<>();
                    for (ILoggingEvent e : List.copyOf(appender.list)) {
                      lines.add(e.getFormattedMessage() + " " + e.getThrowableProxy());
                    }
                    return lines;
                  },
                  appender.list::clear)
              .maxLength(256 * 1024)
              .target(
                  reply -> {
                    server.answerEveryRequestWith(reply);
                    TokenReply answer = transport.exchange(grant);
                    return answer instanceof TokenReply.Refused r ? r.error() : null;
                  })
              .run();
      ((AutoCloseable) transport).close();

      assertThat(report.findings()).as(report.toString()).isEmpty();
    } finally {
      root.detachAppender(appender);
      root.setLevel(level);
    }
  }

  @Test
  void tokenJson_mutatedBodies_parseOrFailWithADescriptionThatQuotesNothing() {
    List<byte[]> bodies = new ArrayList<>();
    for (byte[] reply : seeds()) {
      String text = new String(reply, StandardCharsets.UTF_8);
      int blank = text.indexOf("\r\n\r\n");
      bodies.add(text.substring(blank < 0 ? 0 : blank + 4).getBytes(StandardCharsets.UTF_8));
    }
    Instant now = Instant.parse("2026-03-01T10:00:00Z");

    Fuzzer.Report report =
        Fuzzer.named("token-json")
            .measureCpuTime()
            .seeds(bodies)
            .secrets(List.of(TOKEN, SECRET, TOKEN.substring(10, 26)))
            .allowed(TokenJson.BadReplyException.class::isInstance)
            .target(
                body -> {
                  TokenJson.boxError(body);
                  TokenJson.describe(body, null);
                  TokenJson.token(body, null, now);
                  return null;
                })
            .run();

    assertThat(report.findings()).as(report.toString()).isEmpty();
  }

  private static List<byte[]> seeds() {
    List<byte[]> seeds = new ArrayList<>();
    seeds.add(
        reply(
            "200 OK",
            "application/json",
            "{\"access_token\":\""
                + TOKEN
                + "\",\"expires_in\":3600,\"restricted_to\":[],\"token_type\":\"bearer\"}"));
    seeds.add(
        reply(
            "200 OK",
            "application/json",
            "{\"access_token\":\""
                + TOKEN
                + "\",\"expires_in\":3600,\"issued_token_type\":\"urn:ietf:params:oauth:token-type:access_token\","
                + "\"restricted_to\":[{\"scope\":\"item_preview\",\"object\":{\"type\":\"file\",\"id\":\"123\","
                + "\"sequence_id\":\"0\",\"etag\":\"0\",\"name\":\"a.txt\"}}],\"token_type\":\"bearer\"}"));
    seeds.add(
        reply(
            "400 Bad Request",
            "application/json",
            "{\"error\":\"invalid_grant\",\"error_description\":\"Please check the 'jti' claim. A"
                + " unique 'jti' value is required.\"}"));
    seeds.add(
        reply(
            "429 Too Many Requests\r\nRetry-After: 3",
            "application/json",
            "{\"type\":\"error\",\"status\":429,\"code\":\"rate_limit_exceeded\",\"message\":\"Request"
                + " rate limit exceeded\"}"));
    seeds.add(reply("503 Service Unavailable", "text/html", "<html><body>503</body></html>"));
    seeds.add(
        ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "10\r\n{\"access_token\":\r\n"
                + Integer.toHexString(TOKEN.length() + 23)
                + "\r\n\""
                + TOKEN
                + "\",\"expires_in\":3600}\r\n0\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    for (String f :
        List.of(
            "short-content-length.http",
            "status-line-with-token-bytes.http",
            "token-reply-bad-unicode-escape.http",
            "retry-after-control-character.http",
            "error-description-holding-a-token.http",
            "content-type-holding-a-token.http")) {
      seeds.add(HostileServerTest.regression(f));
    }
    return seeds;
  }

  private static byte[] reply(String status, String type, String body) {
    return ("HTTP/1.1 "
            + status
            + "\r\nDate: Sun, 01 Mar 2026 10:00:00 GMT\r\nContent-Type: "
            + type
            + "\r\nContent-Length: "
            + body.getBytes(StandardCharsets.UTF_8).length
            + "\r\n\r\n"
            + body)
        .getBytes(StandardCharsets.UTF_8);
  }
}
