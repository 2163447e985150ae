package dev.boxauth.keystore;

import dev.boxauth.domain.ClientCredentials;
import dev.boxauth.domain.ClientId;
import dev.boxauth.domain.ClientSecret;
import dev.boxauth.domain.ConfigurationException;
import dev.boxauth.domain.EnterpriseId;
import dev.boxauth.domain.KeyId;
import dev.boxauth.domain.Secret;
import dev.boxauth.domain.Subject;
import dev.boxauth.domain.UserId;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A Box JWT app's settings: client credentials, the enterprise and/or user it acts for, the key id
 * Box gave the public key, and the private key PEM with its passphrase.
 *
 * <p>Read it from the JSON file the Box Developer Console downloads ({@link #read(Path)}, {@link
 * #read(Reader)}, {@link #parse(String)}), or build it from separate values with {@link #builder()}
 * when the app uses a public key you uploaded yourself (then there is no config file).
 *
 * <p>The client secret, the private key and the passphrase are {@link Secret}s: {@link #toString()}
 * shows none of them. The key is not decrypted here: {@link BoxConfigKeyModule} (or {@link
 * KeyTools#readPrivateKey(BoxAppConfig)}) does that once. Immutable and thread-safe.
 */
public final class BoxAppConfig {
  private final ClientCredentials client;
  private final EnterpriseId enterpriseId;
  private final UserId userId;
  private final KeyId keyId;
  private final Secret privateKeyPem;
  private final Secret passphrase;
  private final String source;

  BoxAppConfig(
      ClientCredentials client,
      EnterpriseId enterpriseId,
      UserId userId,
      KeyId keyId,
      Secret privateKeyPem,
      Secret passphrase,
      String source) {
    this.client = Objects.requireNonNull(client, "client");
    this.enterpriseId = enterpriseId;
    this.userId = userId;
    this.keyId = Objects.requireNonNull(keyId, "keyId");
    this.privateKeyPem = Objects.requireNonNull(privateKeyPem, "privateKeyPem");
    this.passphrase = passphrase;
    this.source = Objects.requireNonNull(source, "source");
  }

  /**
   * Reads the config file the Box Developer Console downloads ({@code
   * <enterpriseID>_<publicKeyID>_config.json}). Unknown members are ignored; {@code
   * boxAppSettings.appAuth.publicKeyID} is required; {@code enterpriseID} and the optional {@code
   * userID} may each be absent or null.
   *
   * @throws ConfigurationException if the file is missing, unreadable, not JSON, or a required
   *     member is missing or of the wrong type; the message names the file and the member
   */
  public static BoxAppConfig read(Path file) {
    Objects.requireNonNull(file, "file");
    return BoxConfigParser.read(file);
  }

  /**
   * Reads config JSON from {@code reader} (which is not closed).
   *
   * @throws ConfigurationException as {@link #read(Path)}
   */
  public static BoxAppConfig read(Reader reader) {
    Objects.requireNonNull(reader, "reader");
    String json;
    try {
      json = BoxConfigParser.readBounded(reader);
    } catch (IOException e) {
      throw new ConfigurationException(
          "config",
          "the config JSON can't be read (" + e.getClass().getSimpleName() + ")",
          "pass the Box app config JSON as downloaded from the Developer Console",
          e);
    }
    return BoxConfigParser.parse(json, "config JSON");
  }

  /**
   * Parses config JSON held in a string (e.g. from an environment variable or a secret manager).
   *
   * @throws ConfigurationException as {@link #read(Path)}
   */
  public static BoxAppConfig parse(String json) {
    Objects.requireNonNull(json, "json");
    return BoxConfigParser.parse(json, "config JSON");
  }

  /** Starts a config from separate values, for an app whose public key you uploaded yourself. */
  public static Builder builder() {
    return new Builder();
  }

  /** The client id and secret ({@code boxAppSettings.clientID} / {@code clientSecret}). */
  public ClientCredentials clientCredentials() {
    return client;
  }

  /** The enterprise ({@code enterpriseID}), if the config names one. */
  public Optional<EnterpriseId> enterpriseId() {
    return Optional.ofNullable(enterpriseId);
  }

  /** The user ({@code userID}), if the config names one. */
  public Optional<UserId> userId() {
    return Optional.ofNullable(userId);
  }

  /**
   * Whom tokens act for by default: the enterprise's Service Account when {@code enterpriseID} is
   * set, else the user named by {@code userID} (as Box's newer SDKs do), else empty.
   */
  public Optional<Subject> defaultSubject() {
    if (enterpriseId != null) {
      return Optional.of(new Subject.Enterprise(enterpriseId));
    }
    return Optional.ofNullable(userId).map(Subject.User::new);
  }

  /** The id Box assigned to the public key ({@code boxAppSettings.appAuth.publicKeyID}). */
  public KeyId keyId() {
    return keyId;
  }

  /** The private key, as PEM text, exactly as configured (possibly encrypted). */
  public Secret privateKeyPem() {
    return privateKeyPem;
  }

  /** The private key's passphrase, if one was configured. */
  public Optional<Secret> passphrase() {
    return Optional.ofNullable(passphrase);
  }

  /** Where the settings came from, for messages: a file path, "config JSON" or "builder". */
  public String source() {
    return source;
  }

  /** Names the fields and the source; shows no secret. */
  @Override
  public String toString() {
    return "BoxAppConfig[clientId="
        + client.id()
        + ", clientSecret=REDACTED, enterpriseId="
        + enterpriseId
        + ", userId="
        + userId
        + ", keyId="
        + keyId
        + ", privateKey=REDACTED, passphrase="
        + (passphrase == null ? "none" : "REDACTED")
        + ", source="
        + source
        + "]";
  }

  /**
   * Builds a {@link BoxAppConfig} from separate values. Not thread-safe; {@link #build()} checks
   * every value and names the one at fault.
   */
  public static final class Builder {
    private String clientId;
    private String clientSecret;
    private String publicKeyId;
    private String privateKeyPem;
    private String passphrase;
    private String enterpriseId;
    private String userId;

    private Builder() {}

    /** The app's client id (required). */
    public Builder clientId(String clientId) {
      this.clientId = Objects.requireNonNull(clientId, "clientId");
      return this;
    }

    /** The app's client secret (required). */
    public Builder clientSecret(String clientSecret) {
      this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
      return this;
    }

    /** The id Box showed when the public key was added (required; the JWS {@code kid}). */
    public Builder publicKeyId(String publicKeyId) {
      this.publicKeyId = Objects.requireNonNull(publicKeyId, "publicKeyId");
      return this;
    }

    /** The private key as PEM text (required): PKCS#8, encrypted PKCS#8 or PKCS#1. */
    public Builder privateKey(String pem) {
      this.privateKeyPem = Objects.requireNonNull(pem, "pem");
      return this;
    }

    /** The private key's passphrase, if it is encrypted. */
    public Builder passphrase(String passphrase) {
      this.passphrase = Objects.requireNonNull(passphrase, "passphrase");
      return this;
    }

    /** The enterprise to act for (its Service Account). */
    public Builder enterpriseId(String enterpriseId) {
      this.enterpriseId = Objects.requireNonNull(enterpriseId, "enterpriseId");
      return this;
    }

    /** The user to act for when no enterprise is given. */
    public Builder userId(String userId) {
      this.userId = Objects.requireNonNull(userId, "userId");
      return this;
    }

    /**
     * Checks the values and builds the config.
     *
     * @throws ConfigurationException naming the first missing or invalid value
     */
    public BoxAppConfig build() {
      String fix = "pass it to BoxAppConfig.builder()";
      ClientId id = required(clientId, "clientId", ClientId::new, fix);
      ClientSecret secret = required(clientSecret, "clientSecret", ClientSecret::of, fix);
      KeyId key = required(publicKeyId, "publicKeyId", KeyId::new, fix);
      Secret pem = required(privateKeyPem, "privateKey", Secret::of, fix);
      EnterpriseId enterprise =
          enterpriseId == null ? null : valid(enterpriseId, "enterpriseId", EnterpriseId::new);
      UserId user = userId == null ? null : valid(userId, "userId", UserId::new);
      Secret pass = passphrase == null || passphrase.isEmpty() ? null : Secret.of(passphrase);
      return new BoxAppConfig(
          new ClientCredentials(id, secret), enterprise, user, key, pem, pass, "builder");
    }

    private static <T> T required(
        String value, String field, Function<String, T> type, String fix) {
      if (value == null || value.isBlank()) {
        throw new ConfigurationException(field, "is missing", fix);
      }
      return valid(value, field, type);
    }

    private static <T> T valid(String value, String field, Function<String, T> type) {
      try {
        return type.apply(value);
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException(
            field, e.getMessage(), "copy the value from the Box Developer Console", e);
      }
    }
  }
}
