package dev.boxauth.cli;

import dev.boxauth.BoxAuth;
import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.AuthException;
import dev.boxauth.domain.Restriction;
import dev.boxauth.domain.Subject;
import dev.boxauth.port.TokenEvent;
import dev.boxauth.testkit.BoxEmulator;
import dev.boxauth.testkit.BoxEmulator.GrantType;
import dev.boxauth.testkit.BoxEmulator.Outcome;
import dev.boxauth.testkit.EmulatedApp;
import dev.boxauth.testkit.EmulatedApp.KeyEncryption;
import dev.boxauth.testkit.TokenInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The demo's steps. Each step checks its own claim against what the emulator saw (the token's state
 * and subject by introspection, the request counters), so a PASS means the claim held. Tokens,
 * secrets and key material go to {@code secrets} (for tests) and never to {@code out}.
 */
final class Demo {
  private static final Duration SKEW = Duration.ofMinutes(5);
  private static final Duration SKEW_TOLERANCE = Duration.ofSeconds(3);
  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
  private static final int RATE_LIMITED_REPLIES = 2;
  private static final int CALLERS = 100;
  private static final Duration HELD = Duration.ofMillis(200);
  private static final String RESOURCE = "https://api.box.com/2.0/files/123";

  private final PrintWriter out;
  private final Consumer<String> secrets;
  private final Supplier<BoxEmulator> emulators;
  private int steps;
  private int failed;

  // Set by the first step; the others use them.
  private BoxEmulator emulator;
  private EmulatedApp app;
  private Path configFile;
  private BoxAuth auth;
  private final List<TokenEvent> events = new CopyOnWriteArrayList<>();

  /**
   * @param out where the steps are reported
   * @param secrets receives every secret the demo handles; none of them is printed
   * @param emulators starts the emulator ({@code BoxEmulator::start}; tests pass a faulty one)
   */
  Demo(PrintWriter out, Consumer<String> secrets, Supplier<BoxEmulator> emulators) {
    this.out = out;
    this.secrets = secrets;
    this.emulators = emulators;
  }

  /** Runs every step; true if all passed. */
  boolean run() throws IOException {
    long start = System.nanoTime();
    Path dir = Files.createTempDirectory("boxauth-demo-"); // owner-only on POSIX (JDK default)
    try (BoxEmulator started = emulators.get()) {
      emulator = started;
      out.printf(
          "boxauth demo: Box's token endpoint emulated at %s (started in %d ms)%n",
          emulator.baseUrl(), millisSince(start));
      out.println(
          "No Box account, no network. Tokens are shown as SHA-256 fingerprints, secrets never.");
      out.println();
      try {
        if (step("App config, as the Developer Console writes it", n -> setUp(dir, n))) {
          step("Enterprise token (Service Account)", this::enterpriseToken);
          step("User token (an App User)", this::userToken);
          step("Client Credentials Grant token (a CCG app)", this::ccgToken);
          step("Downscoped token (item_preview on one file)", this::downscopedToken);
          step("Revoke, and the next token() gets a new one", this::revoke);
          step("Recovery from a skewed server clock (+/-5 min)", this::clockSkew);
          step("Recovery from rate limiting (2 x HTTP 429)", this::rateLimit);
          step(CALLERS + " concurrent callers, one token request", this::concurrentCallers);
        }
      } finally {
        if (auth != null) {
          auth.close();
        }
      }
    } finally {
      deleteTree(dir);
    }
    out.println();
    if (failed == 0) {
      out.printf("All %d steps passed in %.1f s.%n", steps, millisSince(start) / 1000.0);
    } else {
      out.printf(
          "%d of %d steps FAILED (see above); %.1f s.%n",
          failed, steps, millisSince(start) / 1000.0);
    }
    out.flush();
    return failed == 0;
  }

  // ---- the steps ----------------------------------------------------------------------------

