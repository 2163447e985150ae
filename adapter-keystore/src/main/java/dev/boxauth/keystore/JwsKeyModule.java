package dev.boxauth.keystore;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.boxauth.port.AssertionSigner;
import dev.boxauth.port.KeySource;

/**
 * What every JCA key module does: binds {@link KeySource} to the key its loader makes, as an eager
 * singleton (loaded and decrypted once, when the injector is created, so a bad key fails there),
 * and {@link AssertionSigner} to JWS signing through it. {@code configure()} does no I/O.
 */
abstract class JwsKeyModule extends AbstractModule {
  private final Provider<KeySource> loader;

  JwsKeyModule(Provider<KeySource> loader) {
    this.loader = loader;
  }

  @Override
  protected final void configure() {
    bind(KeySource.class).toProvider(loader).asEagerSingleton();
  }

  @Provides
  @Singleton
  AssertionSigner assertionSigner(KeySource keys) {
    return new JwsAssertionSigner(keys);
  }
}
