package dev.boxauth.spring;

import dev.boxauth.domain.SignatureAlgorithm;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

/**
 * The {@code boxauth.*} properties: which Box app, its key, how to reach Box, how tokens are cached
 * and refreshed, and where they are stored. Either {@code boxauth.config-file} (a JWT app, as the
 * Developer Console downloads it) or {@code boxauth.client-id} and {@code boxauth.client-secret}
 * (Client Credentials Grant, or JWT with a key under {@code boxauth.key}).
 *
 * <p>Secrets ({@code client-secret}, {@code key.passphrase}, the proxy, trust store and Redis
 * passwords, a password inside {@code store.redis.uri}) are masked in {@code /actuator/env} and
 * {@code /actuator/configprops}. Mutable for binding only; not thread-safe. Each property is
 * documented on its field (what IDEs show, from the generated metadata); the accessors are the
 * JavaBean pairs Spring binds.
 */
@ConfigurationProperties("boxauth")
public class BoxAuthProperties {

  /** Whether to configure boxauth at all; set false to leave it to your own beans. */
  private boolean enabled = true;

  /**
   * The JWT app's config file as the Box Developer Console downloads it (client id and secret, key
   * id, encrypted private key, passphrase, enterprise), e.g. {@code file:/etc/box/config.json}.
   */
  private Resource configFile;

  /** The app's client id: a Client Credentials Grant app, or a JWT app whose key is under key.*. */
  private String clientId;

  /** The app's client secret. Masked in /actuator/env and /actuator/configprops. */
  private String clientSecret;

  /**
   * The enterprise whose Service Account tokens act for (numeric id); overrides the config file's
   * enterpriseID.
   */
  private String enterpriseId;

  /**
   * The user tokens act for when no enterprise is set (numeric id); overrides the config file's
   * userID.
   */
  private String userId;

  /**
   * Box's API host (default https://api.box.com); plain http only to a loopback host, e.g. an
   * emulator.
   */
  private URI baseUrl;

  /** The JWT app's private key, when there is no config file. */
  private final Key key = new Key();

  /** How to reach Box's token endpoint. */
  private final Http http = new Http();

  /** How tokens are cached, refreshed and retried. */
  private final Policy policy = new Policy();

  /** Where tokens are kept between requests. */
  private final Store store = new Store();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public Resource getConfigFile() {
    return configFile;
  }

  public void setConfigFile(Resource configFile) {
    this.configFile = configFile;
  }

  public String getClientId() {
    return clientId;
  }

  public void setClientId(String clientId) {
    this.clientId = clientId;
  }

  public String getClientSecret() {
    return clientSecret;
  }

  public void setClientSecret(String clientSecret) {
    this.clientSecret = clientSecret;
  }

  public String getEnterpriseId() {
    return enterpriseId;
  }

  public void setEnterpriseId(String enterpriseId) {
    this.enterpriseId = enterpriseId;
  }

  public String getUserId() {
    return userId;
  }

  public void setUserId(String userId) {
    this.userId = userId;
  }

  public URI getBaseUrl() {
    return baseUrl;
  }

  public void setBaseUrl(URI baseUrl) {
    this.baseUrl = baseUrl;
  }

  public Key getKey() {
    return key;
  }

  public Http getHttp() {
    return http;
  }

  public Policy getPolicy() {
    return policy;
  }

  public Store getStore() {
    return store;
  }

  /** A JWT app's private key: one of {@code pem}, {@code pkcs12} or {@code tink-keyset}. */
  public static class Key {

    /**
     * A PEM private key (PKCS#8, encrypted PKCS#8 as the Developer Console writes it, PKCS#1), e.g.
     * file:/etc/box/private_key.pem. Needs key.id.
     */
    private Resource pem;

    /** A PKCS#12 key store (.p12, .pfx) holding the private key; a file. Needs key.id. */
    private Resource pkcs12;

    /**
     * A Tink JWT keyset (JSON, RS256/384/512, kid = Box's key id), encrypted under key.tink-kek, as
     * `boxauth keys to-tink` writes it.
     */
    private Resource tinkKeyset;

    /**
     * The key-encryption keyset the Tink keyset is encrypted under (a cleartext AEAD keyset, as
     * `boxauth keys kek` writes it).
     */
    private Resource tinkKek;

    /** The id Box assigned to the public key (publicKeyID, the JWS kid), for pem and pkcs12. */
    private String id;

    /**
     * The PEM key's passphrase, or the PKCS#12 store password. Masked in /actuator/env and
     * /actuator/configprops.
     */
    private String passphrase;

    /** The PKCS#12 entry's alias; the first private-key entry when unset. */
    private String alias;

