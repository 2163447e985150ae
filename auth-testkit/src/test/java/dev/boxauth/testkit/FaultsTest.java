package dev.boxauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Injected faults, as a client sees them over HTTP, and the counters that record them. */
@ExtendWith(BoxEmulatorExtension.class)
class FaultsTest {
  private static BoxEmulator emulator;
  private static EmulatedApp jwt;
  private static EmulatedApp ccg;

  @BeforeAll
  static void start() {
    // a second app: the extension sets every static EmulatedApp field to its JWT app
    ccg = emulator.newCcgApp();
  }

  private static Map<String, String> ccgForm() {
    return Forge.ccgForm(ccg, "enterprise", ccg.enterpriseId());
  }

  private static Http.Reply ccgToken() {
    return Http.post(emulator.tokenUrl(), ccgForm());
  }

  private static long count(BoxEmulator.GrantType g, BoxEmulator.Outcome o) {
    return emulator.tokenRequests(g, o);
  }

  @Test
  void rateLimitNext_answers429WithRetryAfterSecondsThenRecovers() {
    emulator.faults().rateLimitNext(2, Duration.ofMillis(1500));

    Http.Reply first = ccgToken();
    Http.Reply second = ccgToken();
    Http.Reply third = ccgToken();

    assertThat(first.status()).isEqualTo(429);
    assertThat(first.header("retry-after")).isEqualTo("2");
    assertThat(first.header("cache-control")).isEqualTo("no-store");
    assertThat(first.json())
        .containsEntry("code", "rate_limit_exceeded")
        .containsEntry("status", 429L);
    assertThat(second.status()).isEqualTo(429);
    assertThat(third.status()).isEqualTo(200);
    assertThat(emulator.tokenRequests()).isEqualTo(3);
    assertThat(count(BoxEmulator.GrantType.CLIENT_CREDENTIALS, BoxEmulator.Outcome.RATE_LIMITED))
        .isEqualTo(2);
    assertThat(count(BoxEmulator.GrantType.CLIENT_CREDENTIALS, BoxEmulator.Outcome.ISSUED))
        .isEqualTo(1);
  }

  @Test
  void rateLimitNextWithHttpDate_sendsRetryAfterAsDateOnTheServersClock() {
    emulator.clock().skew(Duration.ofHours(3));
    emulator.faults().rateLimitNextWithHttpDate(1, Duration.ofSeconds(30));

    Http.Reply reply = ccgToken();

    Instant retryAt =
        ZonedDateTime.parse(reply.header("retry-after"), DateTimeFormatter.RFC_1123_DATE_TIME)
            .toInstant();
    assertThat(reply.status()).isEqualTo(429);
    assertThat(Duration.between(reply.date(), retryAt).getSeconds()).isBetween(29L, 31L);
  }

