package dev.boxauth.testkit;

import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * An app registered with a {@link BoxEmulator}: a Custom App using server authentication with JWT
 * ({@link BoxEmulator#newJwtApp()}) or Client Credentials ({@link BoxEmulator#newCcgApp()}), in the
 * emulator's enterprise.
 *
 * <p>A new app is authorized by the admin, may generate user access tokens, has App Access Only
 * (its own App Users, not managed users), tokens living {@link #DEFAULT_TOKEN_LIFETIME} and full
 * tokens holding {@link #DEFAULT_SCOPES}. The setters change that at any time, also while requests
 * are in flight, as an admin would in the console.
 *
 * <p>Thread-safe. {@link #toString()} shows no secret.
 */
public final class EmulatedApp {

  /** How the app authenticates, chosen when it is created. */
  public enum AuthMethod {
    /** Server authentication with JWT: a key pair, the JWT bearer grant. */
    JWT,
    /** Server authentication with Client Credentials Grant: client id and secret only. */
    CCG
  }

  /** How the private key in the config file is encrypted (always PBES2, PKCS#8). */
  public enum KeyEncryption {
    /**
     * PBKDF2-HMAC-SHA256 and AES-256-CBC: what {@code openssl pkcs8 -topk8 -v2 aes-256-cbc} writes.
     * The default.
     */
    AES_256_CBC,
    /**
     * PBKDF2-HMAC-SHA1, 8-byte salt, 2048 iterations and DES-EDE3-CBC: the form found in real
     * config files downloaded from Box's Developer Console. The JDK's own PBES2 decoder rejects it
     * ("expecting the object identifier for AES cipher").
     */
    DES_EDE3_CBC
  }

  /**
   * The default {@code expires_in}: Box documents "about 60 minutes" and has been seen sending
   * 3600, 4123 and 4175, so the emulator deliberately does not send 3600.
   */
  public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofSeconds(4123);

  /** What a full token holds by default: common standard scopes and every downscope scope. */
  public static final Set<String> DEFAULT_SCOPES =
      Collections.unmodifiableSet(
          new TreeSet<>(
              Set.of(
                  "root_readwrite",
                  "manage_app_users",
                  "manage_managed_users",
                  "manage_groups",
                  "manage_webhook",
                  "manage_enterprise_properties",
                  "annotation_edit",
                  "annotation_view_all",
                  "annotation_view_self",
                  "base_explorer",
                  "base_picker",
                  "base_preview",
                  "base_sidebar",
                  "base_upload",
                  "item_delete",
                  "item_download",
                  "item_preview",
                  "item_read",
                  "item_rename",
                  "item_share",
                  "item_upload")));

  private final Registry registry;
  private final AuthMethod authMethod;
  private final String clientId;
  private final String clientSecret;
  private final KeyPair keyPair;
  private final String keyId;
  private final String passphrase;
  private final String serviceAccountId;
  private final Map<String, RSAPublicKey> publicKeys =
      Collections.synchronizedMap(new LinkedHashMap<>());
  private final Map<KeyEncryption, String> pems = new EnumMap<>(KeyEncryption.class);
  private volatile boolean authorized = true;
  private volatile boolean userTokensEnabled = true;
  private volatile boolean enterpriseAccess;
  private volatile Duration tokenLifetime = DEFAULT_TOKEN_LIFETIME;
  private volatile Set<String> scopes = DEFAULT_SCOPES;

  private EmulatedApp(Registry registry, AuthMethod authMethod, KeyPair keyPair) {
    this.registry = registry;
    this.authMethod = authMethod;
    this.clientId = Ids.clientId();
    this.clientSecret = Ids.clientSecret();
    this.keyPair = keyPair;
    this.keyId = keyPair == null ? null : Ids.keyId();
    this.passphrase = keyPair == null ? null : Ids.passphrase();
    if (keyPair != null) {
      publicKeys.put(keyId, (RSAPublicKey) keyPair.getPublic());
    }
    this.serviceAccountId = registry.newUser(Registry.UserKind.SERVICE_ACCOUNT, clientId);
  }

  static EmulatedApp jwt(Registry registry, KeyPair keyPair) {
    return new EmulatedApp(registry, AuthMethod.JWT, Objects.requireNonNull(keyPair, "keyPair"));
  }

  static EmulatedApp ccg(Registry registry) {
    return new EmulatedApp(registry, AuthMethod.CCG, null);
  }

  /** The OAuth client id ({@code boxAppSettings.clientID}; the assertion's {@code iss}). */
  public String clientId() {
    return clientId;
  }

  /** The client secret ({@code boxAppSettings.clientSecret}). */
  public String clientSecret() {
    return clientSecret;
  }

  /** The enterprise the app lives in; the subject id of its Service Account. */
  public String enterpriseId() {
    return registry.enterpriseId;
  }

  /**
   * The user id of the app's Service Account: the user an enterprise token acts as, which {@code
   * GET /2.0/users/me} returns for it (Box creates one per app when an admin authorizes it).
   */
  public String serviceAccountId() {
    return serviceAccountId;
  }

  /** JWT or CCG. */
  public AuthMethod authMethod() {
    return authMethod;
  }

  /**
   * The id of the app's first public key ({@code publicKeyID}; the assertion header's {@code kid}).
   *
   * @throws IllegalStateException for a CCG app
   */
  public String keyId() {
    requireJwt("keyId");
    return keyId;
  }

  /**
   * The app's first key pair, a fresh 2048-bit RSA pair no other app has.
   *
   * @throws IllegalStateException for a CCG app
   */
  public KeyPair keyPair() {
    requireJwt("keyPair");
    return keyPair;
  }

  /**
   * The passphrase of {@link #privateKeyPem()} ({@code appAuth.passphrase}).
   *
   * @throws IllegalStateException for a CCG app
   */
  public String passphrase() {
    requireJwt("passphrase");
    return passphrase;
  }

  /**
   * The private key as in the config file: encrypted PKCS#8 PEM, {@link KeyEncryption#AES_256_CBC},
   * under {@link #passphrase()}.
   *
   * @throws IllegalStateException for a CCG app
   */
  public String privateKeyPem() {
    return privateKeyPem(KeyEncryption.AES_256_CBC);
  }

  /**
   * The private key as encrypted PKCS#8 PEM under {@link #passphrase()}. The same text on every
   * call.
   *
   * @throws IllegalStateException for a CCG app
   */
  public String privateKeyPem(KeyEncryption encryption) {
    Objects.requireNonNull(encryption, "encryption");
    requireJwt("privateKeyPem");
    synchronized (pems) {
      return pems.computeIfAbsent(
          encryption,
          e ->
              e == KeyEncryption.AES_256_CBC
                  ? KeyMaterial.encryptedPkcs8Pem(keyPair.getPrivate(), passphrase.toCharArray())
                  : KeyMaterial.consolePkcs8Pem(keyPair.getPrivate(), passphrase.toCharArray()));
    }
  }

  /**
   * The app's config file as the Developer Console writes it ({@code boxAppSettings} with {@code
   * clientID}, {@code clientSecret}, {@code appAuth.publicKeyID/privateKey/passphrase}, and {@code
   * enterpriseID} as a string), with the key encrypted as {@link KeyEncryption#AES_256_CBC}.
   *
   * @throws IllegalStateException for a CCG app (the console writes no config file for those)
   */
  public String configJson() {
    return configJson(KeyEncryption.AES_256_CBC);
  }

  /**
   * The app's config file with the private key encrypted as {@code encryption}.
   *
   * @throws IllegalStateException for a CCG app
   */
  public String configJson(KeyEncryption encryption) {
    String pem = privateKeyPem(encryption);
    return "{\n"
        + "  \"boxAppSettings\": {\n"
        + "    \"clientID\": "
        + JsonWriter.quoteUnescapedSlash(clientId)
        + ",\n"
        + "    \"clientSecret\": "
        + JsonWriter.quoteUnescapedSlash(clientSecret)
        + ",\n"
        + "    \"appAuth\": {\n"
        + "      \"publicKeyID\": "
        + JsonWriter.quoteUnescapedSlash(keyId)
        + ",\n"
        + "      \"privateKey\": "
        + JsonWriter.quoteUnescapedSlash(pem)
        + ",\n"
        + "      \"passphrase\": "
        + JsonWriter.quoteUnescapedSlash(passphrase)
        + "\n"
        + "    }\n"
        + "  },\n"
        + "  \"enterpriseID\": "
        + JsonWriter.quoteUnescapedSlash(registry.enterpriseId)
        + "\n"
        + "}";
  }

  /**
   * Creates an App User of this app (as its Service Account would with {@code POST /users}).
   *
   * @return the new user's id, a numeric string
   */
  public String newAppUser() {
    return registry.newUser(Registry.UserKind.APP_USER, clientId);
  }

  /**
   * Registers another public key under a new key id (key rotation, or a key pair a test made, e.g.
   * for a PKCS#12 fixture). Assertions may then name that kid.
   *
   * @param publicKey an RSA public key
   * @return the key id Box would assign
   */
  public String addPublicKey(PublicKey publicKey) {
    String kid = Ids.keyId();
    addPublicKey(kid, publicKey);
    return kid;
  }

  /**
   * Registers a public key under a key id of the test's choosing (replacing any key with it).
   *
   * @return this
   * @throws IllegalArgumentException if the key is not RSA
   */
  public EmulatedApp addPublicKey(String keyId, PublicKey publicKey) {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(publicKey, "publicKey");
    if (!(publicKey instanceof RSAPublicKey)) {
      throw new IllegalArgumentException(
          "Box accepts RSA public keys only, got " + publicKey.getAlgorithm());
    }
    if (keyId.isEmpty()) {
      throw new IllegalArgumentException("keyId must not be empty");
    }
    publicKeys.put(keyId, (RSAPublicKey) publicKey);
    return this;
  }

  /**
   * Removes a public key (the end of a key rotation); assertions naming it then fail.
   *
   * @return this
   */
  public EmulatedApp removePublicKey(String keyId) {
    publicKeys.remove(Objects.requireNonNull(keyId, "keyId"));
    return this;
  }

  /**
   * Whether an enterprise admin has authorized the app; an unauthorized app gets {@code
   * unauthorized_client}.
   *
   * @return this
   */
  public EmulatedApp authorized(boolean authorized) {
    this.authorized = authorized;
    return this;
  }

  /**
   * The "Generate user access tokens" setting.
   *
   * @return this
   */
  public EmulatedApp userTokensEnabled(boolean enabled) {
    this.userTokensEnabled = enabled;
    return this;
  }

  /**
   * Application Access "App + Enterprise Access" (true) or "App Access Only" (false, the default):
   * only with the former may the app get tokens for managed users.
   *
   * @return this
   */
  public EmulatedApp enterpriseAccess(boolean enabled) {
    this.enterpriseAccess = enabled;
    return this;
  }

  /**
   * The lifetime of the tokens issued from now on ({@code expires_in}).
   *
   * @param lifetime at least one second
   * @return this
   */
  public EmulatedApp tokenLifetime(Duration lifetime) {
    Objects.requireNonNull(lifetime, "lifetime");
    if (lifetime.getSeconds() < 1) {
      throw new IllegalArgumentException("lifetime must be at least 1 s, got " + lifetime);
    }
    this.tokenLifetime = lifetime;
    return this;
  }

  /** The lifetime of the tokens issued from now on. */
  public Duration tokenLifetime() {
    return tokenLifetime;
  }

  /**
   * The scopes full tokens hold from now on; a downscope request may ask for any subset.
   *
   * @return this
   */
  public EmulatedApp scopes(Set<String> scopes) {
    Objects.requireNonNull(scopes, "scopes");
    for (String s : scopes) {
      if (s == null || s.isEmpty() || s.contains(" ")) {
        throw new IllegalArgumentException("invalid scope: '" + s + "'");
      }
    }
    this.scopes = Collections.unmodifiableSet(new TreeSet<>(scopes));
    return this;
  }

  /** The scopes full tokens hold. */
  public Set<String> scopes() {
    return scopes;
  }

  boolean isAuthorized() {
    return authorized;
  }

  boolean userTokensEnabled() {
    return userTokensEnabled;
  }

  boolean enterpriseAccess() {
    return enterpriseAccess;
  }

  /** The registered public keys, by kid, in registration order (a snapshot). */
  Map<String, RSAPublicKey> publicKeys() {
    synchronized (publicKeys) {
      return new LinkedHashMap<>(publicKeys);
    }
  }

  /**
   * Whether this app may get a token for this user (docs/token-endpoint.md, "The emulator's check
   * order", check 17).
   */
  boolean mayActFor(Registry.User user) {
    if (!userTokensEnabled) {
      return false;
    }
    switch (user.kind()) {
      case APP_USER:
        return clientId.equals(user.ownerClientId());
      case MANAGED:
        return enterpriseAccess;
      default:
        return false;
    }
  }

  private void requireJwt(String what) {
    if (authMethod != AuthMethod.JWT) {
      throw new IllegalStateException(
          what + " exists only for JWT apps; this app uses Client Credentials Grant");
    }
  }

  @Override
  public String toString() {
    return "EmulatedApp["
        + authMethod
        + ", clientId="
        + clientId
        + ", enterprise="
        + registry.enterpriseId
        + (keyId == null ? "" : ", kid=" + keyId)
        + "]";
  }
}
