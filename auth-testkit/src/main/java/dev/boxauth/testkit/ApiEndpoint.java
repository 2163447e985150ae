package dev.boxauth.testkit;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Set;

/**
 * A slice of Box's API ({@code https://api.box.com/2.0/...}): {@code GET /2.0/users/me} and {@code
 * GET /2.0/users/{id}}, enough for a client's API-side behaviour (bearer tokens, 401 recovery,
 * {@code As-User}) to be tested end to end, e.g. the Box Java SDK's {@code
 * BoxUser.getCurrentUser(api).getInfo()}.
 *
 * <p>The bearer token is looked up exactly as issued. Answers, as Box gives them:
 *
 * <ul>
 *   <li>no {@code Authorization: Bearer} header: 401, no body, {@code WWW-Authenticate: Bearer
 *       realm="Service", error="invalid_request", error_description="The access token was not
 *       found."};
 *   <li>a token that is unknown, revoked or expired: 401, no body, {@code WWW-Authenticate: Bearer
 *       realm="Service", error="invalid_token", error_description="The access token provided is
 *       invalid."} (Box sends the error in this header, not in a body);
 *   <li>a downscoped token without a scope that covers users ({@link #USER_SCOPES}): 403 {@code
 *       insufficient_scope}, in the header and in Box's error body;
 *   <li>{@code As-User} on a user's token, or naming no user of the enterprise (or a Service
 *       Account): 403 {@code access_denied_insufficient_permissions};
 *   <li>otherwise 200 with the user as JSON: the token's user ({@code me}: the app's Service
 *       Account for an enterprise token) or the {@code As-User} user.
 * </ul>
 *
 * <p>Thread-safe: all state is in the {@link Registry}, {@link Faults} and {@link Counters}.
 */
final class ApiEndpoint implements HttpCore.Handler {
  static final String PREFIX = "/2.0/";
  private static final String USERS = PREFIX + "users/";

  /** The scopes a downscoped token needs for the users endpoints (the emulator's choice). */
  static final Set<String> USER_SCOPES = Set.of("root_readonly", "root_readwrite");

  private static final String MISSING_TOKEN =
      "Bearer realm=\"Service\", error=\"invalid_request\","
          + " error_description=\"The access token was not found.\"";
  private static final String INVALID_TOKEN =
      "Bearer realm=\"Service\", error=\"invalid_token\","
          + " error_description=\"The access token provided is invalid.\"";
  private static final String INSUFFICIENT_SCOPE_MESSAGE =
      "The request requires higher privileges than provided by the access token.";
  private static final String INSUFFICIENT_SCOPE =
      "Bearer realm=\"Service\", error=\"insufficient_scope\", error_description=\""
          + INSUFFICIENT_SCOPE_MESSAGE
          + "\"";
  private static final String HELP_URL =
      "https://developer.box.com/guides/api-calls/permissions-and-errors/common-errors/";

  /** Box's timestamps: seconds and a numeric offset, e.g. {@code 2012-12-12T10:53:43-08:00}. */
  private static final DateTimeFormatter BOX_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx", Locale.ROOT)
          .withZone(ZoneOffset.ofHours(-8));

  private final Registry registry;
  private final EmulatorClock clock;
  private final Faults faults;
  private final Counters counters;

  ApiEndpoint(Registry registry, EmulatorClock clock, Faults faults, Counters counters) {
    this.registry = registry;
    this.clock = clock;
    this.faults = faults;
    this.counters = counters;
  }

