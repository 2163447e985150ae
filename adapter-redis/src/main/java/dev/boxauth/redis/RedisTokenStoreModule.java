package dev.boxauth.redis;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import dev.boxauth.port.TokenStore;
import java.util.Objects;

/**
 * Binds {@link TokenStore} to a token store on Redis shared by a fleet, so that N processes make
 * one token request per subject per token lifetime instead of N.
 *
 * <p>Bindings: {@link TokenStore} and {@link SharedTokenStore} (the same singleton), and an entry
 * in the {@code Set<AutoCloseable>} multibinding so that whoever owns the injector can close it.
 * Nothing connects while the injector is built: the connection opens on first use, so a process
 * starts while Redis is down. Tokens age by Redis's own clock (their TTL), not by any host's.
 *
 * <pre>{@code
 * RedisStoreConfig config = RedisStoreConfig.builder().uri("redis://redis:6379").aead(aead).build();
 * Injector injector = Guice.createInjector(new RedisTokenStoreModule(config), ...);
 * ...
 * for (AutoCloseable c : injector.getInstance(new Key<Set<AutoCloseable>>() {})) c.close();
 * }</pre>
 *
 * <p>Without Guice, {@link #open(RedisStoreConfig)} builds the store; the caller closes it.
 */
public final class RedisTokenStoreModule extends AbstractModule {
  private final RedisStoreConfig config;

  /**
   * @param config where Redis is and the key that encrypts tokens at rest
   */
  public RedisTokenStoreModule(RedisStoreConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  @Override
  protected void configure() {
    // setBinding, not bind: it replaces the in-memory default that boxauth's core module sets with
    // OptionalBinder.setDefault, and works as well where there is no default.
    OptionalBinder.newOptionalBinder(binder(), TokenStore.class)
        .setBinding()
        .to(SharedTokenStore.class);
    Multibinder.newSetBinder(binder(), AutoCloseable.class).addBinding().to(SharedTokenStore.class);
  }

  @Provides
  @Singleton
  SharedTokenStore store() {
    return open(config);
  }

  /**
   * A new Redis token store, for use without Guice (e.g. {@code
   * BoxAuth.builder().tokenStore(store)}). It connects on first use; close it when done.
   */
  public static SharedTokenStore open(RedisStoreConfig config) {
    return new RedisTokenStore(Objects.requireNonNull(config, "config"));
  }
}
