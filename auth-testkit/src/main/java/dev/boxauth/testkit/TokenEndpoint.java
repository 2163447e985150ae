package dev.boxauth.testkit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Box's {@code POST /oauth2/token} and {@code POST /oauth2/revoke}, checked in the order of
 * docs/token-endpoint.md, "The emulator's check order". Signatures are verified with
 * nimbus-jose-jwt, independently of boxauth's own signer. Thread-safe: all state is in the {@link
 * Registry}.
 */
final class TokenEndpoint implements HttpCore.Handler {
  private static final Set<String> ALGORITHMS = Set.of("RS256", "RS384", "RS512");
  private static final long MAX_ASSERTION_LIFETIME_SECONDS = 60;

  /** Tolerance for an {@code iat} / {@code nbf} a little in the future (Box's is undocumented). */
  private static final long FUTURE_LEEWAY_MILLIS = 5_000;

  private static final Pattern RESOURCE =
      Pattern.compile("https://api\\.box\\.com/2\\.0/(files|folders)/([0-9]+)");
  private static final Pattern SHARED_LINK =
      Pattern.compile("https://([A-Za-z0-9-]+\\.)*box\\.com/(s|v)/[A-Za-z0-9_-]+");

  private final Registry registry;
  private final EmulatorClock clock;
  private final Faults faults;
  private final Counters counters;

  TokenEndpoint(Registry registry, EmulatorClock clock, Faults faults, Counters counters) {
    this.registry = registry;
    this.clock = clock;
    this.faults = faults;
    this.counters = counters;
  }

  @Override
  public RawResponse handle(RawRequest request) throws InterruptedException {
    switch (request.path()) {
      case "/oauth2/token":
        return "POST".equals(request.method()) ? token(request) : methodNotAllowed(request);
      case "/oauth2/revoke":
        return "POST".equals(request.method()) ? revoke(request) : methodNotAllowed(request);
      default:
        return RawResponse.json(
            404,
            HttpCore.boxError(
                404, "Not Found: this emulator serves /oauth2/token and /oauth2/revoke"));
    }
  }

  private static RawResponse methodNotAllowed(RawRequest request) {
    return RawResponse.json(
            405, HttpCore.boxError(405, "Method Not Allowed: " + request.path() + " takes POST"))
        .withHeader("Allow", "POST");
  }

  // ---------------------------------------------------------------- token

  private RawResponse token(RawRequest request) throws InterruptedException {
    long number = counters.tokenRequestArrived();
    Form form = Form.of(request);
    BoxEmulator.GrantType grant = grantType(form.get("grant_type"));
    Fault fault = faults.next(number, grant);
    Duration delay = faults.everyRequestDelay();
    if (fault.kind == Fault.Kind.DELAY) {
      delay = delay.plus(fault.duration);
    }
    if (!delay.isZero()) {
      Thread.sleep(delay.toMillis());
    }
    BoxEmulator.Outcome outcome;
    RawResponse reply;
    switch (fault.kind) {
      case RATE_LIMIT:
      case RATE_LIMIT_HTTP_DATE:
        burnJtiOf(form);
        outcome = BoxEmulator.Outcome.RATE_LIMITED;
        reply = rateLimited(fault);
        break;
      case STATUS:
        burnJtiOf(form);
        outcome = BoxEmulator.Outcome.FAILED;
        reply =
            RawResponse.json(
                fault.status, HttpCore.boxError(fault.status, HttpCore.reason(fault.status)));
        break;
      case HTML:
        burnJtiOf(form);
        outcome = BoxEmulator.Outcome.FAILED;
        reply = html(fault.status);
        break;
      case DROP:
        burnJtiOf(form);
        outcome = BoxEmulator.Outcome.DROPPED;
        reply = RawResponse.drop();
        break;
      default:
        try {
          reply = grant(form, grant);
          outcome = BoxEmulator.Outcome.ISSUED;
        } catch (Rejection r) {
          reply = r.toResponse();
          outcome = BoxEmulator.Outcome.REJECTED;
        }
        if (fault.kind == Fault.Kind.TRUNCATE) {
          reply = reply.truncated();
          outcome = BoxEmulator.Outcome.TRUNCATED;
        }
    }
    counters.tokenRequestEnded(grant, outcome);
    return reply;
  }

