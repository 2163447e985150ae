package dev.boxauth.keystore;

import com.google.inject.Provider;
import dev.boxauth.port.AssertionSigner;
import dev.boxauth.port.KeySource;
import java.util.Objects;

/**
 * Signs assertions with a {@link KeySource} of your own: a key in an HSM, a cloud KMS or any
 * signing service, which never has to leave it. Binds your {@code KeySource} and a JWS {@link
 * AssertionSigner} over it (header and claims by boxauth, the signature by your key).
 *
 * <pre>{@code
 * Guice.createInjector(new KeySourceModule(new MyKmsKeySource(...)), ...);
 * BoxAuth.builder().clientCredentials(id, secret).keySource(new MyKmsKeySource(...)) ...
 * }</pre>
 */
public final class KeySourceModule extends JwsKeyModule {

  /**
   * @param keys yours; must be thread-safe, and fast enough to call once per token request
   */
  public KeySourceModule(KeySource keys) {
    super(loader(keys));
  }

  private static Provider<KeySource> loader(KeySource keys) {
    Objects.requireNonNull(keys, "keys");
    return () -> keys;
  }
}
