package dev.boxauth.spring;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Module;
import com.google.inject.Stage;
import com.google.inject.spi.Message;
import dev.boxauth.BoxAuth;
import dev.boxauth.domain.AuthException;
import dev.boxauth.domain.ConfigurationException;
import dev.boxauth.domain.KeyException;
import dev.boxauth.domain.SignatureAlgorithm;
import dev.boxauth.http.HttpTransportConfig;
import dev.boxauth.keystore.BoxAppConfig;
import dev.boxauth.keystore.PemKeyConfig;
import dev.boxauth.keystore.PemKeyModule;
import dev.boxauth.keystore.Pkcs12KeyConfig;
import dev.boxauth.keystore.Pkcs12KeyModule;
import dev.boxauth.keystore.TinkKeyConfig;
import dev.boxauth.keystore.TinkKeyModule;
import dev.boxauth.micrometer.BoxAuthMetrics;
import dev.boxauth.port.KeySource;
import dev.boxauth.port.TokenListener;
import dev.boxauth.port.TokenStore;
import dev.boxauth.service.TokenPolicy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.UnrecoverableKeyException;
import java.util.List;
import java.util.Locale;
import org.springframework.core.io.Resource;
import org.springframework.util.ClassUtils;

/**
 * Builds a {@link BoxAuth} from {@code boxauth.*} properties. Every bad value or combination fails
 * with a {@link ConfigurationException} whose {@code field()} is the Spring property to fix (the
 * typed error from deeper down, e.g. a {@code KeyException}, is kept as its cause), so that the
 * failure analysis can name it; no message carries a secret.
 */
final class BoxAuthFactory {
  static final String PREFIX = "boxauth.";
  private static final String CONFIG_FILE = "boxauth.config-file";
  private static final String CLIENT_ID = "boxauth.client-id";
  private static final String CLIENT_SECRET = "boxauth.client-secret";
  private static final String ENTERPRISE_ID = "boxauth.enterprise-id";
  private static final String USER_ID = "boxauth.user-id";
  private static final String KEY_PEM = "boxauth.key.pem";
  private static final String KEY_PKCS12 = "boxauth.key.pkcs12";
  private static final String KEY_TINK = "boxauth.key.tink-keyset";
  private static final String KEY_TINK_KEK = "boxauth.key.tink-kek";
  private static final String KEY_ID = "boxauth.key.id";
  private static final String KEY_PASSPHRASE = "boxauth.key.passphrase";
  private static final String KEY_ALIAS = "boxauth.key.alias";
  private static final String REDIS_MODULE = "dev.boxauth.redis.RedisTokenStoreModule";

  private final BoxAuthProperties properties;
  private final ClassLoader classLoader;

  /**
   * @param classLoader the application's, where optional modules (adapter-redis) are looked for
   */
  BoxAuthFactory(BoxAuthProperties properties, ClassLoader classLoader) {
    this.properties = properties;
    this.classLoader = classLoader;
  }

  /** The grant the properties configure, for the metrics' {@code grant} tag. */
  static BoxAuthMetrics.Grant grant(BoxAuthProperties properties) {
    BoxAuthProperties.Key key = properties.getKey();
    boolean jwt =
        properties.getConfigFile() != null
            || key.getPem() != null
            || key.getPkcs12() != null
            || key.getTinkKeyset() != null;
    return jwt ? BoxAuthMetrics.Grant.JWT : BoxAuthMetrics.Grant.CLIENT_CREDENTIALS;
  }

  /**
   * The {@code BoxAuth}: reads the config and the key, checks every setting, requests no token.
   *
   * @param listeners every {@code TokenListener} bean (metrics among them)
   * @param tokenStore a {@code TokenStore} bean of the application's, or null
   * @throws ConfigurationException naming the property at fault
   */
  BoxAuth create(List<TokenListener> listeners, TokenStore tokenStore) {
    BoxAuth.Builder builder = BoxAuth.builder();
    Mode mode = app(builder);
    builder.http(http());
    builder.policy(policy());
    store(builder, tokenStore);
    listeners.forEach(builder::listener);
    try {
      return builder.build();
    } catch (ConfigurationException e) {
      throw e.field().startsWith(PREFIX) ? e : at(property(e, mode), e);
    } catch (KeyException e) {
      throw at(keyProperty(e, mode), e);
    } catch (AuthException e) {
      throw at(mode == Mode.CONFIG_FILE ? CONFIG_FILE : "boxauth", e);
    }
  }

