package dev.boxauth.boxsdk;

import com.box.sdk.BoxAPIConnection;
import dev.boxauth.domain.ConfigurationException;
import dev.boxauth.domain.Subject;
import dev.boxauth.http.BoxAuthInterceptor;
import dev.boxauth.http.BoxHosts;
import dev.boxauth.port.TokenSource;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.locks.Lock;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/**
 * A Box Java SDK 4.x connection whose every request carries boxauth's current token: one line
 * changes, every other line of SDK code stays.
 *
 * <pre>{@code
 * BoxAuth auth = BoxAuth.fromConfigFile(Path.of("config.json"));
 * BoxAPIConnection api = new BoxAuthAPIConnection(auth.enterprise());      // the Service Account
 * BoxAPIConnection user = new BoxAuthAPIConnection(auth.user("12345"));   // a user's own token
 * BoxUser.Info me = BoxUser.getCurrentUser(api).getInfo();
 * }</pre>
 *
 * <p>The SDK never mints, refreshes or revokes a token itself: boxauth does (cached, refreshed
 * ahead of expiry, one request however many threads ask, shared by a fleet through its token
 * store). Each request takes the token the {@link TokenSource} holds at that moment. When Box
 * answers 401, exactly the token that request carried is invalidated ({@link
 * TokenSource#invalidate(dev.boxauth.domain.AccessToken)}, so concurrent 401s for one token cost
 * one new token) and the request is retried once; the SDK itself never retries a 401. A request
 * whose body may not be replayable (the SDK's multipart uploads stream their content) is not
 * retried: the SDK throws its {@code BoxAPIException} with status 401 as it always has, and the
 * next request carries the new token. If boxauth can get no token, the SDK call fails with
 * boxauth's typed {@code AuthException}, thrown as is or as the cause of the SDK's {@code
 * BoxAPIException}.
 *
 * <p><b>Acting as a user.</b> Two ways, both safe to share between threads:
 *
 * <ul>
 *   <li>{@code new BoxAuthAPIConnection(auth.user(id))}: the user's own token (the app needs
 *       "Generate user access tokens"); the user's permissions, the user's rate limit.
 *   <li>{@link #actingAs(TokenSource, String) actingAs(auth.enterprise(), id)}: the Service
 *       Account's token with {@code As-User: id} on every request (the app needs "Perform actions
 *       as users"); no token request per user.
 * </ul>
 *
 * <p>{@link #asUser(String)} and {@link #asSelf()} are refused: the SDK keeps {@code As-User} in a
 * plain {@code HashMap} that every request of the connection reads, so on a connection shared by
 * threads one thread's {@code asUser} silently makes the others' calls run as that user (or throws
 * {@code ConcurrentModificationException} in them). Other custom headers ({@link #setCustomHeader})
 * live in the same map: set them before the connection is shared.
 *
 * <p>Requests go only to Box's hosts ({@link BoxHosts#defaults()}) and to the hosts of the URLs
 * given to {@link #setBaseURL} and {@link #setBaseUploadURL}; an authenticated request elsewhere
 * fails with the SDK's {@code BoxAPIException} whose cause names the host. Shared-link calls
 * ({@code BoxItem.getSharedItem}) run on a connection the SDK makes itself: they carry boxauth's
 * token too, but without the 401 retry.
 *
 * <p>Thread-safe for requests. Configure it (base URLs, timeouts, proxy, custom headers) before
 * sharing it, as with any {@code BoxAPIConnection}.
 */
public final class BoxAuthAPIConnection extends BoxAPIConnection {
  private static final String AS_USER = "As-User";

  private final TokenSource tokens;
  private final Object hostsLock = new Object();
  private volatile Interceptor authorizer;
  private volatile BoxHosts hosts;

  /** The token value the SDK holds for its {@code Authorization} header; see needsRefresh. */
  private volatile String adopted;

