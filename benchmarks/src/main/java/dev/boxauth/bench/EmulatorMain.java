package dev.boxauth.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.boxauth.testkit.BoxEmulator;
import dev.boxauth.testkit.BoxEmulator.GrantType;
import dev.boxauth.testkit.BoxEmulator.Outcome;
import dev.boxauth.testkit.EmulatedApp;
import dev.boxauth.testkit.EmulatedApp.KeyEncryption;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The one emulator process of a comparison run ({@code benchmarks/compare.sh}): an HTTPS {@link
 * BoxEmulator} (the Box SDK refuses plain HTTP) with one JWT app, that every client JVM, boxauth's
 * and the Box SDK's, talks to.
 *
 * <p>Usage: {@code EmulatorMain DIR}. Writes to {@code DIR}: {@value #CONFIG} (the app's config
 * JSON, key in the console's DES-EDE3 form), {@value #TRUST_STORE} (PKCS#12, password {@value
 * #TRUST_STORE_PASSWORD}: only the emulator's self-signed certificate), {@value #PROPERTIES}
 * ({@code baseUrl}, {@code adminUrl}, trust store) and last an empty {@code ready} file. Then
 * serves a loopback admin endpoint until {@code /shutdown}:
 *
 * <ul>
 *   <li>{@code /reset}: clears faults, skew and counters;
 *   <li>{@code /skew?seconds=N}: the server's clock N seconds ahead (negative: behind);
 *   <li>{@code /rate-limit?n=N&retryAfter=S}: the next N token requests get 429, Retry-After S;
 *   <li>{@code /reject-api?n=N}: the next N API calls revoke their token and get 401;
 *   <li>{@code /counters?client=C&scenario=S}: one JSON line with the token requests and their
 *       outcomes, and the API calls, since the last reset, labelled C and S;
 *   <li>{@code /shutdown}: stops the emulator and exits.
 * </ul>
 */
public final class EmulatorMain {
  static final String CONFIG = "config.json";
  static final String TRUST_STORE = "truststore.p12";
  static final String TRUST_STORE_PASSWORD = "changeit";
  static final String PROPERTIES = "emulator.properties";

  private EmulatorMain() {}

  /**
   * Starts the emulator and its admin endpoint; returns after {@code /shutdown}.
   *
   * @param args the directory to write to
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: EmulatorMain DIR");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    Files.createDirectories(dir);
    try (BoxEmulator emulator = BoxEmulator.startTls()) {
      EmulatedApp app = emulator.newJwtApp();
      Files.writeString(dir.resolve(CONFIG), app.configJson(KeyEncryption.DES_EDE3_CBC));
      writeTrustStore(emulator.trustStore(), dir.resolve(TRUST_STORE));

      CountDownLatch stop = new CountDownLatch(1);
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
      server.createContext("/", exchange -> handle(exchange, emulator, stop));
      server.start();

      String props =
          "baseUrl="
              + emulator.baseUrl()
              + "\nadminUrl=http://127.0.0.1:"
              + server.getAddress().getPort()
              + "\ntrustStore="
              + dir.resolve(TRUST_STORE).toAbsolutePath()
              + "\ntrustStorePassword="
              + TRUST_STORE_PASSWORD
              + "\n";
      Files.writeString(dir.resolve(PROPERTIES), props);
      Files.writeString(dir.resolve("ready"), "");
      stop.await();
      server.stop(0);
    }
  }

  private static void writeTrustStore(KeyStore store, Path file)
      throws IOException, GeneralSecurityException {
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, TRUST_STORE_PASSWORD.toCharArray());
    }
  }

  private static void handle(HttpExchange exchange, BoxEmulator emulator, CountDownLatch stop)
      throws IOException {
    Map<String, String> q = query(exchange.getRequestURI().getRawQuery());
    String path = exchange.getRequestURI().getPath();
    String body;
    int status = 200;
    try {
      switch (path) {
        case "/reset" -> {
          emulator.reset();
          body = "ok";
        }
        case "/skew" -> {
          emulator.clock().skew(Duration.ofSeconds(Long.parseLong(q.get("seconds"))));
          body = "ok";
        }
        case "/rate-limit" -> {
          emulator
              .faults()
              .rateLimitNext(
                  Integer.parseInt(q.get("n")),
                  Duration.ofSeconds(Long.parseLong(q.get("retryAfter"))));
          body = "ok";
        }
        case "/reject-api" -> {
          emulator.faults().rejectNextApiCalls(Integer.parseInt(q.get("n")));
          body = "ok";
        }
        case "/counters" -> body = counters(emulator, q).toString();
        case "/shutdown" -> {
          body = "bye";
          stop.countDown();
        }
        default -> {
          status = 404;
          body = "no such admin command: " + path;
        }
      }
    } catch (RuntimeException e) {
      status = 400;
      body = e.toString();
    }
    byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** The counters as one labelled JSON line. */
  static JsonLine counters(BoxEmulator emulator, Map<String, String> q) {
    JsonLine line =
        JsonLine.of(q.getOrDefault("client", "?"), q.getOrDefault("scenario", "?"))
            .put("source", "emulator")
            .put("requests", emulator.tokenRequests())
            .put("apiRequests", emulator.apiRequests());
    for (Outcome o : Outcome.values()) {
      long n = 0;
      for (GrantType g : GrantType.values()) {
        n += emulator.tokenRequests(g, o);
      }
      line.put(o.name().toLowerCase(java.util.Locale.ROOT), n);
    }
    return line;
  }

  static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(
          URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }
}
