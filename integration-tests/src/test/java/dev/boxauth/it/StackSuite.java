package dev.boxauth.it;

import static dev.boxauth.testkit.BoxEmulator.Outcome.DROPPED;
import static dev.boxauth.testkit.BoxEmulator.Outcome.FAILED;
import static dev.boxauth.testkit.BoxEmulator.Outcome.ISSUED;
import static dev.boxauth.testkit.BoxEmulator.Outcome.RATE_LIMITED;
import static dev.boxauth.testkit.BoxEmulator.Outcome.REJECTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.AssertionClaims;
import dev.boxauth.domain.AuthException;
import dev.boxauth.domain.DeadlineExceededException;
import dev.boxauth.domain.EndpointUnavailableException;
import dev.boxauth.domain.Restriction;
import dev.boxauth.testkit.BoxEmulator;
import dev.boxauth.testkit.BoxEmulator.GrantType;
import dev.boxauth.testkit.BoxEmulator.Outcome;
import dev.boxauth.testkit.BoxEmulatorExtension;
import dev.boxauth.testkit.TokenInfo;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Everything one stack must do end to end, against the emulator over real sockets: tokens for the
 * Service Account and a user, downscoping, revocation, a server clock 5 minutes off either way,
 * rate-limit storms, 5xx bursts, a server slower than the read timeout or the deadline, dropped
 * connections, and 256 concurrent callers on a cold cache. A subclass names the stack; each test
 * opens a new, cold one.
 *
 * <p>For JWT stacks every assertion sent is captured (the stack's own signer, behind a recording
 * grant source) and verified by nimbus-jose-jwt; "a fresh jti every attempt" is checked on those
 * and, independently, by the emulator, which burns the jti of every faulted request and would
 * reject a replay. CCG stacks send no assertion: the emulator's counts are the check.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(BoxEmulatorExtension.class)
abstract class StackSuite {
  private static final String FILE = "https://api.box.com/2.0/files/123";

  @TempDir static Path dir;

  private final Stack stack = stack();
  private BoxEmulator emulator;
  private final List<Client> opened = new ArrayList<>();
  private AssertionRecorder recorder;

  /** The stack under test; a new instance. */
  abstract Stack stack();

  @BeforeAll
  void prepareStack() throws Exception {
    stack.prepare(emulator, dir);
  }

  @AfterEach
  void closeClients() throws InterruptedException {
    opened.forEach(Client::close);
    opened.clear();
    Emulators.awaitQuiet(emulator, Duration.ofSeconds(15));
  }

  private Setup setup() {
    return Setup.defaults(emulator.baseUrl());
  }

  /** A new, cold stack; for JWT stacks with a fresh assertion recorder. */
  private Client open(Setup setup) {
    if (stack.grant() == Stack.Grant.JWT) {
      recorder = new AssertionRecorder();
      setup = setup.override(recorder);
    }
    Client client = stack.open(setup);
    opened.add(client);
    return client;
  }

  private Client open() {
    return open(setup());
  }

  private long count(Outcome outcome) {
    return emulator.tokenRequests(stack.grantType(), outcome);
  }

  private boolean jwt() {
    return stack.grant() == Stack.Grant.JWT;
  }

  /**
   * For JWT stacks: exactly {@code n} assertions were sent, each verified by nimbus with the key
   * its kid names, each with Box's claims and header, and no two with the same jti.
   */
  private List<JWTClaimsSet> assertionsSent(int n) {
    if (!jwt()) {
      return List.of();
    }
    List<SignedJWT> sent = recorder.verified(stack.publicKeys());
    assertThat(sent).as("assertions sent").hasSize(n);
    List<JWTClaimsSet> claims = new ArrayList<>();
    Set<String> jtis = new HashSet<>();
    for (SignedJWT jwt : sent) {
      assertThat(jwt.getHeader().getAlgorithm())
          .isEqualTo(JWSAlgorithm.parse(stack.algorithm().name()));
      JWTClaimsSet set;
      try {
        set = jwt.getJWTClaimsSet();
      } catch (ParseException e) {
        throw new AssertionError(e);
      }
      assertThat(set.getIssuer()).isEqualTo(stack.app().clientId());
      assertThat(set.getAudience()).containsExactly(AssertionClaims.BOX_AUDIENCE);
      assertThat(set.getJWTID()).hasSizeBetween(16, 128);
      jtis.add(set.getJWTID());
      claims.add(set);
    }
    assertThat(jtis).as("distinct jtis").hasSize(n);
    return claims;
  }