  @Test
  void rateLimit_burnsTheJtiOfTheRefusedAssertion() {
    String assertion = Forge.assertion(jwt, Forge.claims(jwt));
    emulator.faults().rateLimitNext(1, Duration.ZERO);

    Http.Reply limited = Http.post(emulator.tokenUrl(), Forge.jwtForm(jwt, assertion));
    Http.Reply sameAssertion = Http.post(emulator.tokenUrl(), Forge.jwtForm(jwt, assertion));
    Http.Reply freshAssertion =
        Http.post(emulator.tokenUrl(), Forge.jwtForm(jwt, Forge.assertion(jwt, Forge.claims(jwt))));

    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.header("retry-after")).isEqualTo("0");
    assertThat(sameAssertion.get("error_description")).isEqualTo(BoxTexts.BAD_JTI);
    assertThat(freshAssertion.status()).isEqualTo(200);
  }

  @Test
  void failNext_answersTheStatusWithJsonThenRecovers() {
    emulator.faults().failNext(1, 503);

    Http.Reply failed = ccgToken();
    Http.Reply ok = ccgToken();

    assertThat(failed.status()).isEqualTo(503);
    assertThat(failed.header("content-type")).isEqualTo("application/json");
    assertThat(failed.json()).containsEntry("code", "unavailable");
    assertThat(ok.status()).isEqualTo(200);
    assertThat(count(BoxEmulator.GrantType.CLIENT_CREDENTIALS, BoxEmulator.Outcome.FAILED))
        .isEqualTo(1);
  }

  @Test
  void failNext_burnsTheJti() {
    String assertion = Forge.assertion(jwt, Forge.claims(jwt));
    emulator.faults().failNext(1, 500);

    Http.post(emulator.tokenUrl(), Forge.jwtForm(jwt, assertion));

    assertThat(
            Http.post(emulator.tokenUrl(), Forge.jwtForm(jwt, assertion)).get("error_description"))
        .isEqualTo(BoxTexts.BAD_JTI);
  }

  @Test
  void htmlNext_answersAnHtmlPage() {
    emulator.faults().htmlNext(1, 502);

    Http.Reply reply = ccgToken();

    assertThat(reply.status()).isEqualTo(502);
    assertThat(reply.header("content-type")).isEqualTo("text/html");
    assertThat(reply.body()).startsWith("<html>").contains("502 Bad Gateway");
  }

  @Test
  void dropNext_closesTheConnectionWithoutReply() {
    emulator.faults().dropNext(1);

    assertThatThrownBy(FaultsTest::ccgToken)
        .isInstanceOf(UncheckedIOException.class)
        .hasCauseInstanceOf(IOException.class);
    assertThat(ccgToken().status()).isEqualTo(200);
    assertThat(count(BoxEmulator.GrantType.CLIENT_CREDENTIALS, BoxEmulator.Outcome.DROPPED))
        .isEqualTo(1);
  }

  @Test
  void truncateNext_cutsTheBodyShortOfItsLength() {
    emulator.faults().truncateNext(1);

    assertThatThrownBy(FaultsTest::ccgToken).isInstanceOf(UncheckedIOException.class);
    assertThat(ccgToken().status()).isEqualTo(200);
    assertThat(count(BoxEmulator.GrantType.CLIENT_CREDENTIALS, BoxEmulator.Outcome.TRUNCATED))
        .isEqualTo(1);
  }

  /** A CCG token request that gives up after 300 ms. */
  private static HttpRequest impatientCcgRequest() {
    return HttpRequest.newBuilder(emulator.tokenUrl())
        .timeout(Duration.ofMillis(300))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(Http.encode(ccgForm())))
        .build();
  }

  @Test
  void delayNext_holdsOnlyTheNextReply() {
    emulator.faults().delayNext(1, Duration.ofSeconds(20));
    HttpRequest impatient = impatientCcgRequest();

    assertThatThrownBy(() -> Http.send(Http.CLIENT, impatient))
        .hasCauseInstanceOf(HttpTimeoutException.class);
    assertThat(ccgToken().status()).isEqualTo(200);
  }

  @Test
  void delay_holdsEveryReplyUntilCleared() {
    emulator.faults().delay(Duration.ofSeconds(20));
    HttpRequest impatient = impatientCcgRequest();

    assertThatThrownBy(() -> Http.send(Http.CLIENT, impatient))
        .hasCauseInstanceOf(HttpTimeoutException.class);
    assertThatThrownBy(() -> Http.send(Http.CLIENT, impatient))
        .hasCauseInstanceOf(HttpTimeoutException.class);
    emulator.faults().delay(Duration.ZERO);
    assertThat(ccgToken().status()).isEqualTo(200);
  }

  @Test
  void schedule_appliesOneFaultPerRequestInOrder() {
    emulator
        .faults()
        .schedule(Fault.none(), Fault.status(500), Fault.rateLimit(Duration.ofSeconds(3)));

    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      statuses.add(ccgToken().status());
    }

    assertThat(statuses).containsExactly(200, 500, 429, 200);
  }

  @Test
  void fluentFaults_queueInCallOrder() {
    emulator.faults().rateLimitNext(2, Duration.ofSeconds(1)).failNext(2, 503);

    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      statuses.add(ccgToken().status());
    }

    assertThat(statuses).containsExactly(429, 429, 503, 503, 200);
  }

  @Test
  void script_decidesEachRequestByNumberAndGrant() {
    List<BoxEmulator.GrantType> seen = new ArrayList<>();
    emulator
        .faults()
        .script(
            (n, grant) -> {
              synchronized (seen) {
                seen.add(grant);
              }
              return n % 2 == 1 ? Fault.status(502) : Fault.none();
            });

    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      statuses.add(ccgToken().status());
    }
    emulator.faults().schedule(Fault.none());
    Http.Reply scheduledWins = ccgToken();

    assertThat(statuses).containsExactly(502, 200, 502, 200);
    assertThat(seen).containsOnly(BoxEmulator.GrantType.CLIENT_CREDENTIALS).hasSize(4);
    assertThat(scheduledWins.status()).isEqualTo(200);
  }

  @Test
  void reset_clearsFaultsSkewAndCounters() {
    ccgToken();
    emulator.faults().rateLimitNext(5, Duration.ofSeconds(1)).delay(Duration.ofSeconds(30));
    emulator.faults().script((n, g) -> Fault.drop());
    emulator.clock().skew(Duration.ofDays(1));

    emulator.reset();

    assertThat(emulator.faults().pending()).isZero();
    assertThat(emulator.clock().skew()).isZero();
    assertThat(emulator.tokenRequests()).isZero();
    assertThat(count(BoxEmulator.GrantType.CLIENT_CREDENTIALS, BoxEmulator.Outcome.ISSUED))
        .isZero();
    assertThat(ccgToken().status()).isEqualTo(200);
  }

  @Test
  void counters_separateGrantsAndOutcomes() {
    ccgToken();
    Http.post(emulator.tokenUrl(), Forge.jwtForm(jwt, "garbage"));
    Http.post(emulator.tokenUrl(), Http.form("grant_type", "password"));

    assertThat(count(BoxEmulator.GrantType.CLIENT_CREDENTIALS, BoxEmulator.Outcome.ISSUED))
        .isEqualTo(1);
    assertThat(count(BoxEmulator.GrantType.JWT_BEARER, BoxEmulator.Outcome.REJECTED)).isEqualTo(1);
    assertThat(count(BoxEmulator.GrantType.OTHER, BoxEmulator.Outcome.REJECTED)).isEqualTo(1);
    assertThat(count(BoxEmulator.GrantType.JWT_BEARER, BoxEmulator.Outcome.ISSUED)).isZero();
    assertThat(emulator.tokenRequests()).isEqualTo(3);
  }

  @Test
  void faultFactories_refuseNonsense() {
    assertThatThrownBy(() -> Fault.status(404)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Fault.html(99)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Fault.rateLimit(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> emulator.faults().dropNext(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Fault.status(503)).hasToString("Fault[STATUS 503]");
  }
}
