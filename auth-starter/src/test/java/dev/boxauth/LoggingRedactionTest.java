package dev.boxauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.AuthException;
import dev.boxauth.service.TokenPolicy;
import dev.boxauth.testkit.BoxEmulator;
import dev.boxauth.testkit.EmulatedApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Every line boxauth logs, at every level, through success, retries and failures: no secrets. */
class LoggingRedactionTest {

  @Test
  void wholeFlow_atTrace_logsNoSecretTokenOrAssertion() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level before = root.getLevel();
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    root.addAppender(appender);
    root.setLevel(Level.TRACE);
    List<String> secrets = new ArrayList<>();
    try (BoxEmulator emulator = BoxEmulator.start()) {
      EmulatedApp app = emulator.newJwtApp();
      secrets.add(app.clientSecret());
      secrets.add(app.passphrase());
      try (BoxAuth auth =
          BoxAuth.builder()
              .configJson(app.configJson())
              .baseUrl(emulator.baseUrl())
              .policy(
                  TokenPolicy.builder()
                      .backoff(Duration.ofMillis(10), Duration.ofMillis(20))
                      .build())
              .build()) {
        emulator.faults().rateLimitNext(1, Duration.ofSeconds(1));
        emulator.faults().failNext(1, 503);
        emulator.clock().skew(Duration.ofMinutes(5));
        AccessToken token = auth.enterprise().token();
        secrets.add(token.value());
        AccessToken small = auth.downscope(token, Set.of("item_preview"));
        secrets.add(small.value());
        auth.revoke(small);
        app.authorized(false);
        assertThatThrownBy(() -> auth.user(app.newAppUser()).token())
            .isInstanceOf(AuthException.class);
      }
    } finally {
      root.detachAppender(appender);
      root.setLevel(before);
    }

    assertThat(appender.list).isNotEmpty();
    for (ILoggingEvent event : appender.list) {
      String line =
          event.getFormattedMessage()
              + " "
              + (event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage());
      for (String secret : secrets) {
        assertThat(line).as("log line from %s", event.getLoggerName()).doesNotContain(secret);
      }
      assertThat(line).doesNotContain("eyJ"); // no JWS header or payload
    }
  }
}