  /** Where the app's credentials and key come from. */
  private enum Mode {
    CONFIG_FILE,
    CLIENT_CREDENTIALS,
    PEM,
    PKCS12,
    TINK
  }

  private Mode app(BoxAuth.Builder builder) {
    BoxAuthProperties p = properties;
    BoxAuthProperties.Key key = p.getKey();
    Mode mode;
    if (p.getConfigFile() != null) {
      refuseWith(CONFIG_FILE, "holds the client id", CLIENT_ID, p.getClientId());
      refuseWith(CONFIG_FILE, "holds the client secret", CLIENT_SECRET, p.getClientSecret());
      refuseWith(CONFIG_FILE, "holds the key", KEY_PEM, key.getPem());
      refuseWith(CONFIG_FILE, "holds the key", KEY_PKCS12, key.getPkcs12());
      refuseWith(CONFIG_FILE, "holds the key", KEY_TINK, key.getTinkKeyset());
      refuseWith(CONFIG_FILE, "holds the key id", KEY_ID, key.getId());
      refuseWith(CONFIG_FILE, "holds the key's passphrase", KEY_PASSPHRASE, key.getPassphrase());
      refuseWith(CONFIG_FILE, "holds a PEM key", KEY_ALIAS, key.getAlias());
      refuseWith(CONFIG_FILE, "holds a PEM key", KEY_TINK_KEK, key.getTinkKek());
      BoxAppConfig app = configFile(p.getConfigFile());
      if (app.defaultSubject().isEmpty() && p.getEnterpriseId() == null && p.getUserId() == null) {
        throw new ConfigurationException(
            ENTERPRISE_ID,
            "the config file names neither an enterprise nor a user, and neither is set",
            "set boxauth.enterprise-id to act as the enterprise's Service Account, or"
                + " boxauth.user-id to act as a user");
      }
      builder.config(app);
      mode = Mode.CONFIG_FILE;
    } else if (p.getClientId() != null) {
      if (blank(p.getClientSecret())) {
        throw new ConfigurationException(
            CLIENT_SECRET,
            "is not set, and boxauth.client-id needs it",
            "set it from the Developer Console (Configuration, OAuth 2.0 Credentials), e.g. in the"
                + " environment variable BOXAUTH_CLIENT_SECRET");
      }
      if (p.getEnterpriseId() == null && p.getUserId() == null) {
        throw new ConfigurationException(
            ENTERPRISE_ID,
            "neither boxauth.enterprise-id nor boxauth.user-id is set, so tokens act for no one",
            "set boxauth.enterprise-id to act as the enterprise's Service Account, or"
                + " boxauth.user-id to act as a user");
      }
      mode = key(builder);
    } else {
      throw new ConfigurationException(
          CONFIG_FILE,
          "no Box app is configured",
          "set boxauth.config-file to a JWT app's config file, or boxauth.client-id and"
              + " boxauth.client-secret for a Client Credentials Grant app (or boxauth.enabled=false"
              + " to configure boxauth yourself)");
    }
    builder.algorithm(key.getAlgorithm());
    if (p.getEnterpriseId() != null) {
      builder.enterpriseId(p.getEnterpriseId());
    }
    if (p.getUserId() != null) {
      builder.userId(p.getUserId());
    }
    return mode;
  }

  private BoxAppConfig configFile(Resource resource) {
    try {
      if (resource.isFile()) {
        return BoxAppConfig.read(Resources.file(resource, CONFIG_FILE));
      }
      return BoxAppConfig.parse(Resources.text(resource, CONFIG_FILE));
    } catch (ConfigurationException e) {
      throw e.field().startsWith(PREFIX) ? e : at(CONFIG_FILE, e);
    }
  }

