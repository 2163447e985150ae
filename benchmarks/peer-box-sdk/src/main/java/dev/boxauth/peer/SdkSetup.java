package dev.boxauth.peer;

import com.box.sdk.BoxConfig;
import com.box.sdk.BoxDeveloperEditionAPIConnection;
import com.box.sdk.DeveloperEditionEntityType;
import com.box.sdk.IAccessTokenCache;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * How the Box SDK is pointed at the shared emulator process: the app's config JSON read with {@link
 * BoxConfig#readFrom(Reader)}, then exactly what {@code
 * BoxDeveloperEditionAPIConnection.getAppEnterpriseConnection(config[, cache])} does, except that
 * the base URL is set before the first request (that factory authenticates against api.box.com at
 * once). The SDK only speaks HTTPS ({@code ConnectionSpec.MODERN_TLS}); it trusts the emulator's
 * self-signed certificate through the JVM's default trust store properties.
 */
final class SdkSetup {
  final Path dir;
  final String baseUrl;
  final Properties properties;

  private SdkSetup(Path dir, Properties properties) {
    this.dir = dir;
    this.properties = properties;
    this.baseUrl = properties.getProperty("baseUrl");
  }

  /**
   * The emulator directory from the argument, or the system property {@code bench.emulator.dir}.
   */
  static SdkSetup of(String dir) {
    String d = dir != null ? dir : System.getProperty("bench.emulator.dir");
    if (d == null) {
      throw new IllegalStateException("no emulator directory: set -Dbench.emulator.dir");
    }
    Path path = Path.of(d);
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(path.resolve("emulator.properties"))) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (System.getProperty("javax.net.ssl.trustStore") == null) {
      System.setProperty("javax.net.ssl.trustStore", p.getProperty("trustStore"));
      System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
      System.setProperty("javax.net.ssl.trustStorePassword", p.getProperty("trustStorePassword"));
    }
    return new SdkSetup(path, p);
  }

  /** The config file, read the SDK's way. */
  BoxConfig config() {
    try (Reader reader =
        Files.newBufferedReader(dir.resolve("config.json"), StandardCharsets.UTF_8)) {
      return BoxConfig.readFrom(reader);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new enterprise connection that has not asked for a token yet. */
  BoxDeveloperEditionAPIConnection connection(BoxConfig config, IAccessTokenCache cache) {
    BoxDeveloperEditionAPIConnection api =
        new BoxDeveloperEditionAPIConnection(
            config.getEnterpriseId(), DeveloperEditionEntityType.ENTERPRISE, config, cache);
    api.setBaseURL(baseUrl + "/");
    return api;
  }
}
