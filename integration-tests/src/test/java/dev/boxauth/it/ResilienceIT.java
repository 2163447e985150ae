package dev.boxauth.it;

import static dev.boxauth.testkit.BoxEmulator.GrantType.JWT_BEARER;
import static dev.boxauth.testkit.BoxEmulator.GrantType.TOKEN_EXCHANGE;
import static dev.boxauth.testkit.BoxEmulator.Outcome.FAILED;
import static dev.boxauth.testkit.BoxEmulator.Outcome.ISSUED;
import static dev.boxauth.testkit.BoxEmulator.Outcome.RATE_LIMITED;
import static dev.boxauth.testkit.BoxEmulator.Outcome.REJECTED;
import static dev.boxauth.testkit.BoxEmulator.Outcome.TRUNCATED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boxauth.BoxAuth;
import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.DeadlineExceededException;
import dev.boxauth.domain.GrantRejectedException;
import dev.boxauth.domain.RateLimitedException;
import dev.boxauth.port.TokenEvent;
import dev.boxauth.testkit.BoxEmulator;
import dev.boxauth.testkit.BoxEmulatorExtension;
import dev.boxauth.testkit.EmulatedApp;
import dev.boxauth.testkit.TokenInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Recovery details on one stack (config JSON through {@code BoxAuth.builder()}): Retry-After in
 * seconds and as an HTTP-date is what the client waits, a Retry-After past the deadline fails at
 * once, a truncated reply, a downscope retried after a 5xx, and Box's typed refusals, which are not
 * retried.
 */
@ExtendWith(BoxEmulatorExtension.class)
class ResilienceIT {
  private static BoxEmulator emulator;
  private static EmulatedApp app;
  private final List<TokenEvent> events = new CopyOnWriteArrayList<>();
  private final List<Client> opened = new ArrayList<>();
  private AssertionRecorder recorder;

  @AfterEach
  void closeClients() throws InterruptedException {
    opened.forEach(Client::close);
    Emulators.awaitQuiet(emulator, Duration.ofSeconds(15));
  }

  private Client open(Setup setup) {
    recorder = new AssertionRecorder();
    Client client =
        Client.boxAuth(
            BoxAuth.builder().configJson(app.configJson()),
            setup.override(recorder).listener(events::add));
    opened.add(client);
    return client;
  }

  private Setup setup() {
    return Setup.defaults(emulator.baseUrl());
  }

  private List<Duration> retryDelays() {
    return events.stream()
        .filter(TokenEvent.Retrying.class::isInstance)
        .map(e -> ((TokenEvent.Retrying) e).delay())
        .toList();
  }

  private void assertLive(AccessToken token) {
    assertThat(emulator.introspect(token.value()).state()).isEqualTo(TokenInfo.State.LIVE);
  }

  @Test
  void token_rateLimitedWithRetryAfterSeconds_waitsExactlyThat_thenRecoversWithFreshJtis() {
    Client client = open(setup());
    emulator.faults().rateLimitNext(2, Duration.ofSeconds(1));

    AccessToken token = client.enterprise().token();

    assertLive(token);
    assertThat(retryDelays()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
    assertThat(emulator.tokenRequests(JWT_BEARER, RATE_LIMITED)).isEqualTo(2);
    assertThat(emulator.tokenRequests(JWT_BEARER, REJECTED)).isZero();
    assertThat(new HashSet<>(recorder.jtis())).hasSize(3);
  }

  @Test
  void token_rateLimitedWithRetryAfterAsHttpDate_parsesItAndWaits() {
    Client client = open(setup());
    emulator.faults().rateLimitNextWithHttpDate(1, Duration.ofSeconds(1));

    AccessToken token = client.enterprise().token();

    assertLive(token);
    // The date is the server's clock plus 1 s rounded up to the second, Date is truncated.
    assertThat(retryDelays())
        .singleElement()
        .satisfies(d -> assertThat(d).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2)));
    assertThat(new HashSet<>(recorder.jtis())).hasSize(2);
  }

  @Test
  void token_retryAfterBeyondTheDeadline_failsTypedWithoutWaiting() {
    Client client =
        open(setup().policy(p -> p.toBuilder().deadline(Duration.ofSeconds(2)).build()));
    emulator.faults().rateLimitNext(1, Duration.ofSeconds(30));

    assertThatThrownBy(() -> client.enterprise().token())
        .isInstanceOfSatisfying(
            DeadlineExceededException.class, e -> assertThat(e.attempts()).isEqualTo(1))
        .cause()
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30)));
    assertThat(retryDelays()).isEmpty();
    assertThat(emulator.tokenRequests()).isEqualTo(1);
  }

  @Test
  void token_replyCutOffMidBody_typedAndRetriedWithAFreshJti() {
    Client client = open(setup());
    emulator.faults().truncateNext(1);

    AccessToken token = client.enterprise().token();

    assertLive(token);
    assertThat(emulator.tokenRequests(JWT_BEARER, TRUNCATED)).isEqualTo(1);
    assertThat(emulator.tokenRequests(JWT_BEARER, ISSUED)).isEqualTo(1);
    assertThat(new HashSet<>(recorder.jtis())).hasSize(2);
  }

  @Test
  void downscope_after503_isRetried() {
    Client client = open(setup());
    AccessToken parent = client.enterprise().token();
    emulator.faults().failNext(1, 503);

    AccessToken small =
        client.downscope(parent, Set.of("item_preview"), "https://api.box.com/2.0/folders/77");

    assertThat(emulator.introspect(small.value()).isDownscoped()).isTrue();
    assertThat(emulator.tokenRequests(TOKEN_EXCHANGE, FAILED)).isEqualTo(1);
    assertThat(emulator.tokenRequests(TOKEN_EXCHANGE, ISSUED)).isEqualTo(1);
  }

  @Test
  void token_userTokensDisabled_typedRefusal_notRetried() {
    EmulatedApp noUsers = emulator.newJwtApp().userTokensEnabled(false);
    String user = noUsers.newAppUser();
    try (BoxAuth auth =
        BoxAuth.builder().configJson(noUsers.configJson()).baseUrl(emulator.baseUrl()).build()) {

      assertThatThrownBy(() -> auth.user(user).token())
          .isInstanceOfSatisfying(
              GrantRejectedException.class,
              e ->
                  assertThat(e.reason())
                      .isEqualTo(GrantRejectedException.Reason.USER_TOKENS_NOT_ENABLED));
      assertThat(emulator.tokenRequests()).isEqualTo(1);
    }
  }

  @Test
  void token_appNotAuthorized_typedRefusal_notRetried() {
    EmulatedApp unauthorized = emulator.newJwtApp().authorized(false);
    try (BoxAuth auth =
        BoxAuth.builder()
            .configJson(unauthorized.configJson())
            .baseUrl(emulator.baseUrl())
            .build()) {

      assertThatThrownBy(() -> auth.enterprise().token())
          .isInstanceOfSatisfying(
              GrantRejectedException.class,
              e ->
                  assertThat(e.reason())
                      .isEqualTo(GrantRejectedException.Reason.APP_NOT_AUTHORIZED));
      assertThat(emulator.tokenRequests()).isEqualTo(1);
    }
  }
}
