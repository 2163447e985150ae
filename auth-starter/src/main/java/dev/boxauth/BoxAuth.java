package dev.boxauth;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.ProvisionException;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import com.google.inject.spi.Message;
import com.google.inject.util.Modules;
import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.AuthException;
import dev.boxauth.domain.ClientCredentials;
import dev.boxauth.domain.ClientId;
import dev.boxauth.domain.ClientSecret;
import dev.boxauth.domain.ConfigurationException;
import dev.boxauth.domain.DownscopeTarget;
import dev.boxauth.domain.EnterpriseId;
import dev.boxauth.domain.SignatureAlgorithm;
import dev.boxauth.domain.Subject;
import dev.boxauth.http.BoxAuthInterceptor;
import dev.boxauth.http.HttpTransportConfig;
import dev.boxauth.http.HttpWarmUp;
import dev.boxauth.keystore.BoxAppConfig;
import dev.boxauth.port.KeySource;
import dev.boxauth.port.Ticker;
import dev.boxauth.port.TokenListener;
import dev.boxauth.port.TokenSource;
import dev.boxauth.port.TokenStore;
import dev.boxauth.port.TokenTransport;
import dev.boxauth.service.TokenPolicy;
import dev.boxauth.service.TokenService;
import dev.boxauth.service.TokenStatus;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import okhttp3.Interceptor;

/**
 * Box access tokens for a server app: the front door of boxauth.
 *
 * <pre>{@code
 * BoxAuth auth = BoxAuth.fromConfigFile(Path.of("config.json"));   // a JWT app
 * AccessToken t = auth.enterprise().token();       // the Service Account's token, cached
 * AccessToken u = auth.user("12345").token();      // a user's token
 * AccessToken d = auth.downscope(t, Set.of("item_preview"), "https://api.box.com/2.0/files/123");
 * auth.revoke(t);
 * }</pre>
 *
 * <p>Tokens are cached per subject and refreshed in the background before they expire; however many
 * threads ask, one request is made. Build one {@code BoxAuth} per app and share it: it is
 * thread-safe. {@link #close()} stops its background refresh and releases its HTTP connections.
 *
 * <p>Inside, a Guice injector assembles the default adapters; {@link Builder#module(Module)} adds
 * or overrides any binding (a custom key source, token store or transport).
 */
public final class BoxAuth implements AutoCloseable {
  private final TokenService tokens;
  private final Subject defaultSubject;
  private final TokenSource defaultSource;
  private final TokenSource enterprise;
  private final Closer closer;

  private BoxAuth(
      TokenService tokens, Subject defaultSubject, Subject.Enterprise enterprise, Closer closer) {
    this.tokens = tokens;
    this.defaultSubject = defaultSubject;
    this.defaultSource = tokens.source(defaultSubject);
    this.enterprise = enterprise == null ? null : tokens.source(enterprise);
    this.closer = closer;
  }

  /**
   * A JWT app from the config file the Box Developer Console downloads.
   *
   * @throws AuthException typed: a missing or malformed file or field, or an unusable key
   */
  public static BoxAuth fromConfigFile(Path configFile) {
    return builder().config(configFile).build();
  }

  /** A JWT app from the config file's JSON text. */
  public static BoxAuth fromConfigJson(String configJson) {
    return builder().configJson(configJson).build();
  }

  /** A builder for any app: JWT from a config, or Client Credentials Grant. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Tokens for the enterprise's Service Account.
   *
   * @throws ConfigurationException if no enterprise id is configured
   */
  public TokenSource enterprise() {
    if (enterprise == null) {
      throw new ConfigurationException(
          "enterpriseID",
          "no enterprise id is configured, so there is no Service Account to act as",
          "set enterpriseID in the config file or call BoxAuth.builder().enterpriseId(...), or use"
              + " user(id)");
    }
    return enterprise;
  }

  /**
   * Tokens for one user (an App User, or a managed user if the app may act for them).
   *
   * @throws IllegalArgumentException if {@code userId} is not a Box id (digits)
   */
  public TokenSource user(String userId) {
    return tokens.source(Subject.user(Objects.requireNonNull(userId, "userId")));
  }

  /**
   * Tokens for the configured default subject: the enterprise, or the {@code userID} when the
   * config names no enterprise.
   */
  public TokenSource defaultSource() {
    return defaultSource;
  }

  /** The configured default subject. */
  public Subject defaultSubject() {
    return defaultSubject;
  }