  private void assertLive(AccessToken token) {
    assertThat(emulator.introspect(token.value()).state()).isEqualTo(TokenInfo.State.LIVE);
  }

  // ---- tokens ----

  @Test
  void enterpriseToken_isALiveServiceAccountToken_cachedForTheNextCall() {
    Client client = open();

    AccessToken token = client.enterprise().token();
    AccessToken again = client.enterprise().token();

    assertThat(again).isEqualTo(token);
    TokenInfo info = emulator.introspect(token.value());
    assertThat(info.state()).isEqualTo(TokenInfo.State.LIVE);
    assertThat(info.clientId()).isEqualTo(stack.app().clientId());
    assertThat(info.subjectType()).isEqualTo("enterprise");
    assertThat(info.subjectId()).isEqualTo(stack.app().enterpriseId());
    assertThat(token.tokenType()).isEqualTo("bearer");
    assertThat(token.lifetime()).isEqualTo(stack.app().tokenLifetime());
    assertThat(token.restrictedTo()).isEmpty();
    assertThat(emulator.tokenRequests()).isEqualTo(1);
    assertThat(count(ISSUED)).isEqualTo(1);
    for (JWTClaimsSet claims : assertionsSent(1)) {
      assertThat(claims.getClaim("sub")).isEqualTo(stack.app().enterpriseId());
      assertThat(claims.getClaim("box_sub_type")).isEqualTo("enterprise");
    }
  }

  @Test
  void userToken_actsForAnAppUser() {
    String user = stack.app().newAppUser();
    Client client = open();

    AccessToken token = client.user(user).token();

    TokenInfo info = emulator.introspect(token.value());
    assertThat(info.state()).isEqualTo(TokenInfo.State.LIVE);
    assertThat(info.subjectType()).isEqualTo("user");
    assertThat(info.subjectId()).isEqualTo(user);
    assertThat(count(ISSUED)).isEqualTo(1);
    for (JWTClaimsSet claims : assertionsSent(1)) {
      assertThat(claims.getClaim("sub")).isEqualTo(user);
      assertThat(claims.getClaim("box_sub_type")).isEqualTo("user");
    }
  }

  @Test
  void downscope_enterpriseToken_givesALiveTokenRestrictedToTheFile() {
    Client client = open();
    AccessToken parent = client.enterprise().token();

    AccessToken small = client.downscope(parent, Set.of("item_preview", "item_download"), FILE);

    assertThat(small.restrictedTo())
        .extracting(Restriction::scope)
        .containsExactlyInAnyOrder("item_preview", "item_download");
    TokenInfo info = emulator.introspect(small.value());
    assertThat(info.state()).isEqualTo(TokenInfo.State.LIVE);
    assertThat(info.isDownscoped()).isTrue();
    assertThat(info.scopes()).containsExactlyInAnyOrder("item_preview", "item_download");
    assertThat(info.restrictedTo())
        .allSatisfy(
            r -> {
              assertThat(r.objectType()).isEqualTo("file");
              assertThat(r.objectId()).isEqualTo("123");
            });
    assertThat(emulator.tokenRequests(GrantType.TOKEN_EXCHANGE, ISSUED)).isEqualTo(1);
    assertLive(parent);
  }

  @Test
  void revoke_token_emulatorReportsItRevoked_andTheNextTokenIsNew() {
    Client client = open();
    AccessToken token = client.enterprise().token();

    client.revoke(token);

    assertThat(emulator.introspect(token.value()).state()).isEqualTo(TokenInfo.State.REVOKED);
    assertThat(emulator.revokeRequests()).isEqualTo(1);
    AccessToken next = client.enterprise().token();
    assertThat(next.value()).isNotEqualTo(token.value());
    assertLive(next);
    assertThat(count(ISSUED)).isEqualTo(2);
    assertionsSent(2);
  }

  // ---- clock skew ----

  @Test
  void token_serverClockFiveMinutesAhead_obtainedWithAtMostOneRejection() {
    skewedServer(Duration.ofMinutes(5));
  }

  @Test
  void token_serverClockFiveMinutesBehind_obtainedWithAtMostOneRejection() {
    skewedServer(Duration.ofMinutes(-5));
  }

