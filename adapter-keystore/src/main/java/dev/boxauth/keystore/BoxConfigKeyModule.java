package dev.boxauth.keystore;

import com.google.inject.Provider;
import dev.boxauth.domain.SignatureAlgorithm;
import dev.boxauth.port.AssertionSigner;
import dev.boxauth.port.KeySource;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

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

  private BoxConfigKeyModule(Provider<KeySource> loader) {
    super(loader);
  }

  /**
   * As {@link #BoxConfigKeyModule(BoxAppConfig, SignatureAlgorithm)}, but the key is decrypted from
   * now on, by a task given to {@code executor}, so that its cold cost (the key derivation runs
   * interpreted in a fresh JVM) overlaps whatever the caller does before the injector needs the key
   * — Guice's own start-up, for one. Injector creation waits for the task and fails exactly as the
   * constructor's module does: a bad key or passphrase is the same {@code KeyException}. When
   * another module overrides {@code KeySource}, the result is never asked for and simply dropped.
   *
   * @param executor runs one task that reads no state of the caller's; the task ends with the
   *     decryption
   */
  public static BoxConfigKeyModule decryptingAhead(
      BoxAppConfig config, SignatureAlgorithm algorithm, Executor executor) {
    Provider<KeySource> load = loader(config, algorithm);
    Objects.requireNonNull(executor, "executor");
    CompletableFuture<KeySource> key = CompletableFuture.supplyAsync(load::get, executor);
    return new BoxConfigKeyModule(() -> await(key));
  }

  /** The task's result, or the very exception it threw (a typed {@code KeyException}). */
  private static KeySource await(CompletableFuture<KeySource> key) {
    try {
      return key.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  private static Provider<KeySource> loader(BoxAppConfig config, SignatureAlgorithm algorithm) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(algorithm, "algorithm");
    return () -> KeyTools.keySource(config, algorithm);
  }
}