  /**
   * A token limited to {@code scopes} on one item (RFC 8693 token exchange), e.g. for a browser.
   *
   * @param token a token this app got, holding every requested scope
   * @param scopes e.g. {@code item_preview}
   * @param resource the item's full API URL, e.g. {@code https://api.box.com/2.0/files/123}
   * @throws AuthException typed, if Box refuses (e.g. {@code INVALID_RESOURCE}) or can't be reached
   */
  public AccessToken downscope(AccessToken token, Set<String> scopes, String resource) {
    return tokens.downscope(
        token, scopes, DownscopeTarget.resource(Objects.requireNonNull(resource, "resource")));
  }

  /** A token limited to {@code scopes}, on no particular item. */
  public AccessToken downscope(AccessToken token, Set<String> scopes) {
    return tokens.downscope(token, scopes, DownscopeTarget.none());
  }

  /** A token limited to {@code scopes} on a target: none, a resource or a shared link. */
  public AccessToken downscope(AccessToken token, Set<String> scopes, DownscopeTarget target) {
    return tokens.downscope(token, scopes, target);
  }

  /**
   * Revokes {@code token} at Box and drops it from the cache, so the next {@code token()} for its
   * subject gets a new one.
   *
   * @throws AuthException typed, if Box refuses or can't be reached
   */
  public void revoke(AccessToken token) {
    tokens.revoke(token);
  }

  /**
   * An OkHttp interceptor for your own Box API calls as the default subject: adds {@code
   * Authorization: Bearer}, and on a 401 drops that token and retries once.
   */
  public Interceptor interceptor() {
    return new BoxAuthInterceptor(defaultSource);
  }

  /** As {@link #interceptor()}, for any token source (e.g. {@code auth.user(id)}). */
  public Interceptor interceptor(TokenSource source) {
    return new BoxAuthInterceptor(source);
  }

  /** The server's clock minus this host's, as learned from Box's replies. */
  public java.time.Duration serverClockOffset() {
    return tokens.serverClockOffset();
  }

  /** What this instance holds now, from cached state alone: never requests a token. */
  public TokenStatus status() {
    return tokens.status();
  }

  /**
   * Stops background refreshes and releases the HTTP client and any other resource the modules
   * registered, in this order: the token service (no refresh starts after it), the token transport
   * (requests in flight are cancelled, pooled connections closed), then each member of the
   * injector's {@code Set<AutoCloseable>} (such as a Redis store's connection) in the set's order.
   * Each is closed once; a failure is logged and the rest are still closed. Tokens already handed
   * out stay valid. A token store passed to {@link Builder#tokenStore(TokenStore)} is the caller's
   * to close. Idempotent and thread-safe.
   */
  @Override
  public void close() {
    closer.close();
  }

  /**
   * Assembles a {@link BoxAuth}. Choose the app's authentication with {@link #config(Path)} (or
   * {@link #configJson(String)}, {@link #config(BoxAppConfig)}) for JWT, or {@link
   * #clientCredentials(String, String)} for the Client Credentials Grant; everything else has
   * defaults. Not thread-safe; {@link #build()} may be called more than once.
   */
  public static final class Builder {
    private static final String COPY_CREDENTIALS =
        "copy it from the Developer Console (Configuration, OAuth 2.0 Credentials)";

    /** Reads the JWT app's config when {@link #build()} runs; null unless a config was given. */
    private Supplier<BoxAppConfig> configReader;

    private String clientId;
    private String clientSecret;
    private KeySource keySource;
    private String enterpriseId;
    private String userId;
    private URI baseUrl;
    private HttpTransportConfig http = HttpTransportConfig.defaults();
    private TokenStore tokenStore;
    private TokenPolicy policy;
    private Clock clock;
    private Ticker ticker;
    private SignatureAlgorithm algorithm = SignatureAlgorithm.RS256;
    private final List<TokenListener> listeners = new ArrayList<>();
    private final List<Module> modules = new ArrayList<>();

    private Builder() {}

    /** A JWT app from the Developer Console's config file (read when {@link #build()} runs). */
    public Builder config(Path configFile) {
      Objects.requireNonNull(configFile, "configFile");
      return jwtConfig(() -> BoxAppConfig.read(configFile));
    }

    /** A JWT app from the config file's JSON text. */
    public Builder configJson(String configJson) {
      Objects.requireNonNull(configJson, "configJson");
      return jwtConfig(() -> BoxAppConfig.parse(configJson));
    }

    /** A JWT app from a config built in code (e.g. for an app whose public key you uploaded). */
    public Builder config(BoxAppConfig config) {
      Objects.requireNonNull(config, "config");
      return jwtConfig(() -> config);
    }

    /** A config replaces any app set in code (client credentials, key source). */
    private Builder jwtConfig(Supplier<BoxAppConfig> reader) {
      configReader = reader;
      clientId = null;
      clientSecret = null;
      keySource = null;
      return this;
    }

