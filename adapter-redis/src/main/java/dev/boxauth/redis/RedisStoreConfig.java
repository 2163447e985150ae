package dev.boxauth.redis;

import com.google.crypto.tink.Aead;
import dev.boxauth.domain.ConfigurationException;
import dev.boxauth.domain.QuotedText;
import dev.boxauth.domain.Secret;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Where the fleet's shared token store lives and how it is protected. Immutable; {@link
 * #toString()} never shows a password.
 *
 * <p>Topologies, as Lettuce's {@link RedisURI} spells them:
 *
 * <ul>
 *   <li>standalone: {@code redis://host:6379/0}, or {@code rediss://} for TLS;
 *   <li>Sentinel: {@code redis-sentinel://host1:26379,host2:26379/0#mymaster} (or {@code
 *       rediss-sentinel://});
 *   <li>Cluster: {@link #cluster(List, Aead)} with one or more seed node URIs ({@code redis://} or
 *       {@code rediss://}); the client discovers the other nodes.
 * </ul>
 *
 * <p>A password may be in the URI ({@code redis://:password@host}, or {@code user:password@} for
 * Redis 6 ACLs) or given apart with {@link #withPassword(Secret)}.
 *
 * @param uris one URI (standalone or Sentinel), or the seed nodes of a cluster; as given, so they
 *     may hold a password: log {@link #toString()}, never these
 * @param cluster true to connect with Lettuce's cluster client
 * @param aead encrypts tokens at rest; from a Tink keyset, ideally wrapped by a KMS. Every process
 *     of the fleet must use the same key (a keyset with several keys decrypts with any of them, so
 *     keys can be rotated)
 * @param keyPrefix put before every Redis key, e.g. {@code boxauth:v1:}; printable, no spaces
 * @param commandTimeout the most one Redis command may take before the store gives up on it and the
 *     token service carries on without Redis
 * @param connectTimeout the most one connection attempt may take
 * @param password the data node's password, overriding any in the URI; {@code null} for none
 */
public record RedisStoreConfig(
    List<String> uris,
    boolean cluster,
    Aead aead,
    String keyPrefix,
    Duration commandTimeout,
    Duration connectTimeout,
    Secret password) {

  /** The key prefix unless another is chosen. */
  public static final String DEFAULT_KEY_PREFIX = "boxauth:v1:";

  /** The command timeout unless another is chosen: short, so an outage costs little. */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(500);

  /** The connect timeout unless another is chosen. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);

  private static final Set<String> SINGLE_SCHEMES =
      Set.of(
          RedisURI.URI_SCHEME_REDIS,
          RedisURI.URI_SCHEME_REDIS_SECURE,
          RedisURI.URI_SCHEME_REDIS_SENTINEL,
          RedisURI.URI_SCHEME_REDIS_SENTINEL_SECURE);
  private static final Set<String> CLUSTER_SCHEMES =
      Set.of(RedisURI.URI_SCHEME_REDIS, RedisURI.URI_SCHEME_REDIS_SECURE);
  private static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);

  /**
   * Validates every field.
   *
   * @throws ConfigurationException naming the field, if a URI, the prefix or a timeout is wrong
   */
  public RedisStoreConfig {
    Objects.requireNonNull(uris, "uris");
    Objects.requireNonNull(aead, "aead");
    Objects.requireNonNull(keyPrefix, "keyPrefix");
    Objects.requireNonNull(commandTimeout, "commandTimeout");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    uris = List.copyOf(uris);
    if (uris.isEmpty()) {
      throw new ConfigurationException(
          "redis.uris", "no Redis URI given", "give one, e.g. redis://localhost:6379");
    }
    if (!cluster && uris.size() > 1) {
      throw new ConfigurationException(
          "redis.uris",
          uris.size() + " URIs given for a standalone or Sentinel store",
          "give one URI (list several Sentinels inside it:"
              + " redis-sentinel://h1:26379,h2:26379#mymaster), or use"
              + " RedisStoreConfig.cluster(...) for a Redis Cluster");
    }
    for (int i = 0; i < uris.size(); i++) {
      parse(uris.get(i), cluster, "redis.uris[" + i + "]");
    }
    checkPrefix(keyPrefix);
    checkTimeout(commandTimeout, "redis.commandTimeout");
    checkTimeout(connectTimeout, "redis.connectTimeout");
  }

  /**
   * A standalone or Sentinel store at {@code uri}, with the default prefix and timeouts.
   *
   * @throws ConfigurationException if the URI is not a {@code redis://}, {@code rediss://} or
   *     {@code redis-sentinel://} URI Lettuce can read
   */
  public static RedisStoreConfig of(String uri, Aead aead) {
    return new RedisStoreConfig(
        List.of(Objects.requireNonNull(uri, "uri")),
        false,
        aead,
        DEFAULT_KEY_PREFIX,
        DEFAULT_COMMAND_TIMEOUT,
        DEFAULT_CONNECT_TIMEOUT,
        null);
  }

  /**
   * A Redis Cluster store reached through {@code seedUris}, with the default prefix and timeouts.
   *
   * @throws ConfigurationException if a URI is not a {@code redis://} or {@code rediss://} URI
   */
  public static RedisStoreConfig cluster(List<String> seedUris, Aead aead) {
    return new RedisStoreConfig(
        seedUris,
        true,
        aead,
        DEFAULT_KEY_PREFIX,
        DEFAULT_COMMAND_TIMEOUT,
        DEFAULT_CONNECT_TIMEOUT,
        null);
  }

  /** A copy with another key prefix (to share one Redis between apps or environments). */
  public RedisStoreConfig withKeyPrefix(String keyPrefix) {
    return new RedisStoreConfig(
        uris, cluster, aead, keyPrefix, commandTimeout, connectTimeout, password);
  }

  /** A copy with other command and connect timeouts. */
  public RedisStoreConfig withTimeouts(Duration commandTimeout, Duration connectTimeout) {
    return new RedisStoreConfig(
        uris, cluster, aead, keyPrefix, commandTimeout, connectTimeout, password);
  }

  /** A copy that authenticates with {@code password} (the URI's user name, if any, is kept). */
  public RedisStoreConfig withPassword(Secret password) {
    return new RedisStoreConfig(
        uris,
        cluster,
        aead,
        keyPrefix,
        commandTimeout,
        connectTimeout,
        Objects.requireNonNull(password, "password"));
  }

  /**
   * The URIs as Lettuce objects, each a new mutable copy with the timeouts and password applied.
   */
  List<RedisURI> redisUris() {
    List<RedisURI> parsed = new ArrayList<>(uris.size());
    for (int i = 0; i < uris.size(); i++) {
      RedisURI uri = parse(uris.get(i), cluster, "redis.uris[" + i + "]");
      uri.setTimeout(commandTimeout);
      if (password != null) {
        RedisCredentials inUri = credentials(uri);
        String user = inUri != null && inUri.hasUsername() ? inUri.getUsername() : null;
        char[] pw = password.reveal().toCharArray();
        if (user == null) {
          uri.setAuthentication(pw);
        } else {
          uri.setAuthentication(user, pw);
        }
      }
      parsed.add(uri);
    }
    return parsed;
  }

  /** The credentials a parsed URI carries (static: from the URI text), or null. */
  static RedisCredentials credentials(RedisURI uri) {
    RedisCredentialsProvider provider = uri.getCredentialsProvider();
    if (provider == null) {
      return null;
    }
    if (provider instanceof RedisCredentialsProvider.ImmediateRedisCredentialsProvider immediate) {
      return immediate.resolveCredentialsNow();
    }
    // A parsed URI's provider answers at once from the URI's own fields.
    return provider.resolveCredentials().block(Duration.ofSeconds(1));
  }

  @Override
  public String toString() {
    List<String> shown = new ArrayList<>(uris.size());
    for (String uri : uris) {
      shown.add(redacted(parse(uri, cluster, "redis.uris")));
    }
    return "RedisStoreConfig[uris="
        + shown
        + ", cluster="
        + cluster
        + ", keyPrefix="
        + keyPrefix
        + ", commandTimeout="
        + commandTimeout
        + ", connectTimeout="
        + connectTimeout
        + ", password="
        + (password == null ? "none" : "REDACTED")
        + ", aead="
        + aead.getClass().getSimpleName()
        + "]";
  }

  /** The URI rebuilt from its parts, so that no password can slip through. */
  static String redacted(RedisURI uri) {
    StringBuilder b = new StringBuilder();
    boolean sentinel = !uri.getSentinels().isEmpty();
    b.append(sentinel ? "redis-sentinel" : "redis").append(uri.isSsl() ? "s" : "").append("://");
    RedisCredentials credentials = credentials(uri);
    if (credentials != null && (credentials.hasPassword() || credentials.hasUsername())) {
      b.append("REDACTED@");
    }
    if (sentinel) {
      List<String> nodes = new ArrayList<>();
      for (RedisURI s : uri.getSentinels()) {
        nodes.add(s.getHost() + ":" + s.getPort());
      }
      b.append(String.join(",", nodes));
    } else {
      b.append(uri.getHost()).append(':').append(uri.getPort());
    }
    b.append('/').append(uri.getDatabase());
    if (sentinel) {
      b.append('#').append(uri.getSentinelMasterId());
    }
    return b.toString();
  }

  private static RedisURI parse(String uri, boolean cluster, String field) {
    Objects.requireNonNull(uri, field);
    String scheme = uri.indexOf("://") > 0 ? uri.substring(0, uri.indexOf("://")) : "";
    Set<String> allowed = cluster ? CLUSTER_SCHEMES : SINGLE_SCHEMES;
    if (!allowed.contains(scheme)) {
      throw new ConfigurationException(
          field,
          "unsupported scheme '" + QuotedText.of(scheme, 20) + "'",
          cluster
              ? "cluster seed nodes use redis:// or rediss://"
              : "use redis://host:port, rediss://host:port or"
                  + " redis-sentinel://host:port[,host:port]#master");
    }
    RedisURI parsed;
    try {
      parsed = RedisURI.create(uri);
    } catch (RuntimeException e) {
      parsed =
          null; // the cause is dropped on purpose: URI parsers quote the input, password and all
    }
    boolean sentinel = parsed != null && !parsed.getSentinels().isEmpty();
    if (parsed == null || (!sentinel && (parsed.getHost() == null || parsed.getHost().isEmpty()))) {
      throw new ConfigurationException(
          field,
          "not a Redis URI Lettuce can read (" + scheme + "://...)",
          "write it as " + scheme + "://[[user]:password@]host[:port][/database]");
    }
    if (sentinel && parsed.getSentinelMasterId() == null) {
      throw new ConfigurationException(
          field,
          "a Sentinel URI without a master name",
          "end the URI with #<master name>, e.g. redis-sentinel://host:26379#mymaster");
    }
    return parsed;
  }

  private static void checkPrefix(String prefix) {
    if (prefix.isEmpty() || prefix.length() > 128) {
      throw new ConfigurationException(
          "redis.keyPrefix",
          "must have 1 to 128 characters, got " + prefix.length(),
          "use something like " + DEFAULT_KEY_PREFIX);
    }
    for (int i = 0; i < prefix.length(); i++) {
      char c = prefix.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        throw new ConfigurationException(
            "redis.keyPrefix",
            "contains a space, control or non-ASCII character",
            "use printable ASCII only, e.g. " + DEFAULT_KEY_PREFIX);
      }
    }
  }

  private static void checkTimeout(Duration timeout, String field) {
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
      throw new ConfigurationException(
          field,
          "must be positive and at most " + MAX_TIMEOUT + ", got " + timeout,
          "keep it short (well under a second) so that an outage costs little");
    }
  }
}
