package dev.boxauth;

import com.google.inject.Module;
import dev.boxauth.ccg.CcgModule;
import dev.boxauth.domain.ClientCredentials;
import dev.boxauth.domain.ConfigurationException;
import dev.boxauth.domain.SignatureAlgorithm;
import dev.boxauth.domain.Subject;
import dev.boxauth.keystore.BoxAppConfig;
import dev.boxauth.keystore.BoxConfigKeyModule;
import dev.boxauth.keystore.KeySourceModule;
import dev.boxauth.port.KeySource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The app a {@link BoxAuth} gets tokens for, as its builder was told: a JWT app from its Developer
 * Console config, a JWT app that signs with the caller's own {@link KeySource}, or a Client
 * Credentials Grant app. Each binds its grant (and, for JWT, its key) and knows which subjects its
 * configuration names.
 */
sealed interface App {

  /**
   * The modules that bind {@code GrantSource} (and, for JWT, {@code KeySource} and the signer).
   *
   * @param background runs work that may start now, ahead of the injector (a key's decryption)
   */
  List<Module> modules(SignatureAlgorithm algorithm, Executor background);

  /** The enterprise the app's own configuration names (the builder's {@code enterpriseId} wins). */
  Optional<Subject.Enterprise> configuredEnterprise();

  /** The user the app's own configuration names (the builder's {@code userId} wins). */
  Optional<Subject> configuredUser();

  /** The error when neither the configuration nor the builder names a subject. */
  ConfigurationException noSubject();

  /** A JWT app from the config file the Box Developer Console downloads. */
  record JwtConfig(BoxAppConfig config) implements App {
    public JwtConfig {
      Objects.requireNonNull(config, "config");
    }

    @Override
    public List<Module> modules(SignatureAlgorithm algorithm, Executor background) {
      return List.of(
          BoxConfigKeyModule.decryptingAhead(config, algorithm, background),
          new JwtGrantModule(config.clientCredentials()));
    }

    @Override
    public Optional<Subject.Enterprise> configuredEnterprise() {
      return config.enterpriseId().map(Subject.Enterprise::new);
    }

    @Override
    public Optional<Subject> configuredUser() {
      return config.userId().map(Subject.User::new);
    }

    @Override
    public ConfigurationException noSubject() {
      return new ConfigurationException(
          "enterpriseID",
          "the config names neither an enterprise nor a user",
          "set enterpriseID (or userID) in the config file, or call enterpriseId(...) / userId(...)");
    }
  }

  /** A JWT app whose key stays in the caller's key source (an HSM, a KMS, a signer of theirs). */
  record CustomKey(ClientCredentials client, KeySource keys) implements App {
    public CustomKey {
      Objects.requireNonNull(client, "client");
      Objects.requireNonNull(keys, "keys");
    }

    @Override
    public List<Module> modules(SignatureAlgorithm algorithm, Executor background) {
      // The key source names its own algorithm.
      return List.of(new KeySourceModule(keys), new JwtGrantModule(client));
    }

    @Override
    public Optional<Subject.Enterprise> configuredEnterprise() {
      return Optional.empty();
    }

    @Override
    public Optional<Subject> configuredUser() {
      return Optional.empty();
    }

    @Override
    public ConfigurationException noSubject() {
      return inCodeNeedsSubject();
    }
  }

  /** A Client Credentials Grant app: the client id and secret alone. */
  record ClientCredentialsGrant(ClientCredentials client) implements App {
    public ClientCredentialsGrant {
      Objects.requireNonNull(client, "client");
    }

    @Override
    public List<Module> modules(SignatureAlgorithm algorithm, Executor background) {
      return List.of(new CcgModule(client));
    }

    @Override
    public Optional<Subject.Enterprise> configuredEnterprise() {
      return Optional.empty();
    }

    @Override
    public Optional<Subject> configuredUser() {
      return Optional.empty();
    }

    @Override
    public ConfigurationException noSubject() {
      return inCodeNeedsSubject();
    }
  }

  private static ConfigurationException inCodeNeedsSubject() {
    return new ConfigurationException(
        "enterpriseId",
        "an app configured in code needs a subject",
        "call enterpriseId(...) for the Service Account, or userId(...) for a user");
  }
}