  /** The key of an app configured by client id: none (CCG), PEM, PKCS#12 or Tink. */
  private Mode key(BoxAuth.Builder builder) {
    BoxAuthProperties p = properties;
    BoxAuthProperties.Key key = p.getKey();
    String id = p.getClientId();
    String secret = p.getClientSecret();
    int keys =
        (key.getPem() != null ? 1 : 0)
            + (key.getPkcs12() != null ? 1 : 0)
            + (key.getTinkKeyset() != null ? 1 : 0);
    if (keys > 1) {
      throw new ConfigurationException(
          "boxauth.key",
          "more than one of boxauth.key.pem, boxauth.key.pkcs12 and boxauth.key.tink-keyset is set",
          "set the one that holds the app's key");
    }
    if (keys == 0) {
      refuseWithout(KEY_ID, key.getId());
      refuseWithout(KEY_PASSPHRASE, key.getPassphrase());
      refuseWithout(KEY_ALIAS, key.getAlias());
      refuseWithout(KEY_TINK_KEK, key.getTinkKek());
      builder.clientCredentials(id, secret);
      return Mode.CLIENT_CREDENTIALS;
    }
    if (key.getPem() != null) {
      refuseWith(KEY_PEM, "has no alias", KEY_ALIAS, key.getAlias());
      refuseWith(KEY_PEM, "is not a Tink keyset", KEY_TINK_KEK, key.getTinkKek());
      PemKeyConfig.Builder config =
          PemKeyConfig.builder().keyId(requireKeyId(key)).algorithm(key.getAlgorithm());
      if (key.getPem().isFile()) {
        config.file(Resources.file(key.getPem(), KEY_PEM));
      } else {
        config.pem(Resources.text(key.getPem(), KEY_PEM));
      }
      if (key.getPassphrase() != null) {
        config.passphrase(key.getPassphrase());
      }
      PemKeyModule module;
      try {
        module = new PemKeyModule(config.build());
      } catch (ConfigurationException e) {
        throw e.field().startsWith(PREFIX)
            ? e
            : at(e.field().equals("keyId") ? KEY_ID : KEY_PEM, e);
      }
      try {
        builder.clientCredentials(id, secret).keySource(keySource(module));
      } catch (KeyException e) {
        throw at(keyProperty(e, Mode.PEM), e);
      }
      return Mode.PEM;
    }
    if (key.getPkcs12() != null) {
      refuseWith(KEY_PKCS12, "is not a Tink keyset", KEY_TINK_KEK, key.getTinkKek());
      String keyId = requireKeyId(key);
      Pkcs12KeyConfig.Builder config =
          Pkcs12KeyConfig.builder()
              .file(Resources.file(key.getPkcs12(), KEY_PKCS12))
              .keyId(keyId)
              .algorithm(key.getAlgorithm());
      if (key.getPassphrase() != null) {
        config.storePassword(key.getPassphrase());
      }
      if (key.getAlias() != null) {
        config.alias(key.getAlias());
      }
      Pkcs12KeyModule module;
      try {
        module = new Pkcs12KeyModule(config.build());
      } catch (ConfigurationException e) {
        throw e.field().startsWith(PREFIX)
            ? e
            : at(e.field().equals("alias") ? KEY_ALIAS : KEY_ID, e);
      }
      try {
        builder.clientCredentials(id, secret).keySource(keySource(module));
      } catch (KeyException e) {
        throw at(keyProperty(e, Mode.PKCS12), e);
      }
      return Mode.PKCS12;
    }
    refuseWith(KEY_TINK, "carries its key id (kid)", KEY_ID, key.getId());
    refuseWith(
        KEY_TINK, "is encrypted under boxauth.key.tink-kek", KEY_PASSPHRASE, key.getPassphrase());
    refuseWith(KEY_TINK, "has no alias", KEY_ALIAS, key.getAlias());
    if (key.getAlgorithm() != SignatureAlgorithm.RS256) {
      throw new ConfigurationException(
          "boxauth.key.algorithm",
          "is set together with boxauth.key.tink-keyset, which carries its algorithm",
          "remove boxauth.key.algorithm");
    }
    if (key.getTinkKek() == null) {
      throw new ConfigurationException(
          KEY_TINK_KEK,
          "is not set, and boxauth.key.tink-keyset is encrypted under it",
          "point it at the key-encryption keyset the keyset was written with (`boxauth keys kek`)");
    }
    TinkKeyConfig config =
        TinkKeyConfig.builder()
            .keysetJson(Resources.text(key.getTinkKeyset(), KEY_TINK))
            .kek(TinkAeads.fromKeyset(key.getTinkKek(), KEY_TINK_KEK))
            .build();
    try {
      builder.clientCredentials(id, secret).keySource(keySource(new TinkKeyModule(config)));
    } catch (KeyException e) {
      throw at(keyProperty(e, Mode.TINK), e);
    }
    return Mode.TINK;
  }

