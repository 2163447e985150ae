package dev.boxauth.keystore;

import com.google.inject.Provider;
import dev.boxauth.port.AssertionSigner;
import dev.boxauth.port.KeySource;
import java.util.Objects;

/**
 * Binds {@link KeySource} and {@link AssertionSigner} to a PEM private key ({@link PemKeyConfig}),
 * decoded and decrypted once with the JDK alone, signing JWS assertions through the JCA.
 *
 * <p>{@code configure()} does no I/O. The key is an eager singleton, so a missing file, a wrong
 * passphrase or an unusable key fails injector creation: Guice throws a {@code CreationException}
 * whose errors' {@code getCause()} (one per binding that needs the key) is the {@link
 * dev.boxauth.domain.KeyException} naming the file.
 */
public final class PemKeyModule extends JwsKeyModule {

  /** A module for the key {@code config} describes. */
  public PemKeyModule(PemKeyConfig config) {
    super(loader(config));
  }

  private static Provider<KeySource> loader(PemKeyConfig config) {
    Objects.requireNonNull(config, "config");
    return () -> KeyTools.keySource(config);
  }
}