    /** The JWS signature algorithm for pem, pkcs12 and the config file's key. */
    private SignatureAlgorithm algorithm = SignatureAlgorithm.RS256;

    public Resource getPem() {
      return pem;
    }

    public void setPem(Resource pem) {
      this.pem = pem;
    }

    public Resource getPkcs12() {
      return pkcs12;
    }

    public void setPkcs12(Resource pkcs12) {
      this.pkcs12 = pkcs12;
    }

    public Resource getTinkKeyset() {
      return tinkKeyset;
    }

    public void setTinkKeyset(Resource tinkKeyset) {
      this.tinkKeyset = tinkKeyset;
    }

    public Resource getTinkKek() {
      return tinkKek;
    }

    public void setTinkKek(Resource tinkKek) {
      this.tinkKek = tinkKek;
    }

    public String getId() {
      return id;
    }

    public void setId(String id) {
      this.id = id;
    }

    public String getPassphrase() {
      return passphrase;
    }

    public void setPassphrase(String passphrase) {
      this.passphrase = passphrase;
    }

    public String getAlias() {
      return alias;
    }

    public void setAlias(String alias) {
      this.alias = alias;
    }

    public SignatureAlgorithm getAlgorithm() {
      return algorithm;
    }

    public void setAlgorithm(SignatureAlgorithm algorithm) {
      this.algorithm = algorithm;
    }
  }

  /** The HTTP client that talks to Box's token endpoint. */
  public static class Http {

    /** The most a TCP (and TLS) connect may take. */
    private Duration connectTimeout = Duration.ofSeconds(5);

    /** The most the server may stay silent while a reply is read. */
    private Duration readTimeout = Duration.ofSeconds(10);

    /** The most one request may take from start to last byte (capped by policy.deadline). */
    private Duration callTimeout = Duration.ofSeconds(20);

    /** An HTTP proxy to go through. */
    private final Proxy proxy = new Proxy();

    /**
     * Certificates to trust for HTTPS instead of the JVM's (a corporate CA), as a key store file.
     */
    private Resource trustStore;

    /** The trust store's password, if it has one. Masked in /actuator/env and configprops. */
    private String trustStorePassword;

    /** The trust store's type. */
    private String trustStoreType = "PKCS12";

    /**
     * Whether start-up opens the connection to the token endpoint ahead of the first token (a
     * credential-free GET that Box refuses), so that the first token request is one POST on a warm
     * connection. Off: nothing is sent before the first token is asked for.
     */
    private boolean connectionWarmUp = true;

    public Duration getConnectTimeout() {
      return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
    }

    public Duration getReadTimeout() {
      return readTimeout;
    }

    public void setReadTimeout(Duration readTimeout) {
      this.readTimeout = readTimeout;
    }

    public Duration getCallTimeout() {
      return callTimeout;
    }

    public void setCallTimeout(Duration callTimeout) {
      this.callTimeout = callTimeout;
    }

    public Proxy getProxy() {
      return proxy;
    }

    public Resource getTrustStore() {
      return trustStore;
    }

    public void setTrustStore(Resource trustStore) {
      this.trustStore = trustStore;
    }

    public String getTrustStorePassword() {
      return trustStorePassword;
    }

    public void setTrustStorePassword(String trustStorePassword) {
      this.trustStorePassword = trustStorePassword;
    }

    public String getTrustStoreType() {
      return trustStoreType;
    }

    public void setTrustStoreType(String trustStoreType) {
      this.trustStoreType = trustStoreType;
    }

    public boolean isConnectionWarmUp() {
      return connectionWarmUp;
    }

    public void setConnectionWarmUp(boolean connectionWarmUp) {
      this.connectionWarmUp = connectionWarmUp;
    }
  }

  /** An HTTP proxy. */
  public static class Proxy {

    /** The proxy's host; no proxy when unset. */
    private String host;

    /** The proxy's port. */
    private Integer port;

    /** The user name, if the proxy asks for credentials (407). */
    private String username;

    /** The proxy password. Masked in /actuator/env and /actuator/configprops. */
    private String password;

    public String getHost() {
      return host;
    }

    public void setHost(String host) {
      this.host = host;
    }

    public Integer getPort() {
      return port;
    }

    public void setPort(Integer port) {
      this.port = port;
    }

    public String getUsername() {
      return username;
    }

    public void setUsername(String username) {
      this.username = username;
    }

    public String getPassword() {
      return password;
    }

    public void setPassword(String password) {
      this.password = password;
    }
  }

  /** How tokens are cached, refreshed and retried (boxauth's TokenPolicy). */
  public static class Policy {