  private static BoxEmulator.GrantType grantType(String value) {
    if (value == null) {
      return BoxEmulator.GrantType.OTHER;
    }
    switch (value) {
      case BoxTexts.JWT_BEARER:
        return BoxEmulator.GrantType.JWT_BEARER;
      case BoxTexts.CLIENT_CREDENTIALS:
        return BoxEmulator.GrantType.CLIENT_CREDENTIALS;
      case BoxTexts.TOKEN_EXCHANGE:
        return BoxEmulator.GrantType.TOKEN_EXCHANGE;
      default:
        return BoxEmulator.GrantType.OTHER;
    }
  }

  private RawResponse grant(Form form, BoxEmulator.GrantType grant) throws Rejection {
    // Check 1: a form with a known grant_type.
    if (form.problem != null) {
      throw new Rejection(400, "invalid_request", form.problem);
    }
    switch (grant) {
      case JWT_BEARER:
        return jwtBearer(form);
      case CLIENT_CREDENTIALS:
        return clientCredentials(form);
      case TOKEN_EXCHANGE:
        return tokenExchange(form);
      default:
        String type = form.get("grant_type");
        if ("authorization_code".equals(type) || "refresh_token".equals(type)) {
          // Known to Box, but only for OAuth 2.0 apps, which the emulator does not host.
          client(form);
          throw new Rejection(400, "invalid_request", BoxTexts.GRANT_TYPE_UNAUTHORIZED);
        }
        throw new Rejection(400, "invalid_request", BoxTexts.BAD_GRANT_TYPE);
    }
  }

  /** Check 2: a known client_id with its client_secret, in the form body. */
  private EmulatedApp client(Form form) throws Rejection {
    String id = form.get("client_id");
    String secret = form.get("client_secret");
    EmulatedApp app = id == null ? null : registry.apps.get(id);
    if (app == null
        || secret == null
        || !MessageDigest.isEqual(
            secret.getBytes(StandardCharsets.UTF_8),
            app.clientSecret().getBytes(StandardCharsets.UTF_8))) {
      throw new Rejection(400, "invalid_client", BoxTexts.BAD_CLIENT);
    }
    return app;
  }

  /** Checks 2 to 4: the client, its auth method, its authorization. */
  private EmulatedApp authorizedApp(Form form, EmulatedApp.AuthMethod method) throws Rejection {
    EmulatedApp app = client(form);
    if (app.authMethod() != method) {
      throw new Rejection(400, "invalid_request", BoxTexts.GRANT_TYPE_UNAUTHORIZED);
    }
    if (!app.isAuthorized()) {
      throw new Rejection(400, "unauthorized_client", BoxTexts.NOT_AUTHORIZED);
    }
    return app;
  }

  // ---------------------------------------------------------------- JWT bearer (RFC 7523 §3)

