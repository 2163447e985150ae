package dev.boxauth.keystore;

import com.google.inject.Provider;
import dev.boxauth.domain.SignatureAlgorithm;
import dev.boxauth.port.AssertionSigner;
import dev.boxauth.port.KeySource;
import java.util.Objects;

/**
 * Binds {@link KeySource} and {@link AssertionSigner} to the private key of a {@link BoxAppConfig}:
 * the key is decrypted once, when the injector is created, and signs JWS assertions through the
 * JCA.
 *
 * <p>{@code configure()} does no I/O. The key is an eager singleton, so a bad key or passphrase
 * fails injector creation: Guice throws a {@code CreationException} whose errors' {@code
 * getCause()} (Guice may list one error per binding that needs the key) is the {@link
 * dev.boxauth.domain.KeyException} (wrong passphrase, unsupported or weak key, ...) naming {@code
 * boxAppSettings.appAuth.privateKey} and the config file. This module binds nothing else (the
 * client credentials and subject are for the caller to bind).
 */
public final class BoxConfigKeyModule extends JwsKeyModule {

  /** Signs with RS256. */
  public BoxConfigKeyModule(BoxAppConfig config) {
    this(config, SignatureAlgorithm.RS256);
  }

  /** Signs with {@code algorithm}. */
  public BoxConfigKeyModule(BoxAppConfig config, SignatureAlgorithm algorithm) {
    super(loader(config, algorithm));
  }

  private static Provider<KeySource> loader(BoxAppConfig config, SignatureAlgorithm algorithm) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(algorithm, "algorithm");
    return () -> KeyTools.keySource(config, algorithm);
  }
}
