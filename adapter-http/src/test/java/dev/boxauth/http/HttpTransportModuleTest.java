package dev.boxauth.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import dev.boxauth.port.TokenTransport;
import java.time.Clock;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class HttpTransportModuleTest {

  @Test
  void module_exposesOneCloseableTransport_andKeepsThePlumbingPrivate() throws Exception {
    Injector injector = MockBox.injector(HttpTransportConfig.defaults(), Clock.systemUTC());

    TokenTransport transport = injector.getInstance(TokenTransport.class);

    assertThat(injector.getInstance(TokenTransport.class)).isSameAs(transport);
    assertThat(transport).isInstanceOf(AutoCloseable.class);
    assertThat(injector.getExistingBinding(Key.get(OkHttpClient.class))).isNull();
    assertThat(injector.getExistingBinding(Key.get(HttpTransportConfig.class))).isNull();
    assertThat(injector.getAllBindings().keySet())
        .filteredOn(k -> k.getAnnotationType() == TransportInternal.class)
        .isEmpty();
    ((AutoCloseable) transport).close();
  }

  @Test
  void module_coexistsWithTheApplicationsOwnOkHttpClientAndConfigBindings() throws Exception {
    OkHttpClient theirs = new OkHttpClient();
    Injector injector =
        Guice.createInjector(
            new HttpTransportModule(),
            b -> {
              b.bind(Clock.class).toInstance(Clock.systemUTC());
              b.bind(OkHttpClient.class).toInstance(theirs);
              b.bind(HttpTransportConfig.class).toInstance(HttpTransportConfig.defaults());
            });

    TokenTransport transport = injector.getInstance(TokenTransport.class);

    assertThat(injector.getInstance(OkHttpClient.class)).isSameAs(theirs);
    ((AutoCloseable) transport).close();
    assertThat(theirs.dispatcher().runningCallsCount()).isZero();
  }

  @Test
  void module_defaultConstructor_targetsBox() {
    Injector injector =
        Guice.createInjector(
            new HttpTransportModule(), b -> b.bind(Clock.class).toInstance(Clock.systemUTC()));

    assertThat(injector.getInstance(TokenTransport.class)).isNotNull();
  }
}
