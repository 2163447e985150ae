package dev.boxauth.bench;

import dev.boxauth.BoxAuth;
import dev.boxauth.testkit.BoxEmulator;
import dev.boxauth.testkit.EmulatedApp;
import dev.boxauth.testkit.EmulatedApp.KeyEncryption;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The token endpoint a benchmark talks to: the shared emulator process that {@code compare.sh}
 * starts ({@link EmulatorMain}, HTTPS, found through the system property {@value #DIR_PROPERTY}),
 * or else an emulator started in this JVM (plain HTTP on loopback). Either way one registered JWT
 * app whose config JSON holds its key in the Box console's format (PBES2, PBKDF2-HMAC-SHA1 2048
 * iterations, DES-EDE3-CBC). Thread-safe.
 */
final class EmulatorTarget implements AutoCloseable {
  /** The directory {@link EmulatorMain} wrote; unset for an emulator in this JVM. */
  static final String DIR_PROPERTY = "bench.emulator.dir";

  private static final Pattern TOKEN_REQUESTS = Pattern.compile("\"requests\":(\\d+)");

  private final BoxEmulator local;
  private final URI baseUrl;
  private final URI adminUrl;
  private final String configJson;
  private final HttpClient admin;

  private EmulatorTarget(BoxEmulator local, URI baseUrl, URI adminUrl, String configJson) {
    this.local = local;
    this.baseUrl = baseUrl;
    this.adminUrl = adminUrl;
    this.configJson = configJson;
    this.admin = adminUrl == null ? null : HttpClient.newHttpClient();
  }

  /** The shared emulator if {@value #DIR_PROPERTY} is set, else a new one in this JVM. */
  static EmulatorTarget open() {
    String dir = System.getProperty(DIR_PROPERTY);
    return dir == null || dir.isBlank() ? inProcess() : external(Path.of(dir));
  }

  /** A new plain-HTTP emulator in this JVM with one JWT app. */
  static EmulatorTarget inProcess() {
    BoxEmulator emulator = BoxEmulator.start();
    EmulatedApp app = emulator.newJwtApp();
    return new EmulatorTarget(
        emulator, emulator.baseUrl(), null, app.configJson(KeyEncryption.DES_EDE3_CBC));
  }

  /**
   * The emulator process that wrote {@code dir}. Trusts its certificate through the JVM's default
   * trust store properties unless they are set already (as {@code compare.sh} sets them).
   */
  static EmulatorTarget external(Path dir) {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(dir.resolve(EmulatorMain.PROPERTIES))) {
      p.load(in);
      String config = Files.readString(dir.resolve(EmulatorMain.CONFIG), StandardCharsets.UTF_8);
      if (System.getProperty("javax.net.ssl.trustStore") == null) {
        System.setProperty("javax.net.ssl.trustStore", p.getProperty("trustStore"));
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        System.setProperty("javax.net.ssl.trustStorePassword", p.getProperty("trustStorePassword"));
      }
      return new EmulatorTarget(
          null,
          URI.create(p.getProperty("baseUrl")),
          URI.create(p.getProperty("adminUrl")),
          config);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the emulator directory " + dir, e);
    }
  }

  URI baseUrl() {
    return baseUrl;
  }

  String configJson() {
    return configJson;
  }

  /** A new {@link BoxAuth} for the app, with its own empty cache and HTTP client. */
  BoxAuth newBoxAuth() {
    return BoxAuth.builder().configJson(configJson).baseUrl(baseUrl).build();
  }

  /** Token-endpoint requests the emulator has counted since it started or was last reset. */
  long tokenRequests() {
    if (local != null) {
      return local.tokenRequests();
    }
    String body = adminGet("/counters?client=bench&scenario=read");
    Matcher m = TOKEN_REQUESTS.matcher(body);
    if (!m.find()) {
      throw new IllegalStateException("the emulator's counters have no request count: " + body);
    }
    return Long.parseLong(m.group(1));
  }

  /** "in-process http" or "shared process https". */
  String describe() {
    return local != null ? "in-process http" : "shared process https";
  }

  private String adminGet(String pathAndQuery) {
    try {
      HttpResponse<String> r =
          admin.send(
              HttpRequest.newBuilder(URI.create(adminUrl + pathAndQuery)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("emulator admin " + pathAndQuery + ": " + r.statusCode());
      }
      return r.body();
    } catch (IOException e) {
      throw new UncheckedIOException("emulator admin " + pathAndQuery, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    if (local != null) {
      local.close();
    }
  }
}
