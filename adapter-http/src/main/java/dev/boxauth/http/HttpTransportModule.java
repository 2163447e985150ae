package dev.boxauth.http;

import com.google.inject.PrivateModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.boxauth.port.TokenTransport;
import java.util.Objects;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;

/**
 * Binds {@link TokenTransport} to Box's token endpoint over HTTPS (Retrofit, OkHttp, Moshi). Only
 * {@code TokenTransport} is exposed; the OkHttp client, Retrofit and the JSON reading stay private
 * to this module, so they never clash with the user's own bindings.
 *
 * <p>To make the OkHttp client and open its connection to the token endpoint on another thread
 * while the injector is being built, use {@code HttpWarmUp.start(config, executor).module()}.
 *
 * <p><b>Needs from outside:</b> a {@link java.time.Clock} binding (the local clock that stamps each
 * token's issue time; {@code Clock.systemUTC()} in production).
 *
 * <p><b>Closing:</b> the bound transport is a singleton that owns one OkHttp connection pool and
 * implements {@link AutoCloseable}. Whoever owns the injector releases it with {@code if
 * (injector.getInstance(TokenTransport.class) instanceof AutoCloseable c) c.close();} ({@code
 * BoxAuth.close()} does this). After {@code close()}, requests fail with a typed {@code
 * EndpointUnavailableException}.
 *
 * <p>What the transport does: {@code POST {baseUrl}/oauth2/token} for JWT bearer (RFC 7523 §2.1),
 * client credentials (RFC 6749 §4.4) and token exchange (RFC 8693 §2.1), {@code POST
 * {baseUrl}/oauth2/revoke} (RFC 7009 §2.1); one attempt per call (no redirects followed, no silent
 * re-sends); every reply mapped to a token or a typed error; each exchange logged at DEBUG with
 * method, path, status and latency only (never a form field, header or token).
 */
public final class HttpTransportModule extends PrivateModule {
  private final HttpTransportConfig config;
  private final Supplier<OkHttpClient> client;

  /** Box's production endpoint with default timeouts and limits. */
  public HttpTransportModule() {
    this(HttpTransportConfig.defaults());
  }

  /**
   * @param config the base URL, timeouts, proxy and body cap
   */
  public HttpTransportModule(HttpTransportConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.client = () -> RetrofitTokenTransport.newClient(config, null);
  }

  /** With a client made elsewhere for {@code config} ({@link HttpWarmUp}). */
  HttpTransportModule(HttpTransportConfig config, Supplier<OkHttpClient> client) {
    this.config = config;
    this.client = client;
  }

  @Override
  protected void configure() {
    bind(HttpTransportConfig.class).annotatedWith(TransportInternal.class).toInstance(config);
    bind(TokenTransport.class).to(RetrofitTokenTransport.class);
    bind(RetrofitTokenTransport.class).in(Singleton.class);
    expose(TokenTransport.class);
  }

  @Provides
  @Singleton
  @TransportInternal
  OkHttpClient okHttpClient() {
    return client.get();
  }
}
