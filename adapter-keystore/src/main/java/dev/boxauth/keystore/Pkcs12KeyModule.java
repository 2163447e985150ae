package dev.boxauth.keystore;

import com.google.inject.Provider;
import dev.boxauth.port.AssertionSigner;
import dev.boxauth.port.KeySource;
import java.util.Objects;

/**
 * Binds {@link KeySource} and {@link AssertionSigner} to a private key in a PKCS#12 key store
 * ({@link Pkcs12KeyConfig}), read once, signing JWS assertions through the JCA.
 *
 * <p>{@code configure()} does no I/O. The key is an eager singleton, so a missing file, a wrong
 * password, a missing alias or an unusable key fails injector creation: Guice throws a {@code
 * CreationException} whose errors' {@code getCause()} (one per binding that needs the key) is the
 * {@link dev.boxauth.domain.KeyException} naming the file and alias.
 */
public final class Pkcs12KeyModule extends JwsKeyModule {

  /** A module for the key {@code config} describes. */
  public Pkcs12KeyModule(Pkcs12KeyConfig config) {
    super(loader(config));
  }

  private static Provider<KeySource> loader(Pkcs12KeyConfig config) {
    Objects.requireNonNull(config, "config");
    return () -> KeyTools.keySource(config);
  }
}
