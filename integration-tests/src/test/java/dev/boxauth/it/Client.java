package dev.boxauth.it;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import com.google.inject.util.Modules;
import dev.boxauth.BoxAuth;
import dev.boxauth.BoxAuthModule;
import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.DownscopeTarget;
import dev.boxauth.domain.Subject;
import dev.boxauth.http.HttpTransportModule;
import dev.boxauth.port.TokenListener;
import dev.boxauth.port.TokenSource;
import dev.boxauth.port.TokenTransport;
import dev.boxauth.service.TokenPolicy;
import dev.boxauth.service.TokenService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One assembled boxauth stack, as a test uses it: a Guice injector built from the real modules (its
 * {@link TokenService}), or a {@link BoxAuth} from the builder. Closing releases the HTTP client,
 * the refresh threads and whatever the modules registered.
 */
interface Client extends AutoCloseable {

  TokenSource enterprise();

  TokenSource user(String userId);

  AccessToken downscope(AccessToken parent, Set<String> scopes, String resource);

  void revoke(AccessToken token);

  Duration serverClockOffset();

  /** The injector, for Guice stacks; null for BoxAuth. */
  Injector injector();

  @Override
  void close();

  /**
   * A plain Guice injector: {@code BoxAuthModule} + {@code HttpTransportModule} + the stack's grant
   * and key modules, the setup's policy and listeners, and its overrides on top.
   */
  static Client guice(Setup setup, String enterpriseId, List<Module> grantAndKey) {
    List<Module> core = new ArrayList<>();
    core.add(new BoxAuthModule());
    core.add(new HttpTransportModule(setup.http()));
    core.addAll(grantAndKey);
    core.add(
        binder -> {
          OptionalBinder.newOptionalBinder(binder, TokenPolicy.class)
              .setBinding()
              .toInstance(setup.policy());
          Multibinder<TokenListener> listeners =
              Multibinder.newSetBinder(binder, TokenListener.class);
          setup.listeners().forEach(l -> listeners.addBinding().toInstance(l));
        });
    Injector injector = Guice.createInjector(Modules.override(core).with(setup.overrides()));
    return new GuiceClient(injector, Subject.enterprise(enterpriseId));
  }

  /** A {@link BoxAuth} from a builder the stack has set up; the setup is applied here. */
  static Client boxAuth(BoxAuth.Builder builder, Setup setup) {
    builder.http(setup.http()).policy(setup.policy());
    setup.listeners().forEach(builder::listener);
    if (!setup.overrides().isEmpty()) {
      builder.module(Modules.combine(setup.overrides()));
    }
    return new BoxAuthClient(builder.build());
  }

  /** The TokenService of an injector. */
  final class GuiceClient implements Client {
    private final Injector injector;
    private final TokenService tokens;
    private final Subject enterprise;

    GuiceClient(Injector injector, Subject enterprise) {
      this.injector = injector;
      this.tokens = injector.getInstance(TokenService.class);
      this.enterprise = enterprise;
    }

    @Override
    public TokenSource enterprise() {
      return tokens.source(enterprise);
    }

    @Override
    public TokenSource user(String userId) {
      return tokens.source(Subject.user(userId));
    }

    @Override
    public AccessToken downscope(AccessToken parent, Set<String> scopes, String resource) {
      return tokens.downscope(parent, scopes, DownscopeTarget.resource(resource));
    }

    @Override
    public void revoke(AccessToken token) {
      tokens.revoke(token);
    }

    @Override
    public Duration serverClockOffset() {
      return tokens.serverClockOffset();
    }

    @Override
    public Injector injector() {
      return injector;
    }

    @Override
    public void close() {
      tokens.close();
      close(injector.getInstance(TokenTransport.class));
      for (AutoCloseable c :
          injector.getInstance(Key.get(new TypeLiteral<Set<AutoCloseable>>() {}))) {
        close(c);
      }
    }

    private static void close(Object o) {
      if (o instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception e) {
          throw new IllegalStateException("closing " + o.getClass().getSimpleName() + " failed", e);
        }
      }
    }
  }

  /** A BoxAuth. */
  final class BoxAuthClient implements Client {
    private final BoxAuth auth;

    BoxAuthClient(BoxAuth auth) {
      this.auth = auth;
    }

    @Override
    public TokenSource enterprise() {
      return auth.enterprise();
    }

    @Override
    public TokenSource user(String userId) {
      return auth.user(userId);
    }

    @Override
    public AccessToken downscope(AccessToken parent, Set<String> scopes, String resource) {
      return auth.downscope(parent, scopes, resource);
    }

    @Override
    public void revoke(AccessToken token) {
      auth.revoke(token);
    }

    @Override
    public Duration serverClockOffset() {
      return auth.serverClockOffset();
    }

    @Override
    public Injector injector() {
      return null;
    }

    @Override
    public void close() {
      auth.close();
    }
  }
}
