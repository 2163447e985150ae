package dev.boxauth.keystore;

import com.google.inject.PrivateModule;
import com.google.inject.Provider;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.boxauth.port.AssertionSigner;
import dev.boxauth.port.KeySource;
import java.util.Objects;

/**
 * Binds {@link KeySource} and {@link AssertionSigner} to the primary key of a Tink JWT keyset
 * ({@link TinkKeyConfig}); assertions are signed by Tink's JWT API and the private key never leaves
 * Tink. With a KMS-backed key-encryption {@code Aead}, the keyset is only ever decrypted in memory.
 *
 * <p>A private module: only {@code KeySource} and {@code AssertionSigner} are exposed. {@code
 * configure()} does no I/O. The keyset is an eager singleton, so a missing file, a wrong
 * key-encryption key or a keyset of the wrong type fails injector creation: Guice throws a {@code
 * CreationException} whose errors' {@code getCause()} (one per binding that needs the key) is the
 * {@link dev.boxauth.domain.KeyException} naming the keyset file.
 *
 * <p>The {@code AssertionSigner} signs with the keyset itself, not through the bound {@code
 * KeySource}; to sign with another key, install that key's module instead of overriding {@code
 * KeySource} here.
 */
public final class TinkKeyModule extends PrivateModule {
  private final TinkKeyConfig config;

  /** A module for the keyset {@code config} describes. */
  public TinkKeyModule(TinkKeyConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  @Override
  protected void configure() {
    bind(TinkKeySource.class).toProvider(new Loader(config)).asEagerSingleton();
    bind(KeySource.class).to(TinkKeySource.class);
    expose(KeySource.class);
    expose(AssertionSigner.class);
  }

  @Provides
  @Singleton
  AssertionSigner assertionSigner(TinkKeySource keys) {
    return keys.assertionSigner();
  }

  private record Loader(TinkKeyConfig config) implements Provider<TinkKeySource> {
    @Override
    public TinkKeySource get() {
      return config.load();
    }
  }
}
