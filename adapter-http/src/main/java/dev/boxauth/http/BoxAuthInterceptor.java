package dev.boxauth.http;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.AuthException;
import dev.boxauth.domain.ConfigurationException;
import dev.boxauth.port.TokenSource;
import java.io.IOException;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.MultipartBody;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Authorizes Box API calls on an {@link okhttp3.OkHttpClient} with {@code Authorization: Bearer
 * <token>} (RFC 6750 §2.1) from a {@link TokenSource}, in one of two modes:
 *
 * <ul>
 *   <li>{@link #BoxAuthInterceptor(TokenSource) every request}: sets the header on every request it
 *       sees, replacing any. Install it only on a client that talks to Box alone.
 *   <li>{@link #replacingOnly(TokenSource, BoxHosts) replacing only}: touches only a request that
 *       already carries an {@code Authorization} header (the mark of a client, such as the Box Java
 *       SDK, that knows which of its calls need a token) and replaces it; a request without one
 *       goes through untouched. A marked request to a host outside {@link BoxHosts}, or over plain
 *       {@code http://} to a host that is not loopback, fails with an {@link IOException} before
 *       anything is sent, so a token never reaches another host or crosses the network in clear.
 * </ul>
 *
 * <p>When Box answers 401, the token that request carried is dropped with {@link
 * TokenSource#invalidate(AccessToken)} (so many concurrent 401s for one token cost one token
 * request) and the call is retried once with the new token; a second 401 goes back to the caller. A
 * request whose body may not be replayable (one-shot, duplex, or multipart, where uploads stream
 * their content) is not retried: the 401 goes back to the caller, and its next call gets the new
 * token.
 *
 * <p>Install it as an application interceptor ({@code OkHttpClient.Builder.addInterceptor}), not a
 * network interceptor. OkHttp drops the header itself when following a redirect to another host.
 *
 * <p>If no token can be had, or a host is refused, the call fails with an {@link IOException} whose
 * cause is the typed {@link AuthException}: OkHttp expects interceptors to fail that way, for
 * synchronous and asynchronous calls alike.
 *
 * <p>Thread-safe.
 */
public final class BoxAuthInterceptor implements Interceptor {
  private static final String AUTHORIZATION = "Authorization";

  private final TokenSource tokens;
  private final BoxHosts hosts; // null: every request

  /**
   * Authorizes every request the client sends.
   *
   * @param tokens where tokens come from, e.g. {@code auth.enterprise()}
   */
  public BoxAuthInterceptor(TokenSource tokens) {
    this(tokens, null);
  }

  private BoxAuthInterceptor(TokenSource tokens, BoxHosts hosts) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.hosts = hosts;
  }

  /**
   * Replaces only an {@code Authorization} header a request already has, and only on its way to one
   * of {@code hosts} (over https, or http to loopback); refuses to send any other such request.
   *
   * @param tokens where tokens come from, e.g. {@code auth.enterprise()}
   * @param hosts where a token may go, e.g. {@link BoxHosts#defaults()}
   */
  public static BoxAuthInterceptor replacingOnly(TokenSource tokens, BoxHosts hosts) {
    return new BoxAuthInterceptor(tokens, Objects.requireNonNull(hosts, "hosts"));
  }

  /**
   * Sends the request with a bearer token; on 401, once more with a new one.
   *
   * @throws IOException from the call, or wrapping the {@link AuthException} if no token came or
   *     the host is refused
   */
  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    if (hosts != null) {
      if (request.header(AUTHORIZATION) == null) {
        return chain.proceed(request);
      }
      refuseUnlessBoxHost(request.url());
    }
    AccessToken token = token();
    Response response = chain.proceed(authorized(request, token));
    if (response.code() != 401) {
      return response;
    }
    tokens.invalidate(token);
    if (!replayable(request.body())) {
      return response;
    }
    AccessToken fresh;
    try {
      fresh = token();
    } catch (IOException e) {
      response.close();
      throw e;
    }
    if (fresh.secret().equals(token.secret())) {
      return response; // No other token to try.
    }
    response.close();
    return chain.proceed(authorized(request, fresh));
  }

  private void refuseUnlessBoxHost(HttpUrl url) throws IOException {
    if (hosts.allows(url)) {
      return;
    }
    // Scheme, host and port only: a path or query may carry ids or shared-link secrets.
    String where = url.scheme() + "://" + url.host() + ":" + url.port();
    ConfigurationException refused =
        url.isHttps() || !hosts.hosts().contains(url.host().toLowerCase(java.util.Locale.ROOT))
            ? new ConfigurationException(
                "hosts",
                "a Box token would go to " + where + ", which is not one of " + hosts.hosts(),
                "send Box calls to Box's hosts only, or add this host with"
                    + " BoxHosts.withHost(\""
                    + url.host()
                    + "\") if it serves the Box API (an emulator, a proxy)")
            : new ConfigurationException(
                "hosts",
                "a Box token would cross the network in clear to " + where,
                "use https://; plain http:// is for loopback hosts only");
    throw new IOException("boxauth refused to send a token: " + refused.getMessage(), refused);
  }

  private AccessToken token() throws IOException {
    try {
      return tokens.token();
    } catch (AuthException e) {
      throw new IOException("no Box access token: " + e.getMessage(), e);
    }
  }

  private static Request authorized(Request request, AccessToken token) {
    return request.newBuilder().header(AUTHORIZATION, "Bearer " + token.value()).build();
  }

  private static boolean replayable(RequestBody body) {
    return body == null || !(body.isOneShot() || body.isDuplex() || body instanceof MultipartBody);
  }
}
