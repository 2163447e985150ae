package dev.boxauth.keystore;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Provides;
import com.google.inject.Singleton;
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
public final class BoxConfigKeyModule extends AbstractModule {
  private final BoxAppConfig config;
  private final SignatureAlgorithm algorithm;

  /** Signs with RS256. */
  public BoxConfigKeyModule(BoxAppConfig config) {
    this(config, SignatureAlgorithm.RS256);
  }

  /** Signs with {@code algorithm}. */
  public BoxConfigKeyModule(BoxAppConfig config, SignatureAlgorithm algorithm) {
    this.config = Objects.requireNonNull(config, "config");
    this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
  }

  @Override
  protected void configure() {
    bind(KeySource.class).toProvider(new Loader(config, algorithm)).asEagerSingleton();
  }

  @Provides
  @Singleton
  AssertionSigner assertionSigner(KeySource keys) {
    return new JwsAssertionSigner(keys);
  }

  private record Loader(BoxAppConfig config, SignatureAlgorithm algorithm)
      implements Provider<KeySource> {
    @Override
    public KeySource get() {
      return KeyTools.keySource(config, algorithm);
    }
  }
}
