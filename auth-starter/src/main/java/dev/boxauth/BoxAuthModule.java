package dev.boxauth;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import dev.boxauth.domain.AssertionPolicy;
import dev.boxauth.port.Ticker;
import dev.boxauth.port.TokenListener;
import dev.boxauth.port.TokenStore;
import dev.boxauth.service.InMemoryTokenStore;
import dev.boxauth.service.TokenPolicy;
import dev.boxauth.service.TokenService;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * The core of boxauth for a Guice injector: the {@link TokenService} and overridable defaults.
 * Install it with a grant module ({@link JwtGrantModule} plus a key module, or {@code CcgModule})
 * and a transport ({@code HttpTransportModule}).
 *
 * <p>Defaults, each set with {@code OptionalBinder.setDefault()} so that another module replaces it
 * with {@code OptionalBinder.newOptionalBinder(binder(), T.class).setBinding()} (as {@code
 * RedisTokenStoreModule} does for the store), or with {@code Modules.override}:
 *
 * <ul>
 *   <li>{@link TokenStore}: {@link InMemoryTokenStore};
 *   <li>{@link Clock}: {@code Clock.systemUTC()};
 *   <li>{@link Ticker}: {@link Ticker#SYSTEM} ({@code System.nanoTime()}), what cached tokens age
 *       on;
 *   <li>{@link TokenPolicy}: {@code TokenPolicy.defaults()};
 *   <li>{@link AssertionPolicy}: 30 s assertions, {@code SecureRandom} jti.
 * </ul>
 *
 * <p>Listeners are a set: add yours with {@code Multibinder.newSetBinder(binder(),
 * TokenListener.class).addBinding()}; an SLF4J logger is always in it. Resources to release when
 * the injector is done go in {@code Multibinder<AutoCloseable>} ({@link BoxAuth#close()} closes
 * them).
 */
public final class BoxAuthModule extends AbstractModule {

  @Override
  protected void configure() {
    OptionalBinder.newOptionalBinder(binder(), TokenStore.class)
        .setDefault()
        .to(InMemoryTokenStore.class);
    bind(InMemoryTokenStore.class).in(Singleton.class);
    OptionalBinder.newOptionalBinder(binder(), Clock.class)
        .setDefault()
        .toInstance(Clock.systemUTC());
    OptionalBinder.newOptionalBinder(binder(), Ticker.class).setDefault().toInstance(Ticker.SYSTEM);
    OptionalBinder.newOptionalBinder(binder(), TokenPolicy.class)
        .setDefault()
        .toInstance(TokenPolicy.defaults());
    OptionalBinder.newOptionalBinder(binder(), AssertionPolicy.class)
        .setDefault()
        .toProvider(AssertionPolicy::defaults)
        .in(Singleton.class);
    Multibinder.newSetBinder(binder(), TokenListener.class)
        .addBinding()
        .to(Slf4jTokenListener.class);
    Multibinder.newSetBinder(binder(), AutoCloseable.class);
    bind(TokenService.class).in(Singleton.class);
  }

  @Provides
  @Singleton
  TokenListener listener(Set<TokenListener> listeners) {
    List<TokenListener> all = List.copyOf(listeners);
    return event -> {
      for (TokenListener l : all) {
        try {
          l.on(event);
        } catch (RuntimeException ignored) {
          // One faulty listener must not keep events from the others.
        }
      }
    };
  }
}