  private RawResponse jwtBearer(Form form) throws Rejection {
    EmulatedApp app = authorizedApp(form, EmulatedApp.AuthMethod.JWT);
    Instant now = clock.now();
    long nowMillis = now.toEpochMilli();

    // 5. A parseable three-part JWS.
    String assertion = form.get("assertion");
    Jws jws = Jws.parse(assertion);
    if (jws == null) {
      throw Rejection.invalidGrant(BoxTexts.BAD_ASSERTION);
    }
    // 6. kid names a key of this app; without kid, every key of the app is tried.
    Map<String, RSAPublicKey> keys = app.publicKeys();
    Object kid = jws.header.get("kid");
    Collection<RSAPublicKey> candidates;
    if (kid == null) {
      candidates = keys.values();
    } else {
      RSAPublicKey key = kid instanceof String ? keys.get(kid) : null;
      candidates = key == null ? List.of() : List.of(key);
    }
    if (candidates.isEmpty()) {
      throw Rejection.invalidGrant(BoxTexts.BAD_KID);
    }
    // 7. alg is RS256, RS384 or RS512: never none, never HS*.
    Object alg = jws.header.get("alg");
    if (!(alg instanceof String) || !ALGORITHMS.contains(alg)) {
      throw Rejection.invalidGrant(BoxTexts.BAD_ALG);
    }
    // 8. The signature verifies (nimbus, not boxauth).
    if (!verifies(assertion, candidates)) {
      throw Rejection.invalidGrant(BoxTexts.BAD_SIGNATURE);
    }
    Map<String, Object> claims = jws.claims;
    // 9. iss is the client id.
    if (!app.clientId().equals(claims.get("iss"))) {
      throw Rejection.invalidGrant(BoxTexts.BAD_ISS);
    }
    // 10. aud is exactly Box's token URL, wherever the emulator runs.
    if (!audienceIsBox(claims.get("aud"))) {
      throw Rejection.invalidGrant(BoxTexts.BAD_AUD);
    }
    // 11. exp is a number, strictly after the server's now.
    Object exp = claims.get("exp");
    if (!(exp instanceof Number) || millis(exp) <= nowMillis) {
      throw Rejection.invalidGrant(BoxTexts.EXPIRED);
    }
    // 12. exp is at most 60 s after the issue time: iat if present, else now.
    Object iat = claims.get("iat");
    if (iat != null && !(iat instanceof Number)) {
      throw Rejection.invalidGrant(BoxTexts.BAD_IAT);
    }
    long issuedMillis = iat == null ? nowMillis : millis(iat);
    if (millis(exp) - issuedMillis > MAX_ASSERTION_LIFETIME_SECONDS * 1000) {
      throw Rejection.invalidGrant(BoxTexts.EXP_TOO_FAR);
    }
    // 13. iat and nbf are not in the future.
    if (iat != null && millis(iat) > nowMillis + FUTURE_LEEWAY_MILLIS) {
      throw Rejection.invalidGrant(BoxTexts.BAD_IAT);
    }
    Object nbf = claims.get("nbf");
    if (nbf != null
        && (!(nbf instanceof Number) || millis(nbf) > nowMillis + FUTURE_LEEWAY_MILLIS)) {
      throw Rejection.invalidGrant(BoxTexts.BAD_NBF);
    }
    // 14. jti is 16 to 128 characters and new; burned now, even if a later check fails.
    Object jti = claims.get("jti");
    if (!(jti instanceof String)
        || ((String) jti).length() < 16
        || ((String) jti).length() > 128
        || !registry.burnJti((String) jti, ceilSeconds(exp), now)) {
      throw Rejection.invalidGrant(BoxTexts.BAD_JTI);
    }
    // 15. box_sub_type is enterprise or user.
    Object subType = claims.get("box_sub_type");
    if (!"enterprise".equals(subType) && !"user".equals(subType)) {
      throw Rejection.invalidGrant(BoxTexts.BAD_SUB_TYPE);
    }
    // 16. sub is a JSON string naming the app's enterprise or an existing user.
    Object sub = claims.get("sub");
    if (!(sub instanceof String)) {
      throw Rejection.invalidGrant(BoxTexts.BAD_SUB);
    }
    if ("enterprise".equals(subType)) {
      if (!sub.equals(app.enterpriseId())) {
        throw Rejection.invalidGrant(BoxTexts.BAD_SUB);
      }
    } else {
      Registry.User user = registry.users.get(sub);
      if (user == null) {
        throw Rejection.invalidGrant(BoxTexts.BAD_SUB);
      }
      // 17. The app may make a token for this user.
      if (!app.mayActFor(user)) {
        throw new Rejection(400, "invalid_request", BoxTexts.NO_USER_TOKEN);
      }
    }
    return issue(app, (String) subType, (String) sub, now);
  }