  private void setUp(Path dir, List<String> notes) throws IOException {
    app = emulator.newJwtApp();
    String json = app.configJson(KeyEncryption.DES_EDE3_CBC);
    secret(app.clientSecret());
    secret(app.passphrase());
    secretKeyMaterial(app.privateKeyPem(KeyEncryption.DES_EDE3_CBC));
    secretKeyMaterial(
        Base64.getMimeEncoder().encodeToString(app.keyPair().getPrivate().getEncoded()));
    configFile = dir.resolve(app.enterpriseId() + "_" + app.keyId() + "_config.json");
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    PrivateFiles.writeSecret(configFile, bytes, "config");

    long start = System.nanoTime();
    auth =
        BoxAuth.builder()
            .config(configFile)
            .baseUrl(emulator.baseUrl())
            .listener(events::add)
            .build();
    long buildMillis = millisSince(start);
    Subject expected = Subject.enterprise(app.enterpriseId());
    check(
        auth.defaultSubject().equals(expected),
        "the config's default subject is " + auth.defaultSubject() + ", expected " + expected);
    notes.add(
        "JWT app: client id "
            + app.clientId()
            + ", public key id "
            + app.keyId()
            + ", enterprise "
            + app.enterpriseId());
    notes.add("new 2048-bit RSA key pair; the emulator holds the public key under that key id");
    notes.add(
        "config "
            + configFile
            + " (mode 0600, deleted at the end): the key as encrypted PKCS#8, PBES2 with"
            + " DES-EDE3-CBC");
    notes.add(
        "BoxAuth.builder().config(file).baseUrl(emulator).build() in "
            + buildMillis
            + " ms: config read, key decrypted once (JDK only), adapters wired");
  }

  private void enterpriseToken(List<String> notes) {
    long before = emulator.tokenRequests();
    AccessToken token = token(auth.enterprise().token());
    TokenInfo info = liveInfo(token);
    check(
        "enterprise".equals(info.subjectType()) && app.enterpriseId().equals(info.subjectId()),
        "the token acts for " + actsFor(info) + ", not enterprise " + app.enterpriseId());
    AccessToken again = token(auth.enterprise().token());
    long requests = emulator.tokenRequests() - before;
    check(again.value().equals(token.value()), "a second token() call got another token");
    check(requests == 1, requests + " token requests for one token (expected 1)");
    notes.add(describe(token));
    notes.add("emulator: LIVE, acts for " + actsFor(info) + "'s Service Account");
    notes.add("1 token request; a second token() call was served from the cache");
  }

  private void userToken(List<String> notes) {
    String userId = app.newAppUser();
    long before = emulator.tokenRequests();
    AccessToken token = token(auth.user(userId).token());
    TokenInfo info = liveInfo(token);
    check(
        "user".equals(info.subjectType()) && userId.equals(info.subjectId()),
        "the token acts for " + actsFor(info) + ", not user " + userId);
    notes.add("App User " + userId + " (created by the app); " + describe(token));
    notes.add(
        "emulator: LIVE, acts for "
            + actsFor(info)
            + "; "
            + (emulator.tokenRequests() - before)
            + " token request (JWT, box_sub_type=user)");
  }

  private void ccgToken(List<String> notes) {
    EmulatedApp ccg = emulator.newCcgApp();
    secret(ccg.clientSecret());
    long before = emulator.tokenRequests(GrantType.CLIENT_CREDENTIALS, Outcome.ISSUED);
    AccessToken token;
    try (BoxAuth ccgAuth =
        BoxAuth.builder()
            .clientCredentials(ccg.clientId(), ccg.clientSecret())
            .enterpriseId(ccg.enterpriseId())
            .baseUrl(emulator.baseUrl())
            .build()) {
      token = token(ccgAuth.enterprise().token());
    }
    TokenInfo info = liveInfo(token);
    long issued = emulator.tokenRequests(GrantType.CLIENT_CREDENTIALS, Outcome.ISSUED) - before;
    check(
        ccg.clientId().equals(info.clientId()),
        "the token was issued to client " + info.clientId() + ", not the CCG app");
    check(
        "enterprise".equals(info.subjectType()) && ccg.enterpriseId().equals(info.subjectId()),
        "the token acts for " + actsFor(info) + ", not enterprise " + ccg.enterpriseId());
    check(issued == 1, issued + " client_credentials grants issued (expected 1)");
    notes.add("CCG app " + ccg.clientId() + ": client id and secret only, no key pair");
    notes.add(describe(token));
    notes.add("emulator: LIVE, issued to the CCG app for " + actsFor(info) + " (1 request)");
  }

