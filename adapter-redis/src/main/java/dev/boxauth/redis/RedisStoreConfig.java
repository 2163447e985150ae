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
 * Where the fleet's shared token store lives and how it is protected. Immutable; made by a {@link
 * Builder} whose {@link Builder#build()} checks every value; {@link #toString()} never shows a
 * password.
 *
 * <pre>{@code
 * RedisStoreConfig config = RedisStoreConfig.builder().uri("redis://redis:6379").aead(aead).build();
 * }</pre>
 *
 * <p>Topologies, as Lettuce's {@link RedisURI} spells them:
 *
 * <ul>
 *   <li>standalone, {@link Builder#uri(String)}: {@code redis://host:6379/0}, or {@code rediss://}
 *       for TLS;
 *   <li>Sentinel, {@link Builder#uri(String)}: {@code
 *       redis-sentinel://host1:26379,host2:26379/0#mymaster} (or {@code rediss-sentinel://});
 *   <li>Cluster, {@link Builder#clusterSeeds(List)}: one or more seed node URIs ({@code redis://}
 *       or {@code rediss://}); the client discovers the other nodes.
 * </ul>
 *
 * <p>A password may be in the URI ({@code redis://:password@host}, or {@code user:password@} for
 * Redis 6 ACLs) or given apart with {@link Builder#password(String)}.
 */
public final class RedisStoreConfig {

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

  private final List<String> uris;
  private final boolean cluster;
  private final Aead aead;
  private final String keyPrefix;
  private final Duration commandTimeout;
  private final Duration connectTimeout;
  private final Secret password;

  private RedisStoreConfig(Builder b, List<String> uris) {
    this.uris = uris;
    this.cluster = b.clusterSeeds != null;
    this.aead = b.aead;
    this.keyPrefix = b.keyPrefix;
    this.commandTimeout = b.commandTimeout;
    this.connectTimeout = b.connectTimeout;
    this.password = b.password;
  }

  /**
   * A builder with the default prefix and timeouts: set a {@code uri} or {@code clusterSeeds}, and
   * the {@code aead}.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this config's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    if (cluster) {
      b.clusterSeeds = uris;
    } else {
      b.uri = uris.get(0);
    }
    b.aead = aead;
    b.keyPrefix = keyPrefix;
    b.commandTimeout = commandTimeout;
    b.connectTimeout = connectTimeout;
    b.password = password;
    return b;
  }

  /**
   * One URI (standalone or Sentinel), or the seed nodes of a cluster; as given, so they may hold a
   * password: log {@link #toString()}, never these.
   */
  public List<String> uris() {
    return uris;
  }

  /** True to connect with Lettuce's cluster client. */
  public boolean cluster() {
    return cluster;
  }

  /**
   * Encrypts tokens at rest; from a Tink keyset, ideally wrapped by a KMS. Every process of the
   * fleet must use the same key (a keyset with several keys decrypts with any of them, so keys can
   * be rotated).
   */
  public Aead aead() {
    return aead;
  }

  /** Put before every Redis key, e.g. {@code boxauth:v1:}; printable, no spaces. */
  public String keyPrefix() {
    return keyPrefix;
  }

  /**
   * The most one Redis command may take before the store gives up on it and the token service
   * carries on without Redis.
   */
  public Duration commandTimeout() {
    return commandTimeout;
  }

  /** The most one connection attempt may take. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** The data node's password, overriding any in the URI; {@code null} for none. */
  public Secret password() {
    return password;
  }

  /** Equal when built from the same values; {@code aead}s compare by identity. */
  @Override
  public boolean equals(Object o) {
    return o instanceof RedisStoreConfig c
        && uris.equals(c.uris)
        && cluster == c.cluster
        && aead == c.aead
        && keyPrefix.equals(c.keyPrefix)
        && commandTimeout.equals(c.commandTimeout)
        && connectTimeout.equals(c.connectTimeout)
        && Objects.equals(password, c.password);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        uris,
        cluster,
        System.identityHashCode(aead),
        keyPrefix,
        commandTimeout,
        connectTimeout,
        password);
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

  /**
   * Sets a config's values one by one; {@link #build()} checks them. Setters refuse null with a
   * {@code NullPointerException}. Not thread-safe.
   */
  public static final class Builder {
    private String uri;
    private List<String> clusterSeeds;
    private Aead aead;
    private String keyPrefix = DEFAULT_KEY_PREFIX;
    private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Secret password;

    private Builder() {}

    /**
     * A standalone or Sentinel store at {@code uri} ({@code redis://}, {@code rediss://}, {@code
     * redis-sentinel://} or {@code rediss-sentinel://}); or set {@link #clusterSeeds}.
     */
    public Builder uri(String uri) {
      this.uri = Objects.requireNonNull(uri, "uri");
      return this;
    }

    /**
     * A Redis Cluster reached through these seed nodes ({@code redis://} or {@code rediss://}); or
     * set {@link #uri}.
     */
    public Builder clusterSeeds(List<String> clusterSeeds) {
      this.clusterSeeds = List.copyOf(Objects.requireNonNull(clusterSeeds, "clusterSeeds"));
      return this;
    }

    /** Encrypts tokens at rest (required); the same key in every process of the fleet. */
    public Builder aead(Aead aead) {
      this.aead = Objects.requireNonNull(aead, "aead");
      return this;
    }

    /** Put before every Redis key (to share one Redis between apps or environments). */
    public Builder keyPrefix(String keyPrefix) {
      this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
      return this;
    }

    /** The most one Redis command may take; positive, at most a minute. */
    public Builder commandTimeout(Duration commandTimeout) {
      this.commandTimeout = Objects.requireNonNull(commandTimeout, "commandTimeout");
      return this;
    }

    /** The most one connection attempt may take; positive, at most a minute. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
      return this;
    }

    /**
     * Authenticate with {@code password} (the URI's user name, if any, is kept); an empty one means
     * none, leaving any password in the URI.
     */
    public Builder password(String password) {
      Objects.requireNonNull(password, "password");
      this.password = password.isEmpty() ? null : Secret.of(password);
      return this;
    }

    /**
     * The config.
     *
     * @throws ConfigurationException naming the first missing or invalid value: {@code
     *     redis.uris[i]} (a URI Lettuce can't read, or a scheme that doesn't fit the topology),
     *     {@code redis.uris} (none, or both {@code uri} and {@code clusterSeeds}), {@code
     *     redis.aead}, {@code redis.keyPrefix}, {@code redis.commandTimeout}, {@code
     *     redis.connectTimeout}
     */
    public RedisStoreConfig build() {
      String fix =
          "set uri(...) for a standalone or Sentinel store (list several Sentinels inside it:"
              + " redis-sentinel://h1:26379,h2:26379#mymaster), or clusterSeeds(...) for a Redis"
              + " Cluster";
      if (uri == null && (clusterSeeds == null || clusterSeeds.isEmpty())) {
        throw new ConfigurationException("redis.uris", "no Redis URI given", fix);
      }
      if (uri != null && clusterSeeds != null) {
        throw new ConfigurationException(
            "redis.uris", "both a URI and cluster seed nodes given", fix);
      }
      boolean cluster = clusterSeeds != null;
      List<String> uris = cluster ? clusterSeeds : List.of(uri);
      for (int i = 0; i < uris.size(); i++) {
        parse(uris.get(i), cluster, "redis.uris[" + i + "]");
      }
      if (aead == null) {
        throw new ConfigurationException(
            "redis.aead",
            "is missing",
            "set aead(...) to an Aead from a Tink keyset shared by the fleet, ideally KMS-wrapped");
      }
      checkPrefix(keyPrefix);
      checkTimeout(commandTimeout, "redis.commandTimeout");
      checkTimeout(connectTimeout, "redis.connectTimeout");
      return new RedisStoreConfig(this, uris);
    }
  }
}