  /**
   * A connection for the subject of {@code tokens}.
   *
   * @param tokens e.g. {@code auth.enterprise()} or {@code auth.user("12345")}
   */
  public BoxAuthAPIConnection(TokenSource tokens) {
    this(tokens, null);
  }

  private BoxAuthAPIConnection(TokenSource tokens, String asUser) {
    super((String) null); // no token of its own: the SDK's field is only ever boxauth's token
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.hosts = BoxHosts.defaults();
    this.authorizer = BoxAuthInterceptor.replacingOnly(tokens, hosts);
    if (asUser != null) {
      // Written before the connection is published; nothing changes it afterwards.
      super.setCustomHeader(AS_USER, asUser);
    }
  }

  /**
   * A connection on {@code enterprise}'s token that sends {@code As-User: userId} with every
   * request, fixed for the connection's life: make one per user (they are cheap; all share the one
   * cached token).
   *
   * @param enterprise the Service Account's tokens ({@code auth.enterprise()}), or an admin's
   * @param userId the Box id of the user to act as (digits)
   * @throws IllegalArgumentException if {@code userId} is not a Box id
   */
  public static BoxAuthAPIConnection actingAs(TokenSource enterprise, String userId) {
    String id = Subject.user(Objects.requireNonNull(userId, "userId")).id();
    return new BoxAuthAPIConnection(enterprise, id);
  }

  /**
   * Adds boxauth's authorizer to every HTTP client the SDK builds. The SDK calls this from its own
   * constructor, before this class's fields are set, and again whenever a setting rebuilds the
   * client (timeouts, proxy, TLS): the interceptor added here reads {@link #authorizer} per
   * request, never at build time.
   */
  @Override
  protected OkHttpClient.Builder modifyHttpClientBuilder(OkHttpClient.Builder builder) {
    return super.modifyHttpClientBuilder(builder)
        .addInterceptor(chain -> authorizer.intercept(chain));
  }

  /** boxauth's current token for the subject (cached; fetched once if missing or expired). */
  @Override
  public String getAccessToken() {
    return tokens.token().value();
  }

  /**
   * True: the SDK then asks {@link #needsRefresh()} before every request, which is how boxauth's
   * current token reaches the header the SDK writes ({@code lockAccessToken} is package-private and
   * reads a private field).
   */
  @Override
  public boolean canRefresh() {
    return true;
  }

  /** True when boxauth's current token is not the one the SDK holds (first use, or a new token). */
  @Override
  public boolean needsRefresh() {
    return !tokens.token().value().equals(adopted);
  }

  /**
   * Adopts boxauth's current token as the SDK's. Never asks Box itself: boxauth refreshes ahead of
   * expiry on its own, and {@link TokenSource#invalidate()} drops a token. Listeners are not told:
   * there is no SDK state to persist.
   */
  @Override
  public void refresh() {
    Lock write = getRefreshLock().writeLock();
    write.lock(); // reentrant: the SDK calls this while holding it
    try {
      String current = tokens.token().value();
      super.setAccessToken(current);
      adopted = current;
    } finally {
      write.unlock();
    }
  }

  /**
   * Refused: the token comes from the {@link TokenSource}.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public void setAccessToken(String accessToken) {
    throw refused(
        "setAccessToken", "tokens come from the TokenSource this connection was made from");
  }

  /**
   * Refused: JWT and Client Credentials apps have no refresh token.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public void setRefreshToken(String refreshToken) {
    throw refused("setRefreshToken", "boxauth gets new tokens itself; there is no refresh token");
  }

  /**
   * Refused for {@code false}: boxauth keeps the token fresh; the SDK merely follows it.
   *
   * @throws UnsupportedOperationException for {@code false}
   */
  @Override
  public void setAutoRefresh(boolean autoRefresh) {
    if (!autoRefresh) {
      throw refused("setAutoRefresh(false)", "each request takes boxauth's current token");
    }
  }

