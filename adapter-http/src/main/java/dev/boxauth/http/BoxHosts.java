package dev.boxauth.http;

import dev.boxauth.domain.ConfigurationException;
import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import okhttp3.HttpUrl;

/**
 * The hosts a Box access token may be sent to, for {@link
 * BoxAuthInterceptor#replacingOnly(dev.boxauth.port.TokenSource, BoxHosts)}: exact host names
 * (case-insensitive, no wildcards). A token goes to a listed host over {@code https://}, or over
 * plain {@code http://} only when the host is loopback (127.0.0.0/8, ::1, localhost: an emulator on
 * this machine).
 *
 * <p>{@link #defaults()} are the hosts the Box API and the Box Java SDK send authenticated requests
 * to: {@value #API} (the API), {@value #UPLOAD} (uploads), {@value #DOWNLOAD} and {@value
 * #PUBLIC_CLOUD} (downloads, representations and zip downloads whose URLs Box hands out). Add a
 * host with {@link #withHost(String)}, e.g. the emulator's or a reverse proxy's.
 *
 * <p>Immutable and thread-safe.
 */
public final class BoxHosts {
  /** The Box API. */
  public static final String API = "api.box.com";

  /** Box's upload host. */
  public static final String UPLOAD = "upload.box.com";

  /** Box's download host (file content, representations, zip downloads). */
  public static final String DOWNLOAD = "dl.boxcloud.com";

  /** Box's other content host (download URLs and representations it hands out). */
  public static final String PUBLIC_CLOUD = "public.boxcloud.com";

  private static final BoxHosts DEFAULTS =
      new BoxHosts(Set.of(API, UPLOAD, DOWNLOAD, PUBLIC_CLOUD));

  private final Set<String> hosts;

  private BoxHosts(Set<String> hosts) {
    this.hosts = Set.copyOf(hosts);
  }

  /**
   * Box's own hosts: {@value #API}, {@value #UPLOAD}, {@value #DOWNLOAD}, {@value #PUBLIC_CLOUD}.
   */
  public static BoxHosts defaults() {
    return DEFAULTS;
  }

  /**
   * Exactly these hosts, and none of Box's unless listed.
   *
   * @throws ConfigurationException if a host is empty or not a bare host name
   */
  public static BoxHosts of(String... hosts) {
    Objects.requireNonNull(hosts, "hosts");
    return new BoxHosts(Set.of()).withHosts(Arrays.asList(hosts));
  }

  /**
   * These hosts and {@code host}.
   *
   * @param host a bare host name or IP address, e.g. {@code 127.0.0.1}; no scheme, port or path
   * @throws ConfigurationException if it is empty or not a bare host name
   */
  public BoxHosts withHost(String host) {
    return withHosts(Set.of(Objects.requireNonNull(host, "host")));
  }

  /**
   * These hosts and the host of {@code url}, e.g. an emulator's base URL.
   *
   * @throws ConfigurationException if the URL names no host
   */
  public BoxHosts withHostOf(URI url) {
    Objects.requireNonNull(url, "url");
    if (url.getHost() == null) {
      throw new ConfigurationException(
          "hosts",
          "the URL names no host",
          "pass an absolute URL such as https://api.box.com or http://127.0.0.1:8080");
    }
    return withHost(url.getHost());
  }

  /** The host names, lower case. */
  public Set<String> hosts() {
    return hosts;
  }

  /** True if a token may go to {@code url}: a listed host, over https or to loopback. */
  boolean allows(HttpUrl url) {
    return hosts.contains(normalize(url.host()))
        && (url.isHttps() || HttpTransportConfig.isLoopback(url.host()));
  }

  private BoxHosts withHosts(Iterable<String> more) {
    Set<String> all = new TreeSet<>(hosts);
    for (String host : more) {
      all.add(checked(Objects.requireNonNull(host, "host")));
    }
    return new BoxHosts(all);
  }

  private static String checked(String host) {
    String h = normalize(host.trim());
    boolean hostAndPort = h.indexOf(':') >= 0 && h.indexOf(':') == h.lastIndexOf(':');
    if (h.isEmpty() || hostAndPort || h.chars().anyMatch(c -> c == '/' || c == '@' || c <= ' ')) {
      throw new ConfigurationException(
          "hosts",
          "'" + host + "' is not a bare host name",
          "name the host alone, e.g. api.box.com or 127.0.0.1 (no scheme, port, path or user)");
    }
    return h;
  }

  private static String normalize(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BoxHosts other && hosts.equals(other.hosts);
  }

  @Override
  public int hashCode() {
    return hosts.hashCode();
  }

  @Override
  public String toString() {
    return "BoxHosts" + new TreeSet<>(hosts);
  }
}
