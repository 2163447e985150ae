package dev.boxauth.http;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.Okio;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A head start for the HTTP transport: makes its OkHttp client on another thread and opens the
 * connection to the token endpoint (TCP, TLS and, through an HTTP proxy, the tunnel) while the
 * caller does the rest of its start-up. In a fresh JVM both are cold work (OkHttp, Kotlin and the
 * TLS stack are loaded and initialised); on a real network the handshake also costs two or three
 * round trips that the first token request then does not pay.
 *
 * <p>The connection is opened by a {@code GET /oauth2/token}: no credential, nothing that Box acts
 * on (the endpoint takes POST only; its refusal is read to the end, under the body cap, so the
 * connection can be reused; a GET rather than a HEAD, because a server that wrongly puts a body on
 * a HEAD reply would leave it in the connection for the next request to trip on). Its outcome is
 * ignored (logged at DEBUG): an endpoint that can't be reached or whose certificate is not trusted
 * is reported by the first real request, exactly as without the warm-up. Requests made while the
 * warm-up runs wait for it to end (at most the connect timeout), so that they reuse its connection.
 * With {@link HttpTransportConfig#connectionWarmUp()} off it makes the client and sends nothing.
 *
 * <pre>{@code
 * HttpWarmUp warmUp = HttpWarmUp.start(config, executor);   // returns at once
 * Injector injector = Guice.createInjector(warmUp.module(), ...);
 * // ... on shutdown: close the transport as usual, then warmUp.close()
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} cancels a warm-up still in flight and releases the client's
 * connections; it matters when the module's transport was never made (another module overrode it)
 * or is closed already, and is harmless otherwise.
 */
public final class HttpWarmUp implements AutoCloseable {
  private final HttpTransportConfig config;
  private final WarmUpGate gate;
  private final CompletableFuture<OkHttpClient> client = new CompletableFuture<>();
  private volatile boolean closed;

  private HttpWarmUp(HttpTransportConfig config) {
    this.config = config;
    this.gate = new WarmUpGate(config.connectTimeout());
  }

  /**
   * Starts the warm-up: one task given to {@code executor} makes the client, then opens its
   * connection, and ends.
   *
   * @param config the same settings the transport is to use
   */
  public static HttpWarmUp start(HttpTransportConfig config, Executor executor) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(executor, "executor");
    HttpWarmUp warmUp = new HttpWarmUp(config);
    executor.execute(warmUp::run);
    return warmUp;
  }

  /**
   * The transport module for this warm-up's settings, whose transport uses the warmed client: the
   * same bindings as {@code new HttpTransportModule(config)}. Making its transport waits until the
   * client exists (not for the connection), and fails as that module's would, e.g. with the same
   * {@code ConfigurationException} for a trust store no TLS context can be made from.
   */
  public HttpTransportModule module() {
    return new HttpTransportModule(config, this::client);
  }

  /** Cancels a warm-up in flight and closes the client's pooled connections. Idempotent. */
  @Override
  public void close() {
    closed = true;
    OkHttpClient made = client.getNow(null);
    if (made != null) {
      release(made);
    }
  }

  /** The client, once made; what the task threw, if it failed. */
  OkHttpClient client() {
    try {
      return client.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  private void run() {
    OkHttpClient made;
    try {
      made = RetrofitTokenTransport.newClient(config, gate);
    } catch (RuntimeException | Error e) {
      gate.open();
      client.completeExceptionally(e);
      return;
    }
    client.complete(made);
    try {
      if (!closed && config.connectionWarmUp()) {
        connect(made);
      }
    } finally {
      gate.open();
      if (closed) {
        release(made); // closed while connecting: drop what the warm-up may have pooled
      }
    }
  }

  private void connect(OkHttpClient made) {
    Request get =
        new Request.Builder()
            .url(config.baseUrl() + "/oauth2/token")
            .tag(WarmUpGate.class, gate)
            .build();
    long start = System.nanoTime();
    // Got here, on the warm-up's thread, rather than in a static field: the logging back end's
    // start-up (slf4j finds and starts it on first use) is cold work too.
    Logger log = LoggerFactory.getLogger(HttpWarmUp.class);
    try (Response response = made.newCall(get).execute()) {
      response.body().source().readAll(Okio.blackhole());
      // The token reply's Date is read the same way: its parser (java.text) is cold work too.
      response.headers().getInstant("Date");
      log.debug(
          "GET /oauth2/token -> {} in {} ms (connection warm-up)",
          response.code(),
          millisSince(start));
    } catch (Exception e) {
      // OkHttp may throw Kotlin's undeclared InterruptedException too; nothing here is reported.
      log.debug(
          "GET /oauth2/token failed after {} ms ({}): the first request connects itself",
          millisSince(start),
          e.getClass().getSimpleName());
    }
  }

  private static void release(OkHttpClient made) {
    made.dispatcher().cancelAll();
    made.connectionPool().evictAll();
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}
