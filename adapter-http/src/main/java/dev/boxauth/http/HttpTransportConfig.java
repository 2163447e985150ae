package dev.boxauth.http;

import dev.boxauth.domain.ConfigurationException;
import dev.boxauth.domain.QuotedText;
import dev.boxauth.domain.Secret;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * How the HTTP transport reaches Box's token endpoint. Immutable and validated on construction:
 * every bad value is a {@link ConfigurationException} naming the field.
 *
 * <p>Start from {@link #defaults()} or {@link #builder()}.
 *
 * @param baseUrl where {@code /oauth2/token} and {@code /oauth2/revoke} live, stored without a
 *     trailing slash; {@code https://} always, {@code http://} only for a loopback host (an
 *     emulator on 127.0.0.0/8, ::1 or localhost), since the form carries the client secret
 * @param connectTimeout the most a TCP (and TLS) connect may take
 * @param readTimeout the most the server may stay silent while a reply is read (also the write
 *     timeout)
 * @param callTimeout the most one request may take from start to last byte
 * @param maxBodyBytes the largest reply body read; a bigger reply is a typed error, read no further
 * @param proxy the proxy to go through, {@link Proxy#NO_PROXY} for none
 * @param proxyCredentials the user and password an HTTP proxy asks for, or {@code null} for none
 * @param trustStore the certificates to trust for HTTPS instead of the JVM's default ones (a
 *     corporate CA, or {@code BoxEmulator.trustStore()}), or {@code null} for the default
 * @param connectionWarmUp whether {@code BoxAuth}'s {@code build()} opens the connection to the
 *     token endpoint ahead of the first token, with a {@code GET /oauth2/token} that carries no
 *     credential ({@link HttpWarmUp}); default true. Off, the first token request opens it.
 */
public record HttpTransportConfig(
    URI baseUrl,
    Duration connectTimeout,
    Duration readTimeout,
    Duration callTimeout,
    long maxBodyBytes,
    Proxy proxy,
    ProxyCredentials proxyCredentials,
    KeyStore trustStore,
    boolean connectionWarmUp) {

  /** Box's API host. */
  public static final URI DEFAULT_BASE_URL = URI.create("https://api.box.com");

  /** 5 seconds. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** 10 seconds. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);

  /** 20 seconds: under the token service's default 30-second deadline. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(20);

  /** 64 KiB: a token reply is a few hundred bytes, a heavily downscoped one a few KiB. */
  public static final long DEFAULT_MAX_BODY_BYTES = 64 * 1024;

  private static final long MIN_BODY_BYTES = 1024;
  private static final long MAX_BODY_BYTES = 16 * 1024 * 1024;
  private static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);
  private static final Pattern PLAIN_HOST = Pattern.compile("[A-Za-z0-9.-]+");
  private static final Pattern IPV4_LOOPBACK =
      Pattern.compile("127\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){2}");

  /** Validates every field and drops trailing slashes from {@code baseUrl}. */
  public HttpTransportConfig {
    baseUrl = checkBaseUrl(Objects.requireNonNull(baseUrl, "baseUrl"));
    checkTimeout(connectTimeout, "connectTimeout");
    checkTimeout(readTimeout, "readTimeout");
    checkTimeout(callTimeout, "callTimeout");
    if (maxBodyBytes < MIN_BODY_BYTES || maxBodyBytes > MAX_BODY_BYTES) {
      throw new ConfigurationException(
          "maxBodyBytes",
          "must be between " + MIN_BODY_BYTES + " and " + MAX_BODY_BYTES + ", got " + maxBodyBytes,
          "keep the default of " + DEFAULT_MAX_BODY_BYTES + " unless replies are really cut off");
    }
    Objects.requireNonNull(proxy, "proxy");
    if (proxyCredentials != null && proxy.type() != Proxy.Type.HTTP) {
      throw new ConfigurationException(
          "proxyCredentials",
          proxy.type() == Proxy.Type.DIRECT
              ? "given without a proxy"
              : "only an HTTP proxy can be given credentials, not a " + proxy.type() + " proxy",
          "set an HTTP proxy with the credentials, or drop them");
    }
    if (trustStore != null) {
      trustManager(trustStore); // fails here, with the field named, rather than at first use
    }
  }

  /** The trust manager for {@code trustStore}'s certificates. */
  static X509TrustManager trustManager(KeyStore trustStore) {
    try {
      if (trustStore.size() == 0) {
        throw new ConfigurationException(
            "trustStore", "holds no certificate", "load the CA or server certificate into it");
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trustStore);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509TrustManager x509) {
          return x509;
        }
      }
      throw new ConfigurationException(
          "trustStore", "yields no X.509 trust manager", "pass a store of X.509 certificates");
    } catch (GeneralSecurityException e) {
      throw new ConfigurationException(
          "trustStore",
          "can't be used (" + e.getClass().getSimpleName() + ")",
          "pass a loaded KeyStore holding the certificates to trust",
          e);
    }
  }

  /** Box's host, default timeouts and body cap, no proxy. */
  public static HttpTransportConfig defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.baseUrl = baseUrl;
    b.connectTimeout = connectTimeout;
    b.readTimeout = readTimeout;
    b.callTimeout = callTimeout;
    b.maxBodyBytes = maxBodyBytes;
    b.proxy = proxy;
    b.proxyCredentials = proxyCredentials;
    b.trustStore = trustStore;
    b.connectionWarmUp = connectionWarmUp;
    return b;
  }

  /**
   * True for 127.0.0.0/8, ::1 and localhost: the only hosts plain {@code http://} may go to.
   * Decided from the text alone, without a DNS lookup.
   */
  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.equals("localhost")
        || h.equals("::1")
        || h.equals("0:0:0:0:0:0:0:1")
        || IPV4_LOOPBACK.matcher(h).matches();
  }

  private static URI checkBaseUrl(URI url) {
    String fix = "use https://api.box.com, or http://127.0.0.1:<port> for a local emulator";
    if (url.getRawUserInfo() != null) {
      // Not echoed: user info may be a password.
      throw new ConfigurationException(
          "baseUrl", "must not contain user info (user:password@)", fix);
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!url.isAbsolute()
        || url.isOpaque()
        || url.getHost() == null
        || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new ConfigurationException(
          "baseUrl", "must be an absolute http(s) URL with a host" + shown(url), fix);
    }
    if (url.getRawQuery() != null || url.getRawFragment() != null) {
      throw new ConfigurationException(
          "baseUrl", "must not have a query or fragment (" + url.getHost() + ")", fix);
    }
    if (scheme.equals("http") && !isLoopback(url.getHost())) {
      throw new ConfigurationException(
          "baseUrl",
          "plain http:// to "
              + url.getHost()
              + " is refused: the client secret and tokens would cross the network unencrypted",
          "use https://, or http:// only to a loopback host (127.0.0.1, ::1, localhost)");
    }
    String s = url.toString();
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '/') {
      end--;
    }
    URI trimmed = URI.create(s.substring(0, end));
    if (!isPlainHostAndPort(trimmed) && okhttp3.HttpUrl.parse(trimmed + "/") == null) {
      throw new ConfigurationException("baseUrl", "is not a usable URL" + shown(trimmed), fix);
    }
    return trimmed;
  }

  /**
   * Whether OkHttp certainly takes the URL: an ASCII host name or IPv4 address (whose labels
   * java.net.URI has checked) and a port in range. Only other URLs are put to OkHttp's own parser,
   * whose first use loads OkHttp, Kotlin and the IDNA tables: cold work that a fresh JVM would
   * otherwise do here, on the caller's thread, before anything could overlap it.
   */
  private static boolean isPlainHostAndPort(URI url) {
    int port = url.getPort();
    return (port == -1 || (port >= 1 && port <= 65535))
        && PLAIN_HOST.matcher(url.getHost()).matches();
  }

  /** The URL for a message, unless it may hold a password ({@code user:pass@host}). */
  private static String shown(URI url) {
    String s = url.toString();
    return s.indexOf('@') >= 0 ? "" : ", got '" + QuotedText.of(s) + "'";
  }

  private static void checkTimeout(Duration d, String field) {
    Objects.requireNonNull(d, field);
    if (d.isNegative() || d.isZero() || d.compareTo(MAX_TIMEOUT) > 0) {
      throw new ConfigurationException(
          field,
          "must be more than 0 and at most " + MAX_TIMEOUT.toMinutes() + " min, got " + d,
          "a few seconds suit Box's token endpoint; a zero (infinite) timeout can hang a caller");
    }
  }

  /**
   * User and password for an HTTP proxy that answers {@code 407} (sent as Basic credentials, to the
   * proxy only). The password is a {@link Secret}: never printed.
   *
   * @param username the proxy user; not blank, no {@code ':'}
   * @param password the proxy password
   */
  public record ProxyCredentials(String username, Secret password) {
    /** Validates both parts. */
    public ProxyCredentials {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
      if (username.isBlank() || username.indexOf(':') >= 0) {
        throw new ConfigurationException(
            "proxyCredentials.username",
            "must be non-blank and contain no ':'",
            "use the user name the proxy expects");
      }
    }

    /** Convenience for {@code new ProxyCredentials(username, Secret.of(password))}. */
    public static ProxyCredentials of(String username, String password) {
      return new ProxyCredentials(username, Secret.of(password));
    }
  }

  /** Builds a validated {@link HttpTransportConfig}; starts from the defaults. Not thread-safe. */
  public static final class Builder {
    private URI baseUrl = DEFAULT_BASE_URL;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration readTimeout = DEFAULT_READ_TIMEOUT;
    private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
    private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private Proxy proxy = Proxy.NO_PROXY;
    private ProxyCredentials proxyCredentials;
    private KeyStore trustStore;
    private boolean connectionWarmUp = true;

    private Builder() {}

    /** Where the token endpoint lives, with or without a trailing slash. */
    public Builder baseUrl(URI baseUrl) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
      return this;
    }

    /** The connect timeout. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout, "connectTimeout");
      return this;
    }

    /** The read (and write) timeout. */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = Objects.requireNonNull(timeout, "readTimeout");
      return this;
    }

    /** The whole-call timeout. */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = Objects.requireNonNull(timeout, "callTimeout");
      return this;
    }

    /** The largest reply body read. */
    public Builder maxBodyBytes(long maxBodyBytes) {
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /** Go through this proxy ({@link Proxy#NO_PROXY} for none). */
    public Builder proxy(Proxy proxy) {
      this.proxy = Objects.requireNonNull(proxy, "proxy");
      return this;
    }

    /** Go through the HTTP proxy at {@code host:port} (resolved when connecting). */
    public Builder httpProxy(String host, int port) {
      Objects.requireNonNull(host, "host");
      if (host.isBlank() || port < 1 || port > 65535) {
        throw new ConfigurationException(
            "proxy",
            "needs a host and a port 1-65535, got '" + QuotedText.of(host, 80) + "':" + port,
            "fix the proxy address");
      }
      return proxy(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(host, port)));
    }

    /** Credentials for the HTTP proxy, or {@code null} for none. */
    public Builder proxyCredentials(ProxyCredentials credentials) {
      this.proxyCredentials = credentials;
      return this;
    }

    /**
     * Trust these certificates for HTTPS instead of the JVM's defaults (a corporate CA, or the
     * emulator's {@code trustStore()}); {@code null} for the defaults.
     */
    public Builder trustStore(KeyStore trustStore) {
      this.trustStore = trustStore;
      return this;
    }

    /**
     * Whether to open the connection to the token endpoint ahead of the first token (default true):
     * a {@code GET /oauth2/token} without credentials that Box refuses. Turn it off where no
     * request may leave before the first token is asked for.
     */
    public Builder connectionWarmUp(boolean connectionWarmUp) {
      this.connectionWarmUp = connectionWarmUp;
      return this;
    }

    /**
     * The validated configuration.
     *
     * @throws ConfigurationException naming the first bad field
     */
    public HttpTransportConfig build() {
      return new HttpTransportConfig(
          baseUrl,
          connectTimeout,
          readTimeout,
          callTimeout,
          maxBodyBytes,
          proxy,
          proxyCredentials,
          trustStore,
          connectionWarmUp);
    }
  }
}