  @Override
  public RawResponse handle(RawRequest request) {
    counters.apiRequestArrived();
    String path = request.path();
    String userId = path.startsWith(USERS) ? path.substring(USERS.length()) : null;
    if (userId == null || userId.isEmpty() || userId.contains("/")) {
      return error(404, "not_found", "Not Found: this emulator serves GET /2.0/users/me");
    }
    if (!"GET".equals(request.method())) {
      return error(405, "method_not_allowed", "Method Not Allowed").withHeader("Allow", "GET");
    }
    String bearer = bearer(request.header("authorization"));
    if (bearer == null) {
      return RawResponse.empty(401).withHeader("WWW-Authenticate", MISSING_TOKEN);
    }
    IssuedToken token = registry.tokens.get(bearer);
    if (token == null || token.stateAt(clock.now()) != TokenInfo.State.LIVE) {
      return RawResponse.empty(401).withHeader("WWW-Authenticate", INVALID_TOKEN);
    }
    if (faults.takeApiRejection()) {
      token.revoke();
      return RawResponse.empty(401).withHeader("WWW-Authenticate", INVALID_TOKEN);
    }
    if (!token.restrictions.isEmpty() && token.scopes.stream().noneMatch(USER_SCOPES::contains)) {
      return error(403, "insufficient_scope", INSUFFICIENT_SCOPE_MESSAGE)
          .withHeader("WWW-Authenticate", INSUFFICIENT_SCOPE);
    }
    Registry.User self = self(token);
    Registry.User actingAs = self;
    String asUser = request.header("as-user");
    if (asUser != null) {
      Registry.User target = registry.users.get(asUser.trim());
      if (!"enterprise".equals(token.subjectType)
          || target == null
          || target.kind() == Registry.UserKind.SERVICE_ACCOUNT) {
        return error(
            403,
            "access_denied_insufficient_permissions",
            "Access denied - insufficient permission");
      }
      actingAs = target;
    }
    Registry.User wanted = "me".equals(userId) ? actingAs : registry.users.get(userId);
    boolean visible =
        wanted != null
            && (wanted.id().equals(actingAs.id())
                || (actingAs == self && self.kind() == Registry.UserKind.SERVICE_ACCOUNT));
    if (!visible) {
      return error(404, "not_found", "Not Found");
    }
    return RawResponse.json(200, userJson(wanted));
  }

  /** The token of an {@code Authorization: Bearer} header (RFC 6750 §2.1), or null. */
  private static String bearer(String authorization) {
    if (authorization == null || authorization.length() < 7) {
      return null;
    }
    if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = authorization.substring(7).trim();
    return token.isEmpty() ? null : token;
  }

  /** Whom the token acts as: its user, or its app's Service Account for an enterprise token. */
  private Registry.User self(IssuedToken token) {
    if ("enterprise".equals(token.subjectType)) {
      EmulatedApp app = registry.apps.get(token.clientId);
      return registry.users.get(app.serviceAccountId());
    }
    return registry.users.get(token.subjectId);
  }

  /** The user's standard fields, the shape of Box's user object (and the SDK's BoxUser.Info). */
  private String userJson(Registry.User user) {
    String name;
    String login;
    switch (user.kind()) {
      case SERVICE_ACCOUNT:
        name = "Service Account " + user.id();
        login = "AutomationUser_" + user.id() + "@boxdevedition.com";
        break;
      case APP_USER:
        name = "App User " + user.id();
        login = "AppUser_" + user.id() + "@boxdevedition.com";
        break;
      default:
        name = "Managed User " + user.id();
        login = "user" + user.id() + "@example.com";
    }
    String created = BOX_TIME.format(user.createdAt());
    return JsonWriter.object()
        .put("type", "user")
        .put("id", user.id())
        .put("name", name)
        .put("login", login)
        .put("created_at", created)
        .put("modified_at", created)
        .put("language", "en")
        .put("timezone", "America/Los_Angeles")
        .put("space_amount", 10_737_418_240L)
        .put("space_used", 0)
        .put("max_upload_size", 5_368_709_120L)
        .put("status", "active")
        .put("job_title", "")
        .put("phone", "")
        .put("address", "")
        .put("avatar_url", "https://app.box.com/api/avatar/large/" + user.id())
        .putRaw(
            "enterprise",
            JsonWriter.object()
                .put("type", "enterprise")
                .put("id", registry.enterpriseId)
                .put("name", "Emulated Enterprise")
                .toString())
        .toString();
  }

  private RawResponse error(int status, String code, String message) {
    return RawResponse.json(
        status,
        JsonWriter.object()
            .put("type", "error")
            .put("status", status)
            .put("code", code)
            .put("help_url", HELP_URL)
            .put("message", message)
            .put("request_id", Ids.numeric(12))
            .toString());
  }
}