  private void downscopedToken(List<String> notes) {
    AccessToken parent = token(auth.enterprise().token());
    AccessToken small = token(auth.downscope(parent, Set.of("item_preview"), RESOURCE));
    check(!small.value().equals(parent.value()), "the downscoped token is the parent token");
    List<Restriction> expected =
        List.of(new Restriction("item_preview", new Restriction.Item("file", "123")));
    check(
        small.restrictedTo().equals(expected),
        "restricted_to is "
            + TokenText.restrictions(small.restrictedTo())
            + ", expected "
            + TokenText.restrictions(expected));
    TokenInfo info = liveInfo(small);
    check(
        info.restrictedTo()
            .equals(List.of(new TokenInfo.Restriction("item_preview", "file", "123"))),
        "the emulator holds the token as restricted to " + info.restrictedTo());
    notes.add("parent: the enterprise token " + TokenText.token(parent));
    notes.add(describe(small));
    notes.add(
        "restricted_to: " + TokenText.restrictions(small.restrictedTo()) + " (" + RESOURCE + ")");
    notes.add("emulator: LIVE, downscoped (RFC 8693 token exchange)");
  }

  private void revoke(List<String> notes) {
    AccessToken token = token(auth.enterprise().token());
    long revokes = emulator.revokeRequests();
    auth.revoke(token);
    TokenInfo info = emulator.introspect(token.value());
    check(
        info.state() == TokenInfo.State.REVOKED,
        "after revoke() the emulator says the token is " + info.state());
    check(emulator.revokeRequests() - revokes == 1, "revoke() did not reach POST /oauth2/revoke");
    AccessToken next = token(auth.enterprise().token());
    check(!next.value().equals(token.value()), "token() still returns the revoked token");
    liveInfo(next);
    notes.add("revoked " + TokenText.token(token) + ": the emulator says REVOKED");
    notes.add(
        "the next token() did not serve it from the cache: new token "
            + TokenText.token(next)
            + ", LIVE");
  }

  private void clockSkew(List<String> notes) {
    for (Duration skew : List.of(SKEW, SKEW.negated())) {
      emulator.clock().skew(skew);
      try {
        long rejectedBefore = emulator.tokenRequests(GrantType.JWT_BEARER, Outcome.REJECTED);
        long before = emulator.tokenRequests();
        AccessToken token;
        Duration learned;
        try (BoxAuth fresh =
            BoxAuth.builder().config(configFile).baseUrl(emulator.baseUrl()).build()) {
          token = token(fresh.enterprise().token());
          learned = fresh.serverClockOffset();
        }
        long rejected =
            emulator.tokenRequests(GrantType.JWT_BEARER, Outcome.REJECTED) - rejectedBefore;
        long requests = emulator.tokenRequests() - before;
        liveInfo(token);
        check(rejected <= 1, rejected + " requests rejected (expected at most 1)");
        check(
            learned.minus(skew).abs().compareTo(SKEW_TOLERANCE) <= 0,
            "learned a clock offset of "
                + TokenText.offset(learned)
                + " while the server is "
                + TokenText.offset(skew)
                + " off");
        notes.add(
            String.format(
                "server clock %s: a fresh BoxAuth got a LIVE token in %d request%s (%d rejected%s);"
                    + " learned offset %s",
                skew.isNegative() ? "5 min behind" : "5 min ahead",
                requests,
                requests == 1 ? "" : "s",
                rejected,
                rejected == 1 ? ": exp did not fit the server's clock" : "",
                TokenText.offset(learned)));
      } finally {
        emulator.clock().skew(Duration.ZERO);
      }
    }
    notes.add(
        "the offset comes from the reply's Date header; the library warns about it on stderr");
  }

  private void rateLimit(List<String> notes) {
    String userId = app.newAppUser(); // a subject with no cached token
    long before = emulator.tokenRequests();
    long limitedBefore = emulator.tokenRequests(GrantType.JWT_BEARER, Outcome.RATE_LIMITED);
    events.clear();
    emulator.faults().rateLimitNext(RATE_LIMITED_REPLIES, RETRY_AFTER);
    long start = System.nanoTime();
    AccessToken token = token(auth.user(userId).token());
    long waited = millisSince(start);
    long requests = emulator.tokenRequests() - before;
    long limited =
        emulator.tokenRequests(GrantType.JWT_BEARER, Outcome.RATE_LIMITED) - limitedBefore;
    liveInfo(token);
    check(limited == RATE_LIMITED_REPLIES, limited + " requests were rate-limited, expected 2");
    check(requests == RATE_LIMITED_REPLIES + 1, requests + " token requests, expected 3");
    check(
        waited >= RATE_LIMITED_REPLIES * RETRY_AFTER.toMillis(),
        "the token came after " + waited + " ms: Retry-After was not honoured");
    long retries = events.stream().filter(e -> e instanceof TokenEvent.Retrying).count();
    notes.add(
        "the emulator answered "
            + limited
            + " x HTTP 429 with Retry-After: "
            + RETRY_AFTER.toSeconds()
            + "; boxauth retried "
            + retries
            + " times, waiting as asked");
    notes.add(
        requests
            + " token requests in "
            + waited
            + " ms, each with a fresh jti (Box burns a jti even on a 429)");
    notes.add(describe(token) + "; emulator: LIVE");
  }