  private static String requireKeyId(BoxAuthProperties.Key key) {
    if (blank(key.getId())) {
      throw new ConfigurationException(
          KEY_ID,
          "is not set, and the key needs it",
          "set it to the id Box showed when the public key was added (the app's Configuration"
              + " page)");
    }
    return key.getId();
  }

  /**
   * Loads a key through its module, as {@code BoxAuth} would, and hands the loaded key source to
   * the builder: the key is read and decrypted once, here.
   */
  private static KeySource keySource(Module keyModule) {
    try {
      return Guice.createInjector(Stage.PRODUCTION, keyModule).getInstance(KeySource.class);
    } catch (CreationException e) {
      for (Message m : e.getErrorMessages()) {
        for (Throwable t = m.getCause(); t != null; t = t.getCause()) {
          if (t instanceof AuthException auth) {
            throw auth;
          }
        }
      }
      throw e;
    }
  }

  private HttpTransportConfig http() {
    BoxAuthProperties.Http http = properties.getHttp();
    HttpTransportConfig.Builder b =
        HttpTransportConfig.builder()
            .connectTimeout(http.getConnectTimeout())
            .readTimeout(http.getReadTimeout())
            .callTimeout(http.getCallTimeout())
            .connectionWarmUp(http.isConnectionWarmUp());
    try {
      if (properties.getBaseUrl() != null) {
        b.baseUrl(properties.getBaseUrl());
      }
      proxy(b, http.getProxy());
      if (http.getTrustStore() != null) {
        b.trustStore(trustStore(http));
      } else {
        refuseWithout("boxauth.http.trust-store-password", http.getTrustStorePassword());
      }
      return b.build();
    } catch (ConfigurationException e) {
      throw e.field().startsWith(PREFIX) ? e : at(httpField(e.field()), e);
    }
  }

  private static void proxy(HttpTransportConfig.Builder b, BoxAuthProperties.Proxy proxy) {
    if (proxy.getHost() == null) {
      refuseWithout("boxauth.http.proxy.port", proxy.getPort());
      refuseWithout("boxauth.http.proxy.username", proxy.getUsername());
      refuseWithout("boxauth.http.proxy.password", proxy.getPassword());
      return;
    }
    if (proxy.getPort() == null) {
      throw new ConfigurationException(
          "boxauth.http.proxy.port", "is not set", "set the proxy's port, e.g. 3128");
    }
    b.httpProxy(proxy.getHost(), proxy.getPort());
    if (proxy.getUsername() != null || proxy.getPassword() != null) {
      if (proxy.getUsername() == null || proxy.getPassword() == null) {
        throw new ConfigurationException(
            proxy.getUsername() == null
                ? "boxauth.http.proxy.username"
                : "boxauth.http.proxy.password",
            "is not set, and the other proxy credential is",
            "set both boxauth.http.proxy.username and boxauth.http.proxy.password, or neither");
      }
      b.proxyCredentials(
          HttpTransportConfig.ProxyCredentials.of(proxy.getUsername(), proxy.getPassword()));
    }
  }

