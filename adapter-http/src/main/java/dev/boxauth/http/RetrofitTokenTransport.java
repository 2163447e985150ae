package dev.boxauth.http;

import dev.boxauth.domain.AuthException;
import dev.boxauth.domain.BoxErrors;
import dev.boxauth.domain.ClientCredentials;
import dev.boxauth.domain.ConfigurationException;
import dev.boxauth.domain.EndpointUnavailableException;
import dev.boxauth.domain.Grant;
import dev.boxauth.domain.Secret;
import dev.boxauth.port.TokenReply;
import dev.boxauth.port.TokenTransport;
import jakarta.inject.Inject;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.ProtocolException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.ConnectionPool;
import okhttp3.Credentials;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import retrofit2.Call;
import retrofit2.Response;
import retrofit2.Retrofit;

/**
 * {@link TokenTransport} over Retrofit and OkHttp: one attempt per call, every reply or failure
 * mapped to a token or a typed error. Owns its OkHttp connection pool; {@link #close()} releases
 * it. Thread-safe.
 */
final class RetrofitTokenTransport implements TokenTransport, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RetrofitTokenTransport.class);

  private final OkHttpClient client;
  private final BoxTokenApi api;
  private final HttpTransportConfig config;
  private final Clock clock;
  private volatile boolean closed;

  /**
   * @param client made by {@link #newClient}; this transport owns it
   * @param config the base URL and limits
   * @param clock stamps tokens with the local time the request was sent
   */
  @Inject
  RetrofitTokenTransport(
      @TransportInternal OkHttpClient client,
      @TransportInternal HttpTransportConfig config,
      Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.api =
        new Retrofit.Builder()
            .baseUrl(HttpUrl.get(config.baseUrl() + "/"))
            .client(client)
            .build()
            .create(BoxTokenApi.class);
  }

  /**
   * The OkHttp client for one transport: its own pool, no redirects, no silent retries.
   *
   * @param warmUp the gate of a connection warm-up ({@link HttpWarmUp}), or null for none
   */
  static OkHttpClient newClient(HttpTransportConfig config, WarmUpGate warmUp) {
    OkHttpClient.Builder b = new OkHttpClient.Builder();
    if (warmUp != null) {
      b.addInterceptor(warmUp);
    }
    b.connectTimeout(config.connectTimeout())
        .readTimeout(config.readTimeout())
        .writeTimeout(config.readTimeout())
        .callTimeout(config.callTimeout())
        .connectionPool(new ConnectionPool(5, 5, TimeUnit.MINUTES))
        // A redirect would re-send the client secret to wherever it points.
        .followRedirects(false)
        .followSslRedirects(false)
        // One attempt per call: a silent re-send would replay the assertion's jti.
        .retryOnConnectionFailure(false)
        .proxy(config.proxy())
        .addInterceptor(new UserAgentInterceptor())
        .addInterceptor(new BodyCapInterceptor(config.maxBodyBytes()));
    if (config.trustStore() != null) {
      X509TrustManager trust = HttpTransportConfig.trustManager(config.trustStore());
      try {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {trust}, null);
        b.sslSocketFactory(tls.getSocketFactory(), trust);
      } catch (GeneralSecurityException e) {
        throw new ConfigurationException(
            "trustStore", "no TLS context could be made from it", "check the JVM's TLS setup", e);
      }
    }
    HttpTransportConfig.ProxyCredentials credentials = config.proxyCredentials();
    if (credentials != null) {
      b.proxyAuthenticator(
          (route, response) -> {
            if (response.request().header("Proxy-Authorization") != null) {
              return null; // These credentials were refused already: give up.
            }
            return response
                .request()
                .newBuilder()
                .header(
                    "Proxy-Authorization",
                    Credentials.basic(credentials.username(), credentials.password().reveal()))
                .build();
          });
    }
    return b.build();
  }

  @Override
  public TokenReply exchange(Grant grant) {
    Objects.requireNonNull(grant, "grant");
    if (closed) {
      return new TokenReply.Refused(closedError(), null, false);
    }
    Map<String, String> form = TokenForms.of(grant);
    Instant sentAt = clock.instant();
    HttpReply reply;
    try {
      reply = execute(api.token(form));
    } catch (BodyTooLargeException e) {
      return new TokenReply.Refused(tooLarge(e), e.serverDate(), false);
    } catch (IOException e) {
      return new TokenReply.Refused(noReply(e), null, false);
    } catch (RuntimeException e) {
      dropIdleConnections();
      return new TokenReply.Refused(unexpected(e), null, false);
    }
    if (reply.isSuccessful()) {
      try {
        return new TokenReply.Issued(
            TokenJson.token(reply.body(), reply.contentType(), sentAt), reply.date());
      } catch (TokenJson.BadReplyException e) {
        dropIdleConnections();
        return new TokenReply.Refused(
            new EndpointUnavailableException(
                reply.status(),
                "the HTTP " + reply.status() + " token reply " + e.getMessage(),
                false,
                null),
            reply.date(),
            false);
      }
    }
    try {
      // Only Box's own error body says the Date is Box's: a proxy's page may carry any Date.
      boolean fromBox = TokenJson.boxError(reply.body()) != null;
      return new TokenReply.Refused(
          error(reply, grant instanceof Grant.TokenExchange), reply.date(), fromBox);
    } catch (RuntimeException e) {
      // A reply no mapping foresaw (a Retry-After of control characters once threw here): typed.
      dropIdleConnections();
      return new TokenReply.Refused(unexpected(e), null, false);
    }
  }

  /**
   * Closes the pooled connections after a reply that was not what it claimed to be. A server that
   * sent more bytes than its Content-Length said left them on the connection it was read from: the
   * next request would read them as its status line (and quote them). HTTP/1.1 can't tell where
   * such a reply really ended, so no connection that carried one is used again; token requests are
   * rare, and a new connection costs one handshake.
   */
  private void dropIdleConnections() {
    client.connectionPool().evictAll();
  }

  @Override
  public void revoke(ClientCredentials client, Secret token) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(token, "token");
    if (closed) {
      throw closedError();
    }
    HttpReply reply;
    try {
      reply =
          execute(
              api.revoke(client.id().value(), client.secret().value().reveal(), token.reveal()));
    } catch (BodyTooLargeException e) {
      throw tooLarge(e);
    } catch (IOException e) {
      throw noReply(e);
    } catch (RuntimeException e) {
      dropIdleConnections();
      throw unexpected(e);
    }
    if (!reply.isSuccessful()) {
      throw error(reply, false);
    }
  }

  /** Cancels calls in flight and closes pooled connections; later calls fail typed. Idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      client.dispatcher().cancelAll();
      client.connectionPool().evictAll();
    }
  }

  // ---- one HTTP exchange ----

  /** A reply with its body fully read (it is under the size cap). */
  private record HttpReply(int status, Headers headers, MediaType contentType, byte[] body) {
    boolean isSuccessful() {
      return status >= 200 && status < 300;
    }

    Instant date() {
      return headers.getInstant("Date");
    }
  }

  /** Runs the call; logs method, path, status and latency only (never the form or a header). */
  private HttpReply execute(Call<ResponseBody> call) throws IOException {
    long start = System.nanoTime();
    String path = call.request().url().encodedPath();
    try {
      Response<ResponseBody> response = call.execute();
      ResponseBody body = response.isSuccessful() ? response.body() : response.errorBody();
      byte[] bytes = body == null ? new byte[0] : body.bytes();
      MediaType type = body == null ? null : body.contentType();
      log.debug("POST {} -> {} in {} ms", path, response.code(), millisSince(start));
      return new HttpReply(response.code(), response.headers(), type, bytes);
    } catch (IOException | RuntimeException e) {
      logFailure(path, start, e);
      throw e;
    } catch (Exception e) {
      // OkHttp 5 can let a checked InterruptedException out of execute() (Kotlin throws it
      // undeclared) while waiting for a connection; it clears the interrupt flag on the way.
      logFailure(path, start, e);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      InterruptedIOException io = new InterruptedIOException("interrupted");
      io.initCause(e);
      throw io;
    }
  }

  private static void logFailure(String path, long startNanos, Exception e) {
    log.debug(
        "POST {} failed after {} ms ({})",
        path,
        millisSince(startNanos),
        e.getClass().getSimpleName());
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  // ---- replies and failures to typed errors ----

  private AuthException error(HttpReply reply, boolean tokenExchange) {
    int status = reply.status();
    Duration retryAfter = retryAfter(reply.headers(), reply.date());
    TokenJson.BoxError box = TokenJson.boxError(reply.body());
    if (box != null) {
      return BoxErrors.classify(status, box.error(), box.description(), retryAfter);
    }
    // No Box error body: not trusted to have ended where its Content-Length said.
    dropIdleConnections();
    // A 429 is a rate limit whatever its body; a 401 to a token exchange is Box refusing the
    // subject token (its body is not documented).
    if (status == 429 || (status == 401 && tokenExchange)) {
      return BoxErrors.classify(status, null, null, retryAfter);
    }
    String shape = TokenJson.describe(reply.body(), reply.contentType());
    if (status >= 500) {
      return new EndpointUnavailableException(
          status, "HTTP " + status + " with " + shape, true, null);
    }
    if (status >= 300 && status < 400) {
      return new EndpointUnavailableException(
          status,
          "HTTP "
              + status
              + " redirect, not followed: token requests must go straight to the token endpoint",
          false,
          null);
    }
    if (status == 407) {
      return new EndpointUnavailableException(
          status, "HTTP 407 from the proxy: it wants (other) proxy credentials", false, null);
    }
    return new EndpointUnavailableException(
        status,
        "HTTP " + status + " with " + shape + ", which is not a reply of Box's token endpoint",
        status == 408,
        null);
  }

  private static boolean isUntrustedCertificate(IOException e) {
    if (!(e instanceof SSLHandshakeException)) {
      return false;
    }
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof CertificateException || t instanceof CertPathBuilderException) {
        return true;
      }
    }
    return false;
  }

  /**
   * The typed error for a request that got no usable reply. Network exceptions are described, never
   * quoted: their messages can hold what the server sent (OkHttp's "Unexpected status line: ..."
   * quotes it, Okio's line reader prints it in hex). Only exceptions whose text the JVM writes
   * itself (timeouts, TLS, a refused connect) are kept as the cause.
   */
  private EndpointUnavailableException noReply(IOException e) {
    dropIdleConnections();
    if (Thread.currentThread().isInterrupted()) {
      return new EndpointUnavailableException(
          0,
          "the request was interrupted (" + e.getClass().getSimpleName() + ")",
          true,
          keptCause(e));
    }
    if (e instanceof InterruptedIOException) {
      return new EndpointUnavailableException(
          0,
          "no reply in time ("
              + e.getClass().getSimpleName()
              + "; timeouts: connect "
              + config.connectTimeout().toMillis()
              + " ms, read "
              + config.readTimeout().toMillis()
              + " ms, call "
              + config.callTimeout().toMillis()
              + " ms)",
          true,
          keptCause(e));
    }
    if (e instanceof SSLPeerUnverifiedException || isUntrustedCertificate(e)) {
      // Not temporary: retrying can't make the certificate trusted.
      return new EndpointUnavailableException(
          0,
          "the server's TLS certificate is not trusted ("
              + config.baseUrl().getHost()
              + "): trust its CA with HttpTransportConfig.trustStore(...), or look for a"
              + " TLS-intercepting proxy",
          false,
          keptCause(e));
    }
    return new EndpointUnavailableException(
        0, "no reply (" + describe(e) + ")", true, keptCause(e));
  }

  /** What happened, in the transport's words. */
  private String describe(IOException e) {
    if (e instanceof ConnectException) {
      return "connection refused by " + config.baseUrl().getHost();
    }
    if (e instanceof UnknownHostException) {
      return "unknown host " + config.baseUrl().getHost();
    }
    if (e instanceof NoRouteToHostException) {
      return "no route to " + config.baseUrl().getHost();
    }
    if (e instanceof SSLException) {
      return "the TLS handshake or session failed (" + e.getClass().getSimpleName() + ")";
    }
    if (e instanceof ProtocolException || e instanceof EOFException) {
      return "the connection closed early or the reply was not HTTP ("
          + e.getClass().getSimpleName()
          + ")";
    }
    if (e instanceof SocketException) {
      String message = String.valueOf(e.getMessage());
      return message.contains("reset")
          ? "connection reset"
          : message.contains("closed") || message.contains("Broken pipe")
              ? "connection closed"
              : "network error (" + e.getClass().getSimpleName() + ")";
    }
    return "network error (" + e.getClass().getSimpleName() + ")";
  }

  /** {@code e} if its type's message is the JVM's own words, else null. */
  private static Throwable keptCause(IOException e) {
    Class<?> type = e.getClass();
    boolean jvmWords =
        type == SocketTimeoutException.class
            || type == InterruptedIOException.class
            || type == ConnectException.class
            || type == UnknownHostException.class
            || type == NoRouteToHostException.class
            || e instanceof SSLException;
    return jvmWords ? e : null;
  }

  private AuthException tooLarge(BodyTooLargeException e) {
    int status = e.status();
    if (status == 429) {
      return BoxErrors.classify(status, null, null, retryAfter(e.headers(), e.serverDate()));
    }
    dropIdleConnections();
    return new EndpointUnavailableException(
        status, e.getMessage() + "; not read further", status >= 500, null);
  }

  private Duration retryAfter(Headers headers, Instant serverDate) {
    return BoxErrors.parseRetryAfter(
        headers.get("Retry-After"), serverDate != null ? serverDate : clock.instant());
  }

  private static EndpointUnavailableException unexpected(RuntimeException e) {
    // Not kept: a parser or HTTP library exception may quote the reply.
    return new EndpointUnavailableException(
        0, "the HTTP client failed unexpectedly with " + e.getClass().getName(), false, null);
  }

  private static EndpointUnavailableException closedError() {
    return new EndpointUnavailableException(
        0, "the HTTP transport is closed (its BoxAuth or injector was shut down)", false, null);
  }
}
