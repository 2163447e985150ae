package dev.boxauth.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.boxauth.port.TokenTransport;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** A MockWebServer playing Box's token endpoint, and a transport wired to it through Guice. */
final class MockBox implements AutoCloseable {
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  final MockWebServer server = new MockWebServer();
  final Injector injector;
  final TokenTransport transport;

  MockBox(Clock clock) throws IOException {
    this(clock, b -> b);
  }

  MockBox(Clock clock, UnaryOperator<HttpTransportConfig.Builder> config) throws IOException {
    server.start();
    HttpTransportConfig cfg =
        config.apply(HttpTransportConfig.builder().baseUrl(baseUrl(server))).build();
    injector = injector(cfg, clock);
    transport = injector.getInstance(TokenTransport.class);
  }

  /** An injector holding the HTTP module with {@code config} and the clock it needs. */
  static Injector injector(HttpTransportConfig config, Clock clock) {
    return Guice.createInjector(
        new HttpTransportModule(config), binder -> binder.bind(Clock.class).toInstance(clock));
  }

  /** A transport with {@code config}; the caller closes it. */
  static TokenTransport transport(HttpTransportConfig config, Clock clock) {
    return injector(config, clock).getInstance(TokenTransport.class);
  }

  /** The server's URL, e.g. {@code http://127.0.0.1:53127}. */
  static URI baseUrl(MockWebServer server) {
    return URI.create("http://127.0.0.1:" + server.getPort());
  }

  void enqueue(MockResponse.Builder response) {
    server.enqueue(response.build());
  }

  RecordedRequest take() throws InterruptedException {
    RecordedRequest r = server.takeRequest(10, TimeUnit.SECONDS);
    assertThat(r).as("a request reached the server").isNotNull();
    return r;
  }

  static String httpDate(Instant t) {
    return HTTP_DATE.format(t);
  }

  static MockResponse.Builder json(int status, String body) {
    return new MockResponse.Builder()
        .code(status)
        .setHeader("Content-Type", "application/json")
        .body(body);
  }

  static MockResponse.Builder token(String value, long expiresIn) {
    return json(
        200,
        "{\"access_token\":\""
            + value
            + "\",\"expires_in\":"
            + expiresIn
            + ",\"restricted_to\":[],\"token_type\":\"bearer\"}");
  }

  static MockResponse.Builder boxError(int status, String error, String description) {
    return json(
            status,
            "{\"error\":\""
                + error
                + "\",\"error_description\":\""
                + description.replace("\"", "\\\"")
                + "\"}")
        .setHeader("Cache-Control", "no-store");
  }

  /** The recorded request's form fields, decoded, in order. */
  static Map<String, String> form(RecordedRequest request) {
    Map<String, String> out = new LinkedHashMap<>();
    String body = request.getBody() == null ? "" : request.getBody().utf8();
    if (body.isEmpty()) {
      return out;
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      assertThat(out.put(name, value)).as("field %s sent once", name).isNull();
    }
    return out;
  }

  @Override
  public void close() {
    try {
      ((AutoCloseable) transport).close();
    } catch (Exception e) {
      throw new IllegalStateException("closing the transport failed", e);
    } finally {
      server.close();
    }
  }
}