  private static boolean verifies(String assertion, Collection<RSAPublicKey> keys) {
    JWSObject jws;
    try {
      jws = JWSObject.parse(assertion);
    } catch (ParseException e) {
      return false;
    }
    for (RSAPublicKey key : keys) {
      try {
        if (jws.verify(new RSASSAVerifier(key))) {
          return true;
        }
      } catch (JOSEException | IllegalStateException e) {
        // this key cannot verify it: try the next
      }
    }
    return false;
  }

  /** RFC 7519 §4.1.3 allows one string or an array; Box needs exactly its token URL. */
  private static boolean audienceIsBox(Object aud) {
    if (aud instanceof List) {
      List<?> list = (List<?>) aud;
      return list.size() == 1 && BoxTexts.AUDIENCE.equals(list.get(0));
    }
    return BoxTexts.AUDIENCE.equals(aud);
  }

  /**
   * Claims far outside any real time are clamped to ±10^13 s (about 300,000 years) before any
   * arithmetic: every check decides the same for them, and no sum or difference of two clamped
   * values can overflow a long. Unclamped, {@code iat = -1e16} made {@code exp - iat} wrap to a
   * negative number and a year-long assertion passed the 60-second rule.
   */
  private static final double MAX_CLAIM_SECONDS = 1e13;

  private static long millis(Object numericDate) {
    return (long) Math.floor(clampedSeconds(numericDate) * 1000);
  }

  private static long ceilSeconds(Object numericDate) {
    return (long) Math.ceil(clampedSeconds(numericDate));
  }

  private static double clampedSeconds(Object numericDate) {
    double seconds = ((Number) numericDate).doubleValue();
    if (Double.isNaN(seconds)) {
      return MAX_CLAIM_SECONDS; // never in JSON; refused as far future wherever it lands
    }
    return Math.max(-MAX_CLAIM_SECONDS, Math.min(MAX_CLAIM_SECONDS, seconds));
  }

  /** Faults burn the jti of a readable assertion: the request did reach the server. */
  private void burnJtiOf(Form form) {
    if (!BoxTexts.JWT_BEARER.equals(form.get("grant_type"))) {
      return;
    }
    Jws jws = Jws.parse(form.get("assertion"));
    if (jws == null) {
      return;
    }
    Object jti = jws.claims.get("jti");
    Object exp = jws.claims.get("exp");
    if (jti instanceof String) {
      Instant now = clock.now();
      long expiry = exp instanceof Number ? ceilSeconds(exp) : now.getEpochSecond() + 60;
      registry.burnJti((String) jti, expiry, now);
    }
  }

  // ---------------------------------------------------------------- CCG (RFC 6749 §4.4)

  private RawResponse clientCredentials(Form form) throws Rejection {
    EmulatedApp app = authorizedApp(form, EmulatedApp.AuthMethod.CCG);
    String type = form.get("box_subject_type");
    String id = form.get("box_subject_id");
    if (id == null) {
      throw Rejection.invalidGrant(BoxTexts.CCG_INVALID);
    }
    if ("enterprise".equals(type)) {
      if (!id.equals(app.enterpriseId())) {
        throw Rejection.invalidGrant(BoxTexts.CCG_INVALID);
      }
    } else if ("user".equals(type)) {
      Registry.User user = registry.users.get(id);
      if (user == null || !app.mayActFor(user)) {
        throw Rejection.invalidGrant(BoxTexts.CCG_INVALID);
      }
    } else {
      throw Rejection.invalidGrant(BoxTexts.CCG_INVALID);
    }
    return issue(app, type, id, clock.now());
  }

