package dev.boxauth.http;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.AuthException;
import dev.boxauth.port.TokenSource;
import java.io.IOException;
import java.util.Objects;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Authorizes the user's own Box API calls on an {@link okhttp3.OkHttpClient}: sets {@code
 * Authorization: Bearer <token>} (RFC 6750 §2.1) from a {@link TokenSource}, replacing any such
 * header. When Box answers 401 it calls {@link TokenSource#invalidate(AccessToken)} with the
 * rejected token, so that many concurrent 401s for one token cost one token request, and retries
 * the call once with the new token; a second 401 goes back to the caller. A request whose body can
 * be sent only once is not retried.
 *
 * <p>Install it as an application interceptor ({@code OkHttpClient.Builder.addInterceptor}), not a
 * network interceptor, and only on a client that talks to Box: every request through it carries the
 * token. OkHttp drops the header itself when following a redirect to another host.
 *
 * <p>If no token can be had, the call fails with an {@link IOException} whose cause is the typed
 * {@link AuthException}: OkHttp expects interceptors to fail that way, for synchronous and
 * asynchronous calls alike.
 *
 * <p>Thread-safe.
 */
public final class BoxAuthInterceptor implements Interceptor {
  private final TokenSource tokens;

  /**
   * @param tokens where tokens come from, e.g. {@code auth.enterprise()}
   */
  public BoxAuthInterceptor(TokenSource tokens) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
  }

  /**
   * Sends the request with a bearer token; on 401, once more with a new one.
   *
   * @throws IOException from the call, or wrapping the {@link AuthException} if no token came
   */
  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    AccessToken token = token();
    Response response = chain.proceed(authorized(request, token));
    if (response.code() != 401 || !replayable(request.body())) {
      return response;
    }
    tokens.invalidate(token);
    AccessToken fresh = token();
    if (fresh.secret().equals(token.secret())) {
      return response; // No other token to try.
    }
    response.close();
    return chain.proceed(authorized(request, fresh));
  }

  private AccessToken token() throws IOException {
    try {
      return tokens.token();
    } catch (AuthException e) {
      throw new IOException("no Box access token: " + e.getMessage(), e);
    }
  }

  private static Request authorized(Request request, AccessToken token) {
    return request.newBuilder().header("Authorization", "Bearer " + token.value()).build();
  }

  private static boolean replayable(RequestBody body) {
    return body == null || !(body.isOneShot() || body.isDuplex());
  }
}
