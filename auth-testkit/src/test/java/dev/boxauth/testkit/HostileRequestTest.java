package dev.boxauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Issue 12's emulator findings, from {@code src/test/resources/regressions}. */
@ExtendWith(BoxEmulatorExtension.class)
class HostileRequestTest {
  private static BoxEmulator emulator;
  private static EmulatedApp app;

  static Stream<String> refusedRequests() {
    return Stream.of(
        "content-length-with-transfer-encoding.http",
        "space-before-colon.http",
        "duplicate-content-length.http",
        "content-length-list.http",
        "content-length-with-sign.http",
        "chunk-size-with-sign.http",
        "chunk-size-overlong.http",
        "transfer-encoding-not-chunked.http",
        "obsolete-line-folding.http");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedRequests")
  void request_thatRfc9112SaysToRefuse_gets400AndTheConnectionCloses(String file)
      throws IOException {
    try (Socket s = connect(emulator)) {
      send(s, resource(file));

      String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

      assertThat(reply).as(file).startsWith("HTTP/1.1 400 ").contains("Connection: close");
    }
  }

  @Test
  void slowClient_isCutOffAtTheRequestTimeout_andAnIdleOneAtTheIdleTimeout() throws IOException {
    try (BoxEmulator strict = BoxEmulator.start()) {
      strict.connectionTimeouts(Duration.ofMillis(300), Duration.ofMillis(300));
      try (Socket stalled = connect(strict);
          Socket idle = connect(strict)) {
        send(
            stalled,
            "POST /oauth2/token HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));

        // Both read the end of the stream: the server closed them (the socket's own timeout, 20 s,
        // would throw instead).
        assertThat(stalled.getInputStream().read()).isEqualTo(-1);
        assertThat(idle.getInputStream().read()).isEqualTo(-1);
      }
    }
  }

  static Stream<String> overflowingClaims() {
    return lines("claims-overflow.txt").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("overflowingClaims")
  void claims_farOutsideAnyRealTime_areCheckedWithoutOverflow(String line) throws Exception {
    String[] sides = line.split("->");
    Map<String, Object> claims = Forge.claims(app);
    for (String pair : sides[0].trim().split(" ")) {
      String[] kv = pair.split("=");
      claims.put(kv[0], number(kv[1]));
    }
    String expected = sides[1].trim();

    Http.Reply reply =
        Http.post(emulator.tokenUrl(), Forge.jwtForm(app, Forge.assertion(app, claims)));

    if (expected.equals("ISSUED")) {
      assertThat(reply.status()).as(line).isEqualTo(200);
    } else {
      assertThat(reply.status()).as(line).isEqualTo(400);
      assertThat(reply.json())
          .as(line)
          .containsEntry("error_description", BoxTexts.class.getDeclaredField(expected).get(null));
    }
  }

  private static Object number(String value) {
    long now = Instant.now().getEpochSecond();
    if (value.startsWith("now+")) {
      return now + Long.parseLong(value.substring(4));
    }
    if (value.startsWith("now-")) {
      return now - Long.parseLong(value.substring(4));
    }
    return value.contains("e") || value.contains(".")
        ? Double.parseDouble(value)
        : Long.parseLong(value);
  }

  private static Socket connect(BoxEmulator e) throws IOException {
    Socket s = new Socket("127.0.0.1", e.baseUrl().getPort());
    s.setSoTimeout(20_000);
    return s;
  }

  private static void send(Socket s, byte[] bytes) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(bytes);
    out.flush();
  }

  static byte[] resource(String name) {
    try (InputStream in =
        Objects.requireNonNull(
            HostileRequestTest.class.getResourceAsStream("/regressions/" + name), name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> lines(String name) {
    return new String(resource(name), StandardCharsets.UTF_8)
        .lines()
        .filter(l -> !l.isBlank() && !l.startsWith("#"))
        .toList();
  }
}