  private void skewedServer(Duration skew) {
    emulator.clock().skew(skew);
    Client client = open();

    AccessToken token = client.enterprise().token();

    assertLive(token);
    long rejected = count(REJECTED);
    assertThat(rejected).isLessThanOrEqualTo(1);
    // A cold JWT client's first exp is 5 min off by the server's clock, so Box must refuse it once;
    // a CCG request carries no time at all.
    assertThat(rejected).isEqualTo(jwt() ? 1 : 0);
    assertThat(count(ISSUED)).isEqualTo(1);
    // The offset is learned from the replies' Date header, within Date's resolution and latency.
    assertThat(client.serverClockOffset()).isBetween(skew.minusSeconds(5), skew.plusSeconds(5));
    List<JWTClaimsSet> sent = assertionsSent((int) rejected + 1);
    if (jwt()) {
      // The retry's exp was corrected by the offset, not merely re-signed.
      Duration shift =
          Duration.between(
              sent.get(0).getExpirationTime().toInstant(),
              sent.get(1).getExpirationTime().toInstant());
      assertThat(shift).isBetween(skew.minusSeconds(5), skew.plusSeconds(5));
    }

    // The next subject's first assertion already carries the corrected exp: no rejection.
    AccessToken user = client.user(stack.app().newAppUser()).token();

    assertLive(user);
    assertThat(count(REJECTED)).isEqualTo(rejected);
    assertThat(count(ISSUED)).isEqualTo(2);
  }

  // ---- rate limits and outages ----

  @Test
  void token_after429Storm_recoversWithinTheDeadline_withAFreshJtiEveryAttempt() {
    Client client = open();
    emulator.faults().rateLimitNext(3, Duration.ZERO);

    AccessToken token = client.enterprise().token();

    assertLive(token);
    assertThat(count(RATE_LIMITED)).isEqualTo(3);
    assertThat(count(REJECTED)).as("no replayed jti").isZero();
    assertThat(count(ISSUED)).isEqualTo(1);
    assertionsSent(4);
  }

  @Test
  void token_after5xxBurst_recoversWithinTheDeadline_withAFreshJtiEveryAttempt() {
    Client client = open();
    emulator.faults().failNext(2, 503).htmlNext(1, 502).failNext(1, 500);

    AccessToken token = client.enterprise().token();

    assertLive(token);
    assertThat(count(FAILED)).isEqualTo(4);
    assertThat(count(REJECTED)).as("no replayed jti").isZero();
    assertThat(count(ISSUED)).isEqualTo(1);
    assertionsSent(5);
  }

  @Test
  void token_serverSlowerThanTheReadTimeout_typedErrorAfterTheAttempts_thenRecovers() {
    Client client =
        open(
            setup()
                .http(b -> b.readTimeout(Duration.ofMillis(250)).callTimeout(Duration.ofSeconds(2)))
                .policy(p -> p.toBuilder().maxAttempts(2).build()));
    emulator.faults().delay(Duration.ofSeconds(1));

    assertThatThrownBy(() -> client.enterprise().token())
        .isInstanceOfSatisfying(
            EndpointUnavailableException.class,
            e -> {
              assertThat(e.httpStatus()).isZero();
              assertThat(e.isTransient()).isTrue();
            })
        .hasCauseInstanceOf(InterruptedIOException.class);
    assertThat(emulator.tokenRequests()).isEqualTo(2);

    emulator.faults().delay(Duration.ZERO);
    AccessToken token = client.enterprise().token();

    assertLive(token);
    assertionsSent(3);
  }

  @Test
  void token_serverSlowerThanTheDeadline_deadlineExceeded_thenRecovers() {
    // One attempt takes the 300 ms read timeout, the backoff at least 100 ms more: past 350 ms.
    Client client =
        open(
            setup()
                .http(b -> b.readTimeout(Duration.ofMillis(300)).callTimeout(Duration.ofSeconds(2)))
                .policy(
                    p ->
                        p.toBuilder()
                            .deadline(Duration.ofMillis(350))
                            .backoff(Duration.ofMillis(200), Duration.ofMillis(200))
                            .build()));
    emulator.faults().delay(Duration.ofSeconds(1));

    assertThatThrownBy(() -> client.enterprise().token())
        .isInstanceOfSatisfying(
            DeadlineExceededException.class,
            e -> {
              assertThat(e.attempts()).isEqualTo(1);
              assertThat(e.deadline()).isEqualTo(Duration.ofMillis(350));
            })
        .hasCauseInstanceOf(EndpointUnavailableException.class);

    emulator.faults().delay(Duration.ZERO);
    assertLive(client.enterprise().token());
  }