    /** Refresh in the background once less than this (plus jitter) is left. */
    private Duration refreshMargin = Duration.ofMinutes(5);

    /** Up to this much random extra lead per token, so that a fleet's refreshes spread out. */
    private Duration refreshJitter = Duration.ofMinutes(1);

    /** Never hand out a token with less than this left; callers wait for a new one. */
    private Duration expiryMargin = Duration.ofMinutes(1);

    /** The most one token() call spends getting a token, retries and waits included. */
    private Duration deadline = Duration.ofSeconds(30);

    /** The most token requests per token() call. */
    private int maxAttempts = 5;

    /** The first wait after a 5xx or network failure; doubles per attempt. */
    private Duration initialBackoff = Duration.ofMillis(250);

    /** The cap on that wait. */
    private Duration maxBackoff = Duration.ofSeconds(8);

    /** After a failed background refresh, the wait before the next one. */
    private Duration refreshCooldown = Duration.ofSeconds(10);

    public Duration getRefreshMargin() {
      return refreshMargin;
    }

    public void setRefreshMargin(Duration refreshMargin) {
      this.refreshMargin = refreshMargin;
    }

    public Duration getRefreshJitter() {
      return refreshJitter;
    }

    public void setRefreshJitter(Duration refreshJitter) {
      this.refreshJitter = refreshJitter;
    }

    public Duration getExpiryMargin() {
      return expiryMargin;
    }

    public void setExpiryMargin(Duration expiryMargin) {
      this.expiryMargin = expiryMargin;
    }

    public Duration getDeadline() {
      return deadline;
    }

    public void setDeadline(Duration deadline) {
      this.deadline = deadline;
    }

    public int getMaxAttempts() {
      return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    public Duration getInitialBackoff() {
      return initialBackoff;
    }

    public void setInitialBackoff(Duration initialBackoff) {
      this.initialBackoff = initialBackoff;
    }

    public Duration getMaxBackoff() {
      return maxBackoff;
    }

    public void setMaxBackoff(Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
    }

    public Duration getRefreshCooldown() {
      return refreshCooldown;
    }

    public void setRefreshCooldown(Duration refreshCooldown) {
      this.refreshCooldown = refreshCooldown;
    }
  }

  /** Where tokens are kept. */
  public static class Store {

    /** memory (this process only) or redis (shared by a fleet; needs adapter-redis). */
    private StoreType type = StoreType.MEMORY;

    /** The Redis store, for type=redis. */
    private final Redis redis = new Redis();

    public StoreType getType() {
      return type;
    }

    public void setType(StoreType type) {
      this.type = type;
    }

    public Redis getRedis() {
      return redis;
    }
  }

  /** The token store's kind. */
  public enum StoreType {
    /** In this process's memory. */
    MEMORY,
    /** In Redis, shared by every process of a fleet, encrypted at rest. */
    REDIS
  }

  /** A fleet-wide token store on Redis. */
  public static class Redis {

    /**
     * The Redis URI: redis://host:6379/0, rediss:// for TLS, or
     * redis-sentinel://h1:26379,h2:26379/0#master. A password inside it is masked in /actuator/env
     * and configprops.
     */
    private String uri;

    /**
     * The Tink AEAD keyset (cleartext JSON, e.g. AES256_GCM, as `boxauth keys kek` writes it) that
     * encrypts tokens at rest; every process of the fleet uses the same one.
     */
    private Resource aeadKeyset;

    /** Put before every Redis key, to share one Redis between apps or environments. */
    private String keyPrefix = "boxauth:v1:";

    /** The most one Redis command may take before the token service carries on without Redis. */
    private Duration commandTimeout = Duration.ofMillis(500);

    /** The most one connection attempt may take. */
    private Duration connectTimeout = Duration.ofSeconds(1);

    /** The Redis password, overriding any in the URI. Masked in /actuator/env and configprops. */
    private String password;

    public String getUri() {
      return uri;
    }

    public void setUri(String uri) {
      this.uri = uri;
    }

    public Resource getAeadKeyset() {
      return aeadKeyset;
    }

    public void setAeadKeyset(Resource aeadKeyset) {
      this.aeadKeyset = aeadKeyset;
    }

    public String getKeyPrefix() {
      return keyPrefix;
    }

    public void setKeyPrefix(String keyPrefix) {
      this.keyPrefix = keyPrefix;
    }

    public Duration getCommandTimeout() {
      return commandTimeout;
    }

    public void setCommandTimeout(Duration commandTimeout) {
      this.commandTimeout = commandTimeout;
    }

    public Duration getConnectTimeout() {
      return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
    }

    public String getPassword() {
      return password;
    }

    public void setPassword(String password) {
      this.password = password;
    }
  }
}