  private RawResponse issue(EmulatedApp app, String subjectType, String subjectId, Instant now) {
    Duration lifetime = app.tokenLifetime();
    IssuedToken token =
        new IssuedToken(
            app.clientId(), subjectType, subjectId, app.scopes(), List.of(), now.plus(lifetime));
    String value = registry.newTokenValue(token);
    return RawResponse.json(
        200,
        JsonWriter.object()
            .put("access_token", value)
            .put("expires_in", lifetime.getSeconds())
            .putArray("restricted_to", List.of())
            .put("token_type", "bearer")
            .toString());
  }

  // ---------------------------------------------------------------- token exchange (RFC 8693)

  private RawResponse tokenExchange(Form form) throws Rejection {
    if (form.get("client_id") != null || form.get("client_secret") != null) {
      client(form); // optional for a downscope, but checked when sent
    }
    String subjectToken = form.get("subject_token");
    if (subjectToken == null
        || !BoxTexts.ACCESS_TOKEN_TYPE.equals(form.get("subject_token_type"))) {
      throw new Rejection(
          400,
          "invalid_request",
          "The 'subject_token' parameter and 'subject_token_type' "
              + BoxTexts.ACCESS_TOKEN_TYPE
              + " are required");
    }
    Instant now = clock.now();
    IssuedToken parent = registry.tokens.get(subjectToken);
    if (parent == null || parent.stateAt(now) != TokenInfo.State.LIVE) {
      throw new Rejection(401, "invalid_token", BoxTexts.BAD_SUBJECT_TOKEN);
    }
    String scope = form.get("scope");
    SortedSet<String> requested = new TreeSet<>();
    if (scope != null) {
      for (String s : scope.trim().split("\\s+")) {
        if (!s.isEmpty()) {
          requested.add(s);
        }
      }
    }
    if (requested.isEmpty()) {
      throw new Rejection(400, "invalid_request", "The 'scope' parameter is required");
    }
    if (!parent.scopes.containsAll(requested)) {
      throw new Rejection(401, "invalid_scope", BoxTexts.SCOPE_NOT_HELD);
    }
    String resource = form.get("resource");
    String sharedLink = form.get("box_shared_link");
    if (resource != null && sharedLink != null) {
      throw new Rejection(
          400, "invalid_request", "Only one of 'resource' and 'box_shared_link' may be given");
    }
    String[] item = null;
    if (resource != null) {
      Matcher m = RESOURCE.matcher(resource);
      if (!m.matches()) {
        throw new Rejection(400, "invalid_resource", BoxTexts.BAD_RESOURCE);
      }
      item = new String[] {m.group(1).equals("files") ? "file" : "folder", m.group(2)};
    } else if (sharedLink != null) {
      if (!SHARED_LINK.matcher(sharedLink).matches()) {
        throw new Rejection(400, "invalid_resource", BoxTexts.BAD_RESOURCE);
      }
      item = new String[] {"file", sharedLinkItemId(sharedLink)};
    }
    TokenInfo.Restriction parentItem = parent.item();
    if (parentItem != null) {
      if (item == null) {
        item = new String[] {parentItem.objectType(), parentItem.objectId()};
      } else if (!item[0].equals(parentItem.objectType())
          || !item[1].equals(parentItem.objectId())) {
        throw new Rejection(400, "invalid_resource", BoxTexts.BAD_RESOURCE);
      }
    }
    List<TokenInfo.Restriction> restrictions = new ArrayList<>();
    List<String> restrictedTo = new ArrayList<>();
    for (String s : requested) {
      restrictions.add(
          new TokenInfo.Restriction(
              s, item == null ? null : item[0], item == null ? null : item[1]));
      JsonWriter entry = JsonWriter.object().put("scope", s);
      if (item != null) {
        entry.putRaw(
            "object",
            JsonWriter.object()
                .put("type", item[0])
                .put("id", item[1])
                .put("sequence_id", "0")
                .put("etag", "0")
                .put("name", item[0] + "-" + item[1])
                .toString());
      }
      restrictedTo.add(entry.toString());
    }
    EmulatedApp app = registry.apps.get(parent.clientId);
    Instant expiry = now.plus(app.tokenLifetime());
    if (parent.expiresAt.isBefore(expiry)) {
      expiry = parent.expiresAt; // a downscoped token does not outlive its parent
    }
    IssuedToken child =
        new IssuedToken(
            parent.clientId, parent.subjectType, parent.subjectId, requested, restrictions, expiry);
    String value = registry.newTokenValue(child);
    long expiresIn = Math.max(1, Duration.between(now, expiry).getSeconds());
    return RawResponse.json(
        200,
        JsonWriter.object()
            .put("access_token", value)
            .put("expires_in", expiresIn)
            .put("issued_token_type", BoxTexts.ACCESS_TOKEN_TYPE)
            .putArray("restricted_to", restrictedTo)
            .put("token_type", "bearer")
            .toString());
  }