    /**
     * The app's client id and secret: a Client Credentials Grant app, or, with {@link
     * #keySource(KeySource)}, a JWT app whose key lives elsewhere. Name the subject with {@link
     * #enterpriseId} or {@link #userId}.
     */
    public Builder clientCredentials(String clientId, String clientSecret) {
      this.clientId = Objects.requireNonNull(clientId, "clientId");
      this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
      configReader = null;
      return this;
    }

    /**
     * Makes the app a JWT app that signs with {@code keySource}: a key in an HSM, a KMS or any
     * signer of yours, which never leaves it. Needs {@link #clientCredentials(String, String)} for
     * the client id and secret.
     */
    public Builder keySource(KeySource keySource) {
      this.keySource = Objects.requireNonNull(keySource, "keySource");
      configReader = null;
      return this;
    }

    /**
     * The enterprise whose Service Account {@link #enterprise()} acts as; overrides the config's.
     */
    public Builder enterpriseId(String enterpriseId) {
      this.enterpriseId = Objects.requireNonNull(enterpriseId, "enterpriseId");
      return this;
    }

    /**
     * The default subject when there is no enterprise (mirrors the config file's {@code userID}).
     */
    public Builder userId(String userId) {
      this.userId = Objects.requireNonNull(userId, "userId");
      return this;
    }

    /** The API host, default {@code https://api.box.com}; plain HTTP only on loopback. */
    public Builder baseUrl(URI baseUrl) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
      return this;
    }

    /** Timeouts, proxy and body cap; {@link #baseUrl(URI)} still applies on top. */
    public Builder http(HttpTransportConfig http) {
      this.http = Objects.requireNonNull(http, "http");
      return this;
    }

    /** Where tokens are kept, e.g. a Redis store shared by a fleet. You close it. */
    public Builder tokenStore(TokenStore tokenStore) {
      this.tokenStore = Objects.requireNonNull(tokenStore, "tokenStore");
      return this;
    }

