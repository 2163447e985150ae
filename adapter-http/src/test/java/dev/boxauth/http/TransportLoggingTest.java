package dev.boxauth.http;

import static dev.boxauth.http.MockBox.boxError;
import static dev.boxauth.http.MockBox.token;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.boxauth.domain.ClientCredentials;
import dev.boxauth.domain.DownscopeTarget;
import dev.boxauth.domain.Grant;
import dev.boxauth.domain.Secret;
import dev.boxauth.domain.Subject;
import dev.boxauth.testing.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Everything logged at any level, for every grant and revoke, is free of secrets. */
class TransportLoggingTest {
  private static final String CLIENT_SECRET = "cs-LOGGED-NEVER-1";
  private static final String ASSERTION =
      "eyJhbGciOiJSUzI1NiJ9.eyJqdGkiOiJMT0dHRUQifQ.c2lnLUxPR0dFRA";
  private static final String SUBJECT_TOKEN = "parent-LOGGED-NEVER-2";
  private static final String REVOKED = "revoke-LOGGED-NEVER-3";
  private static final List<String> ISSUED =
      List.of("jwt-tok-LOGGED-NEVER-4", "ccg-tok-LOGGED-NEVER-5", "small-tok-LOGGED-NEVER-6");
  private static final ClientCredentials CLIENT = ClientCredentials.of("client-1", CLIENT_SECRET);

  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private Level previous;
  private MockBox box;

  @BeforeEach
  void capture() throws Exception {
    previous = root.getLevel();
    root.setLevel(Level.TRACE);
    appender.start();
    root.addAppender(appender);
    box = new MockBox(new MutableClock(Instant.parse("2026-03-01T10:00:00Z")));
  }

  @AfterEach
  void release() throws Exception {
    box.close();
    root.detachAppender(appender);
    root.setLevel(previous);
  }

  @Test
  void exchangeAndRevoke_logMethodPathStatusAndLatency_neverASecret() {
    box.enqueue(token(ISSUED.get(0), 3600));
    box.enqueue(token(ISSUED.get(1), 3600));
    box.enqueue(token(ISSUED.get(2), 3600));
    box.enqueue(boxError(400, "invalid_grant", "Please check the 'jti' claim."));
    box.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()));
    box.enqueue(new MockResponse.Builder().code(200));

    Grant jwt = new Grant.JwtBearer(CLIENT, Secret.of(ASSERTION));
    box.transport.exchange(jwt);
    box.transport.exchange(new Grant.ClientCredentialsGrant(CLIENT, Subject.user("77")));
    box.transport.exchange(
        new Grant.TokenExchange(
            CLIENT,
            Secret.of(SUBJECT_TOKEN),
            Set.of("item_preview"),
            DownscopeTarget.resource("https://api.box.com/2.0/files/1")));
    box.transport.exchange(jwt);
    box.transport.exchange(jwt);
    box.transport.revoke(CLIENT, Secret.of(REVOKED));

    List<String> transportLines = new ArrayList<>();
    for (ILoggingEvent event : appender.list) {
      String everything = render(event);
      assertThat(everything)
          .doesNotContain(CLIENT_SECRET)
          .doesNotContain(ASSERTION)
          .doesNotContain(SUBJECT_TOKEN)
          .doesNotContain(REVOKED)
          .doesNotContain("LOGGED-NEVER")
          .doesNotContain("Bearer");
      if (event.getLoggerName().equals(RetrofitTokenTransport.class.getName())) {
        assertThat(event.getLevel()).isEqualTo(Level.DEBUG);
        transportLines.add(event.getFormattedMessage());
      }
    }
    assertThat(transportLines)
        .hasSize(6)
        .allMatch(line -> line.startsWith("POST /oauth2/"))
        .allMatch(line -> line.matches(".* (-> \\d{3} in|failed after) \\d+ ms.*"));
    assertThat(transportLines.get(0)).startsWith("POST /oauth2/token -> 200 in ");
    assertThat(transportLines.get(3)).startsWith("POST /oauth2/token -> 400 in ");
    assertThat(transportLines.get(4)).startsWith("POST /oauth2/token failed after ");
    assertThat(transportLines.get(5)).startsWith("POST /oauth2/revoke -> 200 in ");
  }

  /** The message, its arguments, MDC and every throwable in the chain, as one string. */
  private static String render(ILoggingEvent event) {
    StringBuilder b = new StringBuilder(event.getFormattedMessage());
    b.append(' ').append(event.getMessage());
    if (event.getArgumentArray() != null) {
      for (Object arg : event.getArgumentArray()) {
        b.append(' ').append(arg);
      }
    }
    b.append(' ').append(event.getMDCPropertyMap());
    for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
      b.append(' ').append(t.getClassName()).append(": ").append(t.getMessage());
    }
    return b.toString();
  }
}
