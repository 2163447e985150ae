package dev.boxauth.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.KeyStore;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A local emulator of Box's token endpoint, and of a slice of its API: a real HTTP server on {@code
 * 127.0.0.1} (a free port) that registers apps, validates JWT assertions and client credentials the
 * way Box does, issues, downscopes and revokes tokens, authenticates API calls with them, and
 * injects faults on demand.
 *
 * <pre>{@code
 * try (BoxEmulator emulator = BoxEmulator.start()) {  // or startTls() for HTTPS
 *   EmulatedApp app = emulator.newJwtApp();           // fresh RSA key, enterprise, service account
 *   String config = app.configJson();                 // Box config JSON, as the console writes it
 *   URI base = emulator.baseUrl();                    // e.g. http://127.0.0.1:53127
 *   emulator.faults().rateLimitNext(2, Duration.ofSeconds(1));
 *   emulator.clock().skew(Duration.ofMinutes(5));
 *   emulator.faults().rejectNextApiCalls(1);          // the next API call: 401, token revoked
 *   // ... point the client under test at base, then:
 *   long n = emulator.tokenRequests();
 *   long calls = emulator.apiRequests();              // GET /2.0/users/me and /2.0/users/{id}
 *   TokenInfo info = emulator.introspect(accessToken);
 * }
 * }</pre>
 *
 * <p>Endpoints: {@code POST /oauth2/token} (JWT bearer, RFC 7523; client credentials, RFC 6749
 * §4.4; token exchange, RFC 8693) and {@code POST /oauth2/revoke} (RFC 7009). Every response has
 * {@code Cache-Control: no-store}, a JSON content type (except injected HTML) and a {@code Date}
 * from the emulator's {@link #clock()}. The checks, their order and the exact error texts follow
 * docs/token-endpoint.md ("The emulator's check order"); assertions are verified with
 * nimbus-jose-jwt, never with boxauth's own code.
 *
 * <p>API: {@code GET /2.0/users/me} and {@code GET /2.0/users/{id}} under {@link #baseUrl()} (point
 * a client's API base URL there, e.g. the Box Java SDK's {@code api.setBaseURL(baseUrl + "/")}).
 * They authenticate the bearer token exactly (live: 200 with the user's JSON; unknown, revoked or
 * expired: 401 with Box's {@code WWW-Authenticate} header; a downscoped token without a users
 * scope: 403 {@code insufficient_scope}) and honour {@code As-User} for enterprise tokens. {@link
 * #apiRequests()} counts them; {@link Faults#rejectNextApiCalls(int)} revokes tokens behind the
 * client's back.
 *
 * <p>Thread-safe: it serves many concurrent connections (one worker thread each), and tests may
 * change apps, faults and the clock while requests are in flight.
 */
public final class BoxEmulator implements AutoCloseable {

  /** The grant of a token request, for the counters and fault scripts. */
  public enum GrantType {
    /** {@code urn:ietf:params:oauth:grant-type:jwt-bearer}. */
    JWT_BEARER,
    /** {@code client_credentials}. */
    CLIENT_CREDENTIALS,
    /** {@code urn:ietf:params:oauth:grant-type:token-exchange} (downscoping). */
    TOKEN_EXCHANGE,
    /** Missing or any other {@code grant_type}. */
    OTHER
  }

  /** How a token request ended. */
  public enum Outcome {
    /** HTTP 200 with a token. */
    ISSUED,
    /** A 4xx error from a failed check. */
    REJECTED,
    /** An injected 429. */
    RATE_LIMITED,
    /** An injected 5xx or HTML reply. */
    FAILED,
    /** An injected dropped connection. */
    DROPPED,
    /** An injected truncated reply (the request itself was processed). */
    TRUNCATED
  }

  private final Registry registry;
  private final EmulatorClock clock;
  private final Faults faults;
  private final Counters counters;
  private final HttpCore http;
  private final Tls tls;
  private final URI baseUrl;
  private final AtomicBoolean closed = new AtomicBoolean();

  private BoxEmulator(boolean useTls) {
    KeyPool.warm();
    this.clock = new EmulatorClock(Clock.systemUTC());
    this.registry = new Registry(Ids.numeric(9), clock);
    this.faults = new Faults();
    this.counters = new Counters();
    this.tls = useTls ? Tls.create(clock.now()) : null;
    TokenEndpoint tokenEndpoint = new TokenEndpoint(registry, clock, faults, counters);
    ApiEndpoint apiEndpoint = new ApiEndpoint(registry, clock, faults, counters);
    HttpCore.Handler routes =
        request ->
            request.path().startsWith(ApiEndpoint.PREFIX)
                ? apiEndpoint.handle(request)
                : tokenEndpoint.handle(request);
    try {
      this.http = HttpCore.start(tls == null ? null : tls.serverContext, clock::now, routes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the emulator's port on 127.0.0.1", e);
    }
    this.baseUrl = URI.create((useTls ? "https" : "http") + "://127.0.0.1:" + http.port());
  }

  /**
   * Starts a plain-HTTP emulator on a free loopback port.
   *
   * @throws UncheckedIOException if no port can be opened
   */
  public static BoxEmulator start() {
    return new BoxEmulator(false);
  }

  /**
   * Starts an HTTPS emulator on a free loopback port, with a self-signed certificate for {@code
   * 127.0.0.1} and {@code localhost} made now; clients must trust {@link #trustStore()}.
   *
   * @throws UncheckedIOException if no port can be opened
   */
  public static BoxEmulator startTls() {
    return new BoxEmulator(true);
  }

  /**
   * Registers a JWT app: a fresh 2048-bit RSA key pair (its public key registered under a new kid),
   * client id and secret, in this emulator's enterprise, authorized, user tokens enabled.
   */
  public EmulatedApp newJwtApp() {
    return register(EmulatedApp.jwt(registry, KeyPool.take()));
  }

  /** Registers a Client Credentials Grant app, authorized, user tokens enabled. */
  public EmulatedApp newCcgApp() {
    return register(EmulatedApp.ccg(registry));
  }

  private EmulatedApp register(EmulatedApp app) {
    registry.apps.put(app.clientId(), app);
    return app;
  }

  /**
   * Creates a managed user in the enterprise: apps may act for them only with App + Enterprise
   * Access ({@link EmulatedApp#enterpriseAccess(boolean)}). App Users come from {@link
   * EmulatedApp#newAppUser()}.
   *
   * @return the user's id
   */
  public String newManagedUser() {
    return registry.newUser(Registry.UserKind.MANAGED, null);
  }

  /** The base URL, without a trailing slash, e.g. {@code http://127.0.0.1:53127}. */
  public URI baseUrl() {
    return baseUrl;
  }

  /** {@code baseUrl() + "/oauth2/token"}. */
  public URI tokenUrl() {
    return URI.create(baseUrl + "/oauth2/token");
  }

  /** {@code baseUrl() + "/oauth2/revoke"}. */
  public URI revokeUrl() {
    return URI.create(baseUrl + "/oauth2/revoke");
  }

  /** True if started with {@link #startTls()}. */
  public boolean isTls() {
    return tls != null;
  }

  /**
   * A new in-memory PKCS#12 key store holding the emulator's certificate as a trusted entry, for a
   * client's {@code TrustManagerFactory}.
   *
   * @throws IllegalStateException if the emulator serves plain HTTP
   */
  public KeyStore trustStore() {
    if (tls == null) {
      throw new IllegalStateException(
          "this emulator serves plain HTTP; start it with BoxEmulator.startTls() for HTTPS");
    }
    return tls.trustStore();
  }

  /** The faults to inject into token requests. */
  public Faults faults() {
    return faults;
  }

  /** The emulator's clock; set its skew to put the server ahead of or behind real time. */
  public EmulatorClock clock() {
    return clock;
  }

  /** How many requests reached {@code POST /oauth2/token} since start or {@link #reset()}. */
  public long tokenRequests() {
    return counters.tokenRequests();
  }

  /** How many token requests of this grant ended this way since start or {@link #reset()}. */
  public long tokenRequests(GrantType grant, Outcome outcome) {
    return counters.tokenRequests(
        Objects.requireNonNull(grant, "grant"), Objects.requireNonNull(outcome, "outcome"));
  }

  /**
   * How many API calls ({@code /2.0/...}, e.g. {@code GET /2.0/users/me}) reached the emulator
   * since start or {@link #reset()}, whatever their answer.
   */
  public long apiRequests() {
    return counters.apiRequests();
  }

  /** How many requests reached {@code POST /oauth2/revoke} since start or {@link #reset()}. */
  public long revokeRequests() {
    return counters.revokeRequests();
  }

  /**
   * What the emulator knows of an access token, on its own clock.
   *
   * @return the token's state, subject, scopes, restrictions and expiry; state UNKNOWN if this
   *     emulator never issued it
   */
  public TokenInfo introspect(String accessToken) {
    Objects.requireNonNull(accessToken, "accessToken");
    IssuedToken token = registry.tokens.get(accessToken);
    return token == null ? TokenInfo.unknown() : token.info(clock.now());
  }

  /**
   * Sets how long a connection accepted from now on may sit idle between requests (default 15 s)
   * and how long a client may take to send one whole request once it has begun (default 10 s); past
   * either, the emulator closes the connection. A slow or stalled client holds a worker thread no
   * longer than that.
   *
   * @throws IllegalArgumentException unless both are positive
   */
  public void connectionTimeouts(java.time.Duration idle, java.time.Duration request) {
    Objects.requireNonNull(idle, "idle");
    Objects.requireNonNull(request, "request");
    if (idle.isNegative() || idle.isZero() || request.isNegative() || request.isZero()) {
      throw new IllegalArgumentException("timeouts must be positive, got " + idle + ", " + request);
    }
    http.timeouts(idle, request);
  }

  /**
   * Clears faults, the clock skew and the request counters. Apps, users, issued tokens and seen
   * {@code jti}s stay.
   */
  public void reset() {
    faults.reset();
    clock.skew(java.time.Duration.ZERO);
    counters.reset();
  }

  /** Stops the server and closes every connection; in-flight delayed requests are dropped. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      http.close();
    }
  }

  /** True once closed and its server socket released. */
  boolean isClosed() {
    return closed.get() && http.isClosed();
  }

  @Override
  public String toString() {
    return "BoxEmulator[" + baseUrl + "]";
  }
}