  /** The trust store {@code boxauth.http.trust-store*} describe, loaded. */
  static KeyStore trustStore(BoxAuthProperties.Http http) {
    String property = "boxauth.http.trust-store";
    String file = http.getTrustStore().getDescription();
    byte[] bytes = Resources.bytes(http.getTrustStore(), property);
    char[] password =
        http.getTrustStorePassword() == null ? null : http.getTrustStorePassword().toCharArray();
    KeyStore store;
    try {
      store = KeyStore.getInstance(http.getTrustStoreType());
    } catch (KeyStoreException e) {
      throw new ConfigurationException(
          "boxauth.http.trust-store-type",
          "'" + http.getTrustStoreType() + "' is not a key store type this JVM reads",
          "use PKCS12 or JKS");
    }
    try {
      store.load(new ByteArrayInputStream(bytes), password);
      return store;
    } catch (IOException e) {
      if (e.getCause() instanceof UnrecoverableKeyException) {
        throw new ConfigurationException(
            "boxauth.http.trust-store-password",
            "does not open " + file,
            "set the trust store's password");
      }
      throw new ConfigurationException(
          property,
          file + " can't be read as a " + http.getTrustStoreType() + " key store",
          "point it at a key store of certificates, and set boxauth.http.trust-store-type");
    } catch (GeneralSecurityException e) {
      throw new ConfigurationException(
          property,
          file + " can't be loaded (" + e.getClass().getSimpleName() + ")",
          "point it at a key store of certificates");
    }
  }

  private TokenPolicy policy() {
    BoxAuthProperties.Policy p = properties.getPolicy();
    try {
      return TokenPolicy.builder()
          .refreshMargin(p.getRefreshMargin())
          .refreshJitter(p.getRefreshJitter())
          .expiryMargin(p.getExpiryMargin())
          .deadline(p.getDeadline())
          .maxAttempts(p.getMaxAttempts())
          .backoff(p.getInitialBackoff(), p.getMaxBackoff())
          .refreshCooldown(p.getRefreshCooldown())
          .build();
    } catch (IllegalArgumentException | NullPointerException e) {
      // The builder's messages start with the value's name, e.g. "maxAttempts must be at least 1".
      String message = String.valueOf(e.getMessage());
      String name = message.split("[ (]", 2)[0];
      throw new ConfigurationException(
          "boxauth.policy." + kebab(name.isEmpty() ? "policy" : name),
          message,
          "see the defaults in the boxauth.policy.* documentation");
    }
  }

  private void store(BoxAuth.Builder builder, TokenStore tokenStore) {
    BoxAuthProperties.Store store = properties.getStore();
    BoxAuthProperties.Redis redis = store.getRedis();
    if (store.getType() == BoxAuthProperties.StoreType.MEMORY) {
      String redisSetting =
          redis.getUri() != null
              ? "boxauth.store.redis.uri"
              : redis.getAeadKeyset() != null
                  ? "boxauth.store.redis.aead-keyset"
                  : redis.getPassword() != null ? "boxauth.store.redis.password" : null;
      if (redisSetting != null) {
        throw new ConfigurationException(
            "boxauth.store.type",
            "is memory, yet " + redisSetting + " is set",
            "set boxauth.store.type=redis to share tokens through Redis, or remove the"
                + " boxauth.store.redis.* settings");
      }
      if (tokenStore != null) {
        builder.tokenStore(tokenStore);
      }
      return;
    }
    if (tokenStore != null) {
      throw new ConfigurationException(
          "boxauth.store.type",
          "is redis, and the application also defines a TokenStore bean",
          "remove one: boxauth.store.type=redis makes the store from boxauth.store.redis.*");
    }
    if (!ClassUtils.isPresent(REDIS_MODULE, classLoader)) {
      throw new ConfigurationException(
          "boxauth.store.type",
          "is redis, and dev.boxauth:adapter-redis is not on the class path",
          "add the dependency dev.boxauth:adapter-redis (same version as the starter)");
    }
    if (blank(redis.getUri())) {
      throw new ConfigurationException(
          "boxauth.store.redis.uri", "is not set", "set it, e.g. redis://redis.internal:6379/0");
    }
    if (redis.getAeadKeyset() == null) {
      throw new ConfigurationException(
          "boxauth.store.redis.aead-keyset",
          "is not set, and tokens are stored encrypted",
          "point it at a Tink AEAD keyset every process of the fleet shares (`boxauth keys kek`)");
    }
    // The module puts the store among BoxAuth's closeables: BoxAuth owns it and closes it.
    builder.module(
        RedisStores.module(
            redis, TinkAeads.fromKeyset(redis.getAeadKeyset(), "boxauth.store.redis.aead-keyset")));
  }