    /** Margins, retries and the deadline; default {@link TokenPolicy#defaults()}. */
    public Builder policy(TokenPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** This host's wall clock (tests); default {@code Clock.systemUTC()}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The monotonic time cached tokens age on (tests); default {@link Ticker#SYSTEM}. */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /** The JWT signature algorithm; default RS256. */
    public Builder algorithm(SignatureAlgorithm algorithm) {
      this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
      return this;
    }

    /** Also sends events to {@code listener} (metrics, tracing); SLF4J logging stays on. */
    public Builder listener(TokenListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Adds a Guice module whose bindings add to or override the defaults, e.g. a custom {@code
     * KeySource} and {@code AssertionSigner}, a transport or a store.
     */
    public Builder module(Module module) {
      modules.add(Objects.requireNonNull(module, "module"));
      return this;
    }

    /**
     * Builds it: reads the config, decrypts the key, checks every setting. Meanwhile, on two daemon
     * threads that end with their work, it decrypts the key and makes the HTTP client, and opens
     * the client's connection to the token endpoint with a {@code GET /oauth2/token} that carries
     * no credential (Box refuses it; an endpoint that can't be reached is not an error here, the
     * first {@code token()} reports it), so that the first token costs one POST on a warm client.
     * {@link HttpTransportConfig.Builder#connectionWarmUp(boolean)} turns that request off.
     *
     * @throws AuthException typed ({@link ConfigurationException} or {@code KeyException}) naming
     *     what is wrong and how to fix it
     */
    public BoxAuth build() {
      HttpTransportConfig transport = transportConfig();
      // The cold work of a fresh JVM runs beside Guice's: the HTTP client and its connection
      // (HttpWarmUp), and the key's decryption (App.JwtConfig).
      HttpWarmUp warmUp = HttpWarmUp.start(transport, Builder::startThread);
      try {
        App app = app();
        Subject.Enterprise enterprise =
            enterpriseId != null
                ? enterprise(enterpriseId)
                : app.configuredEnterprise().orElse(null);
        Subject user = userId != null ? user(userId) : app.configuredUser().orElse(null);
        if (enterprise == null && user == null) {
          throw app.noSubject();
        }
        List<Module> core = new ArrayList<>();
        core.add(new BoxAuthModule());
        core.add(warmUp.module());
        core.addAll(app.modules(algorithm, Builder::startThread));
        core.add(settings());
        Module all =
            modules.isEmpty()
                ? Modules.combine(core)
                : Modules.override(core).with(List.copyOf(modules));
        Injector injector = createInjector(all);
        TokenService tokens = injector.getInstance(TokenService.class);
        Closer closer = new Closer();
        closer.register(tokens);
        closer.register(injector.getInstance(TokenTransport.class));
        closer.register(warmUp);
        injector
            .getInstance(Key.get(new TypeLiteral<Set<AutoCloseable>>() {}))
            .forEach(closer::register);
        return new BoxAuth(tokens, enterprise != null ? enterprise : user, enterprise, closer);
      } catch (RuntimeException | Error e) {
        warmUp.close();
        throw e;
      }
    }

    /** Runs one task of {@link #build()}'s head start: a daemon thread that ends with it. */
    private static void startThread(Runnable task) {
      Thread thread = new Thread(task, "boxauth-start");
      thread.setDaemon(true);
      thread.start();
    }

    /** The transport's settings, with the base URL and the deadline applied. */
    private HttpTransportConfig transportConfig() {
      HttpTransportConfig.Builder transport = http.toBuilder();
      if (baseUrl != null) {
        transport.baseUrl(baseUrl);
      }
      if (policy != null && policy.deadline().compareTo(http.callTimeout()) < 0) {
        // The deadline bounds waits between attempts; this bounds the request in flight.
        transport.callTimeout(policy.deadline());
      }
      return transport.build();
    }

    /** The app the builder was told about. */
    private App app() {
      if (configReader != null) {
        return new App.JwtConfig(configReader.get());
      }
      if (clientId != null) {
        ClientCredentials client = clientCredentials();
        return keySource != null
            ? new App.CustomKey(client, keySource)
            : new App.ClientCredentialsGrant(client);
      }
      if (keySource != null) {
        throw new ConfigurationException(
            "clientCredentials",
            "a key source was given without the app's client id and secret",
            "call clientCredentials(id, secret) with keySource(...)");
      }
      throw new ConfigurationException(
          "config",
          "no app is configured",
          "call config(path) or configJson(json) for a JWT app, or clientCredentials(id, secret)"
              + " for a Client Credentials Grant app");
    }

    /**
     * The builder's store, policy, clock, ticker and listeners, over the defaults of BoxAuthModule.
     */
    private Module settings() {
      TokenStore store = tokenStore;
      TokenPolicy tokenPolicy = policy;
      Clock hostClock = clock;
      Ticker monotonic = ticker;
      List<TokenListener> extraListeners = List.copyOf(listeners);
      return binder -> {
        if (store != null) {
          OptionalBinder.newOptionalBinder(binder, TokenStore.class).setBinding().toInstance(store);
        }
        if (tokenPolicy != null) {
          OptionalBinder.newOptionalBinder(binder, TokenPolicy.class)
              .setBinding()
              .toInstance(tokenPolicy);
        }
        if (hostClock != null) {
          OptionalBinder.newOptionalBinder(binder, Clock.class).setBinding().toInstance(hostClock);
        }
        if (monotonic != null) {
          OptionalBinder.newOptionalBinder(binder, Ticker.class).setBinding().toInstance(monotonic);
        }
        if (!extraListeners.isEmpty()) {
          Multibinder<TokenListener> set = Multibinder.newSetBinder(binder, TokenListener.class);
          extraListeners.forEach(l -> set.addBinding().toInstance(l));
        }
      };
    }

    private ClientCredentials clientCredentials() {
      ClientId id;
      try {
        id = new ClientId(clientId);
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException("clientId", e.getMessage(), COPY_CREDENTIALS);
      }
      if (clientSecret.isEmpty()) {
        throw new ConfigurationException(
            "clientSecret", "the client secret is empty", COPY_CREDENTIALS);
      }
      return new ClientCredentials(id, ClientSecret.of(clientSecret));
    }

    private static Subject.Enterprise enterprise(String id) {
      try {
        return new Subject.Enterprise(new EnterpriseId(id));
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException(
            "enterpriseId",
            e.getMessage(),
            "use the enterprise's numeric id from the Admin Console");
      }
    }

    private static Subject user(String id) {
      try {
        return Subject.user(id);
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException("userId", e.getMessage(), "use the user's numeric Box id");
      }
    }

    /** Guice wraps what providers throw; users get the typed error itself. */
    private static Injector createInjector(Module module) {
      try {
        return Guice.createInjector(Stage.PRODUCTION, module);
      } catch (CreationException e) {
        throw firstAuthError(e.getErrorMessages()).orElseThrow(() -> e);
      } catch (ProvisionException e) {
        throw firstAuthError(e.getErrorMessages()).orElseThrow(() -> e);
      }
    }

    private static Optional<AuthException> firstAuthError(Iterable<Message> messages) {
      for (Message m : messages) {
        for (Throwable t = m.getCause(); t != null; t = t.getCause()) {
          if (t instanceof AuthException auth) {
            return Optional.of(auth);
          }
        }
      }
      return Optional.empty();
    }
  }
}