  /** A stable 12-digit file id for a shared link (the emulator has no files). */
  private static String sharedLinkItemId(String link) {
    long bits =
        UUID.nameUUIDFromBytes(link.getBytes(StandardCharsets.UTF_8)).getMostSignificantBits();
    return String.valueOf(100_000_000_000L + Math.floorMod(bits, 900_000_000_000L));
  }

  // ---------------------------------------------------------------- revoke (RFC 7009)

  private RawResponse revoke(RawRequest request) {
    counters.revokeRequestArrived();
    Form form = Form.of(request);
    try {
      if (form.problem != null) {
        throw new Rejection(400, "invalid_request", form.problem);
      }
      client(form);
      String token = form.get("token");
      if (token == null) {
        throw new Rejection(400, "invalid_request", "The 'token' parameter is required");
      }
      IssuedToken issued = registry.tokens.get(token);
      if (issued != null) {
        issued.revoke();
      }
      // RFC 7009 §2.2: 200 for an unknown token too.
      return RawResponse.json(200, "");
    } catch (Rejection r) {
      return r.toResponse();
    }
  }

  // ---------------------------------------------------------------- replies

  private RawResponse rateLimited(Fault fault) {
    long seconds = (fault.duration.toMillis() + 999) / 1000;
    String retryAfter;
    if (fault.kind == Fault.Kind.RATE_LIMIT) {
      retryAfter = Long.toString(seconds);
    } else {
      Instant at = clock.now().plus(fault.duration);
      if (at.getNano() != 0) {
        at = Instant.ofEpochSecond(at.getEpochSecond() + 1);
      }
      retryAfter = HttpCore.HTTP_DATE.format(at);
    }
    return RawResponse.json(
            429, HttpCore.boxError(429, "Request rate limit exceeded, please try again later"))
        .withHeader("Retry-After", retryAfter);
  }

  private static RawResponse html(int status) {
    String title = status + " " + HttpCore.reason(status);
    return RawResponse.of(
        status,
        "text/html",
        "<html>\r\n<head><title>"
            + title
            + "</title></head>\r\n<body>\r\n<center><h1>"
            + title
            + "</h1></center>\r\n</body>\r\n</html>\r\n");
  }

  /** A JWS split into its decoded header and claims; the signature is checked separately. */
  private static final class Jws {
    final Map<String, Object> header;
    final Map<String, Object> claims;

    private Jws(Map<String, Object> header, Map<String, Object> claims) {
      this.header = header;
      this.claims = claims;
    }

    /** Null unless {@code compact} is three dot-separated parts with JSON header and claims. */
    static Jws parse(String compact) {
      if (compact == null) {
        return null;
      }
      String[] parts = compact.split("\\.", -1);
      if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
        return null;
      }
      try {
        return new Jws(
            JSONObjectUtils.parse(new Base64URL(parts[0]).decodeToString()),
            JSONObjectUtils.parse(new Base64URL(parts[1]).decodeToString()));
      } catch (ParseException | RuntimeException | StackOverflowError e) {
        return null; // deeply nested JSON overflows the parser's stack: unparseable all the same
      }
    }
  }
}