  /** Where a failure from {@code BoxAuth.build()} must be fixed. */
  private static String property(ConfigurationException e, Mode mode) {
    String field = e.field();
    return switch (field) {
      case "enterpriseId", "enterpriseID" -> ENTERPRISE_ID;
      case "userId", "userID" -> USER_ID;
      case "clientId", "clientCredentials" -> mode == Mode.CONFIG_FILE ? CONFIG_FILE : CLIENT_ID;
      case "clientSecret" -> mode == Mode.CONFIG_FILE ? CONFIG_FILE : CLIENT_SECRET;
      case "keyId" -> mode == Mode.CONFIG_FILE ? CONFIG_FILE : KEY_ID;
      default -> mode == Mode.CONFIG_FILE ? CONFIG_FILE : keyLocation(mode);
    };
  }

  private static String keyProperty(KeyException e, Mode mode) {
    boolean passphrase =
        e.problem() == KeyException.Problem.WRONG_PASSPHRASE
            || e.problem() == KeyException.Problem.PASSPHRASE_REQUIRED;
    return switch (mode) {
      case CONFIG_FILE -> CONFIG_FILE;
      case TINK -> passphrase ? KEY_TINK_KEK : KEY_TINK;
      case PEM, PKCS12 -> passphrase ? KEY_PASSPHRASE : keyLocation(mode);
      case CLIENT_CREDENTIALS -> "boxauth";
    };
  }

  private static String keyLocation(Mode mode) {
    return switch (mode) {
      case PEM -> KEY_PEM;
      case PKCS12 -> KEY_PKCS12;
      case TINK -> KEY_TINK;
      case CONFIG_FILE -> CONFIG_FILE;
      case CLIENT_CREDENTIALS -> "boxauth";
    };
  }

  /** HttpTransportConfig's names. */
  private static String httpField(String field) {
    if (field.equals("baseUrl")) {
      return "boxauth.base-url";
    }
    if (field.startsWith("proxyCredentials")) {
      return field.endsWith("password")
          ? "boxauth.http.proxy.password"
          : "boxauth.http.proxy.username";
    }
    if (field.equals("proxy")) {
      return "boxauth.http.proxy.host";
    }
    return "boxauth.http." + kebab(field);
  }

  /**
   * {@code e} re-raised at {@code property}: the same problem and fix, with the property in front
   * and {@code e} as the cause.
   */
  static ConfigurationException at(String property, AuthException e) {
    return new ConfigurationException(
        property, problem(e, property.equals(CONFIG_FILE)), e.fix(), e);
  }

  /**
   * The message without its fix and, unless {@code keepField}, without the configuration error's
   * own field name (a builder's name such as {@code baseUrl}, which the Spring property replaces).
   * A config file's JSON path (e.g. {@code boxAppSettings.clientID}) is worth keeping.
   */
  static String problem(AuthException e, boolean keepField) {
    String message = String.valueOf(e.getMessage());
    String fixSuffix = ". " + e.fix();
    if (!e.fix().isEmpty() && message.endsWith(fixSuffix)) {
      message = message.substring(0, message.length() - fixSuffix.length());
    }
    String configPrefix = "Invalid configuration: ";
    if (e instanceof ConfigurationException c && message.startsWith(configPrefix)) {
      message = message.substring(configPrefix.length());
      boolean jsonPath = c.field().contains(".") && !c.field().startsWith("redis.");
      if (!(keepField && (jsonPath || c.field().startsWith(PREFIX)))
          && message.startsWith(c.field() + ": ")) {
        message = message.substring(c.field().length() + 2);
      }
    }
    return message;
  }

  /** {@code connectTimeout} → {@code connect-timeout}. */
  static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /** Fails if {@code value} is set although {@code owner} already provides it. */
  private static void refuseWith(String owner, String why, String property, Object value) {
    if (value != null) {
      throw new ConfigurationException(
          property,
          "is set together with " + owner + ", which " + why,
          "remove " + property + ", or " + owner);
    }
  }

  /** Fails if {@code value} is set although nothing uses it. */
  private static void refuseWithout(String property, Object value) {
    if (value != null) {
      throw new ConfigurationException(
          property,
          "is set, but nothing it belongs to is",
          "remove it, or set what it belongs to (see the boxauth.* documentation)");
    }
  }
}