  private void concurrentCallers(List<String> notes) throws Exception {
    String userId = app.newAppUser(); // cold: no token cached
    emulator.faults().delayNext(1, HELD);
    long before = emulator.tokenRequests();
    ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
    Set<String> distinct = new HashSet<>();
    AccessToken one = null;
    try {
      CountDownLatch ready = new CountDownLatch(CALLERS);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<AccessToken>> calls = new ArrayList<>();
      for (int i = 0; i < CALLERS; i++) {
        calls.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  return auth.user(userId).token();
                }));
      }
      ready.await();
      go.countDown();
      for (Future<AccessToken> call : calls) {
        one = token(call.get(30, TimeUnit.SECONDS));
        distinct.add(one.value());
      }
    } finally {
      pool.shutdownNow();
    }
    long requests = emulator.tokenRequests() - before;
    check(distinct.size() == 1, distinct.size() + " different tokens for one subject");
    check(requests == 1, requests + " token requests for " + CALLERS + " callers (expected 1)");
    liveInfo(one);
    notes.add(
        CALLERS
            + " threads asked for user "
            + userId
            + "'s token at once (the emulator held the request "
            + HELD.toMillis()
            + " ms)");
    notes.add(
        "all "
            + CALLERS
            + " got the same token "
            + TokenText.token(one)
            + "; the emulator saw 1 token request");
  }

  // ---- plumbing -----------------------------------------------------------------------------

  @FunctionalInterface
  private interface Body {
    void run(List<String> notes) throws Exception;
  }

  /** A claim that did not hold. */
  private static final class StepFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StepFailed(String reason) {
      super(reason, null, false, false);
    }
  }

  private boolean step(String title, Body body) {
    List<String> notes = new ArrayList<>();
    long start = System.nanoTime();
    String failure = null;
    try {
      body.run(notes);
    } catch (StepFailed e) {
      failure = e.getMessage();
    } catch (ExecutionException e) {
      failure = reason(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure = "interrupted";
    } catch (Exception e) {
      failure = reason(e);
    }
    long millis = millisSince(start);
    steps++;
    if (failure != null) {
      failed++;
    }
    out.printf("%2d. %-50s %s %6d ms%n", steps, title, failure == null ? "PASS" : "FAIL", millis);
    for (String note : notes) {
      out.println("      " + note);
    }
    if (failure != null) {
      out.println("      FAIL: " + failure);
    }
    out.flush();
    return failure == null;
  }

  private static String reason(Throwable e) {
    if (e instanceof AuthException) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
    return "unexpected " + e;
  }

  private static void check(boolean claim, String otherwise) {
    if (!claim) {
      throw new StepFailed(otherwise);
    }
  }

  /** The emulator's view of a token, which must be LIVE. */
  private TokenInfo liveInfo(AccessToken token) {
    TokenInfo info = emulator.introspect(token.value());
    check(info.isLive(), "the emulator says the token is " + info.state() + ", not LIVE");
    return info;
  }

  private AccessToken token(AccessToken token) {
    secret(token.value());
    return token;
  }

  private static String describe(AccessToken token) {
    return "token "
        + TokenText.token(token)
        + ", "
        + token.tokenType()
        + ", expires in "
        + TokenText.lifetime(Instant.now(), token.expiresAt());
  }

  private static String actsFor(TokenInfo info) {
    return info.subjectType() + " " + info.subjectId();
  }

  private void secret(String value) {
    secrets.accept(value);
  }

  /** Each base64 line of a PEM or DER dump, so a test can look for any piece of the key. */
  private void secretKeyMaterial(String text) {
    text.lines()
        .map(String::strip)
        .filter(line -> line.length() >= 16 && !line.startsWith("-----"))
        .forEach(secrets);
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(Demo::deleteQuietly);
    } catch (IOException e) {
      // Best effort: the directory is owner-only and under the system's temp directory.
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // Best effort, as above.
    }
  }
}