  @Test
  void token_connectionDroppedOnce_retriedWithinTheCall_withAFreshJti() {
    Client client = open();
    emulator.faults().dropNext(1);

    AccessToken token = client.enterprise().token();

    assertLive(token);
    assertThat(count(DROPPED)).isEqualTo(1);
    assertThat(count(REJECTED)).isZero();
    assertThat(count(ISSUED)).isEqualTo(1);
    assertionsSent(2);
  }

  @Test
  void token_connectionDroppedEveryAttempt_typedError_thenRecovers() {
    Client client = open(setup().policy(p -> p.toBuilder().maxAttempts(3).build()));
    emulator.faults().dropNext(3);

    assertThatThrownBy(() -> client.enterprise().token())
        .isInstanceOfSatisfying(
            EndpointUnavailableException.class,
            e -> {
              assertThat(e.httpStatus()).isZero();
              assertThat(e.isTransient()).isTrue();
            });
    assertThat(count(DROPPED)).isEqualTo(3);

    AccessToken token = client.enterprise().token();

    assertLive(token);
    assertThat(count(REJECTED)).isZero();
    assertThat(count(ISSUED)).isEqualTo(1);
    assertionsSent(4);
  }

  // ---- concurrency ----

  @Test
  void token_256CallersOnAColdCache_makeExactlyOneTokenRequest() throws Exception {
    Client client = open();
    // Hold the one request a little, so that every caller arrives while it is in flight.
    emulator.faults().delayNext(1, Duration.ofMillis(300));
    int callers = 256;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      CountDownLatch ready = new CountDownLatch(callers);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<AccessToken>> calls = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        calls.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  return client.enterprise().token();
                }));
      }
      assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
      go.countDown();
      Set<String> values = new HashSet<>();
      for (Future<AccessToken> call : calls) {
        values.add(call.get(30, TimeUnit.SECONDS).value());
      }

      assertThat(values).hasSize(1);
      assertThat(emulator.tokenRequests()).isEqualTo(1);
      assertThat(count(ISSUED)).isEqualTo(1);
      assertionsSent(1);
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- secrets ----

  @Test
  void logsAndErrors_throughFaultsSkewAndSuccess_neverShowASecret() {
    List<String> shown = new ArrayList<>();
    List<String> secrets = new ArrayList<>(stack.secrets());
    try (LogCapture logs = new LogCapture()) {
      Client client = open(setup().policy(p -> p.toBuilder().maxAttempts(4).build()));
      emulator.clock().skew(Duration.ofMinutes(3));
      emulator.faults().rateLimitNext(1, Duration.ZERO).failNext(1, 503).dropNext(1);
      AccessToken enterprise = client.enterprise().token();
      AccessToken user = client.user(stack.app().newAppUser()).token();
      AccessToken small = client.downscope(enterprise, Set.of("item_preview"), FILE);
      client.revoke(user);
      emulator.faults().dropNext(4);
      Throwable outage = catchThrowable(() -> client.user(stack.app().newAppUser()).token());
      Throwable badScope =
          catchThrowable(() -> client.downscope(small, Set.of("item_upload"), FILE));

      assertThat(outage).isInstanceOf(EndpointUnavailableException.class);
      assertThat(badScope).isInstanceOf(AuthException.class);
      for (Throwable t = outage; t != null; t = t.getCause()) {
        shown.add(t.toString());
      }
      for (Throwable t = badScope; t != null; t = t.getCause()) {
        shown.add(t.toString());
      }
      shown.add(enterprise.toString());
      shown.add(small.toString());
      shown.add(logs.text());
      assertThat(logs.text()).contains("/oauth2/token").contains("clock");
      for (AccessToken t : List.of(enterprise, user, small)) {
        secrets.add(t.value());
      }
      if (jwt()) {
        secrets.addAll(recorder.raw());
        // A signature alone would let no one in, but the signing input would show the claims.
        recorder.raw().forEach(jws -> secrets.add(jws.substring(jws.lastIndexOf('.') + 1)));
      }
    }

    String all = String.join("\n", shown);
    assertThat(secrets).hasSizeGreaterThan(3);
    for (String secret : secrets) {
      assertThat(all).doesNotContain(secret);
    }
  }
}
