package dev.boxauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The emulator's clock: its skew drives the Date header, assertion checks and token expiry. */
@ExtendWith(BoxEmulatorExtension.class)
class ClockTest {
  private static BoxEmulator emulator;
  private static EmulatedApp app;

  private static Http.Reply token(Map<String, Object> claims) {
    return Http.post(emulator.tokenUrl(), Forge.jwtForm(app, Forge.assertion(app, claims)));
  }

  @Test
  void skew_movesTheDateHeaderOfEveryReply() {
    emulator.clock().skew(Duration.ofMinutes(5));

    Http.Reply error = token(Forge.claims(app));
    Http.Reply notFound =
        Http.send(
            Http.CLIENT, HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/x")).build());

    Instant expected = Instant.now().plus(Duration.ofMinutes(5));
    assertThat(error.date()).isCloseTo(expected, within(10, ChronoUnit.SECONDS));
    assertThat(notFound.date()).isCloseTo(expected, within(10, ChronoUnit.SECONDS));
  }

  @Test
  void skew_setsTheOffsetRatherThanAddingToIt() {
    emulator.clock().skew(Duration.ofMinutes(5));
    emulator.clock().skew(Duration.ofMinutes(5));

    assertThat(emulator.clock().skew()).isEqualTo(Duration.ofMinutes(5));
    assertThat(token(Forge.claims(app)).date())
        .isCloseTo(Instant.now().plus(Duration.ofMinutes(5)), within(10, ChronoUnit.SECONDS));
  }

  @Test
  void token_whenServerAhead_refusesAnExpOnTheClientsClockAsExpired() {
    emulator.clock().skew(Duration.ofMinutes(5));

    Http.Reply reply = token(Forge.claims(app));

    assertThat(reply.get("error_description")).isEqualTo(BoxTexts.EXPIRED);
  }

  @Test
  void token_whenServerBehind_refusesAnExpOnTheClientsClockAsTooFar() {
    emulator.clock().skew(Duration.ofMinutes(-5));

    Http.Reply reply = token(Forge.claims(app));

    assertThat(reply.get("error_description")).isEqualTo(BoxTexts.EXP_TOO_FAR);
  }

  @Test
  void token_whenClientUsesTheServersDate_isIssuedDespiteSkew() {
    emulator.clock().skew(Duration.ofMinutes(-7));
    Instant serverNow = token(Forge.claims(app)).date();
    Map<String, Object> claims = Forge.claims(app);
    claims.put("exp", serverNow.getEpochSecond() + 30);

    assertThat(token(claims).status()).isEqualTo(200);
  }

  @Test
  void introspect_followsTheServersClock() {
    Map<String, Object> claims = Forge.claims(app);
    String token = token(claims).get("access_token");

    emulator.clock().skew(Duration.ofSeconds(4123));
    TokenInfo.State expired = emulator.introspect(token).state();
    emulator.clock().skew(Duration.ZERO);

    assertThat(expired).isEqualTo(TokenInfo.State.EXPIRED);
    assertThat(emulator.introspect(token).state()).isEqualTo(TokenInfo.State.LIVE);
  }

  @Test
  void now_isRealTimePlusSkew() {
    emulator.clock().skew(Duration.ofDays(-1));

    assertThat(emulator.clock().now())
        .isCloseTo(Instant.now().minus(Duration.ofDays(1)), within(10, ChronoUnit.SECONDS));
  }

  /**
   * Why the emulator has its own HTTP server: the JDK's overwrites the handler's {@code Date} with
   * the JVM's time, so a skewed server clock could not be shown to clients.
   */
  @Test
  void jdkHttpServer_whenHandlerSetsDate_overwritesIt() throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.getResponseHeaders().set("Date", "Fri, 01 Jan 1999 00:00:00 GMT");
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    try {
      Http.Reply reply =
          Http.send(
              Http.CLIENT,
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"))
                  .build());

      assertThat(reply.header("date")).isNotEqualTo("Fri, 01 Jan 1999 00:00:00 GMT");
    } finally {
      server.stop(0);
    }
  }
}
