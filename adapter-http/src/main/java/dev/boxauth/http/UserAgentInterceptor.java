package dev.boxauth.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import okhttp3.Interceptor;
import okhttp3.Response;

/** Sets {@code User-Agent: boxauth/<version> java/<java.version>} on every request. */
final class UserAgentInterceptor implements Interceptor {
  private final String userAgent;

  UserAgentInterceptor() {
    this.userAgent = userAgent();
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    return chain.proceed(chain.request().newBuilder().header("User-Agent", userAgent).build());
  }

  static String userAgent() {
    return "boxauth/" + token(version()) + " java/" + token(System.getProperty("java.version"));
  }

  /**
   * The jar manifest's Implementation-Version; else the version Maven filtered into
   * boxauth-http.properties (which is what a test run from target/classes sees); else "dev".
   */
  static String version() {
    String fromManifest = UserAgentInterceptor.class.getPackage().getImplementationVersion();
    if (fromManifest != null && !fromManifest.isBlank()) {
      return fromManifest;
    }
    try (InputStream in =
        UserAgentInterceptor.class.getResourceAsStream("boxauth-http.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version", "");
        if (!v.isBlank() && !v.contains("${")) {
          return v.trim();
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      // Fall through: the version is a courtesy to Box, never a reason to fail.
    }
    return "dev";
  }

  /** Only characters a header value and a product token may hold. */
  private static String token(String s) {
    if (s == null || s.isBlank()) {
      return "unknown";
    }
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(c > ' ' && c < 0x7f && c != '/' && c != '(' && c != ')' ? c : '_');
    }
    return b.toString();
  }
}