  /**
   * Refused: the OAuth 2.0 authorization-code flow is not boxauth's.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public void authenticate(String authCode) {
    throw refused("authenticate", "boxauth serves JWT and Client Credentials apps");
  }

  /**
   * Refused: revoke through boxauth, which also drops the token from its cache.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public void revokeToken() {
    throw refused("revokeToken", "call BoxAuth.revoke(token) instead");
  }

  /**
   * Refused: the saved state would hold a token in clear. boxauth's token store (in memory, or
   * Redis for a fleet, encrypted) is what shares tokens between connections and processes.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public String save() {
    throw refused("save", "tokens are shared through boxauth's TokenStore, not saved state");
  }

  /**
   * Refused, as {@link #save()}.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public void restore(String state) {
    throw refused("restore", "tokens are shared through boxauth's TokenStore, not saved state");
  }

  /**
   * Refused: it would change the user of every thread's requests on this connection.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public void asUser(String userID) {
    throw refused(
        "asUser",
        "use BoxAuthAPIConnection.actingAs(auth.enterprise(), \""
            + userID
            + "\") (As-User, one connection per user) or new BoxAuthAPIConnection(auth.user(\""
            + userID
            + "\")) (the user's own token)");
  }

  /**
   * Refused, as {@link #asUser(String)}: a connection's {@code As-User} is fixed.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public void asSelf() {
    throw refused("asSelf", "use a connection made without actingAs for calls as yourself");
  }

  /**
   * As the SDK's, except for {@code As-User}, which is refused as in {@link #asUser(String)}.
   * Custom headers are shared by every request of the connection: set them before sharing it.
   */
  @Override
  public void setCustomHeader(String header, String value) {
    if (AS_USER.equalsIgnoreCase(header)) {
      asUser(value);
    }
    super.setCustomHeader(header, value);
  }

  /** As the SDK's, except for {@code As-User}, which is refused as in {@link #asSelf()}. */
  @Override
  public void removeCustomHeader(String header) {
    if (AS_USER.equalsIgnoreCase(header)) {
      asSelf();
    }
    super.removeCustomHeader(header);
  }

  /**
   * As the SDK's, and the URL's host joins the hosts tokens may go to (e.g. an emulator's).
   *
   * @throws ConfigurationException if it is not an absolute https (or loopback http) URL
   */
  @Override
  public void setBaseURL(String baseURL) {
    URI url = checked("baseURL", baseURL);
    super.setBaseURL(baseURL);
    allowHostOf(url);
  }

  /**
   * As the SDK's, and the URL's host joins the hosts tokens may go to.
   *
   * @throws ConfigurationException if it is not an absolute https (or loopback http) URL
   */
  @Override
  public void setBaseUploadURL(String baseUploadURL) {
    URI url = checked("baseUploadURL", baseUploadURL);
    super.setBaseUploadURL(baseUploadURL);
    allowHostOf(url);
  }

  /** The hosts this connection's token may go to. */
  public BoxHosts hosts() {
    return hosts;
  }

  private void allowHostOf(URI url) {
    synchronized (hostsLock) {
      BoxHosts more = hosts.withHostOf(url);
      if (!more.equals(hosts)) {
        hosts = more;
        authorizer = BoxAuthInterceptor.replacingOnly(tokens, more);
      }
    }
  }

  private static URI checked(String field, String url) {
    Objects.requireNonNull(url, field);
    String fix = "use an absolute https:// URL, e.g. https://api.box.com/";
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new ConfigurationException(field, "is not a URL", fix);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new ConfigurationException(field, "must be an absolute http(s) URL with a host", fix);
    }
    return uri;
  }

  private static UnsupportedOperationException refused(String what, String why) {
    return new UnsupportedOperationException(
        what + " is not supported on a BoxAuthAPIConnection: " + why);
  }

  @Override
  public String toString() {
    return "BoxAuthAPIConnection[" + getBaseURL() + ", hosts=" + hosts + "]";
  }
}
