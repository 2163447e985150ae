package dev.boxauth.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boxauth.BoxAuth;
import dev.boxauth.domain.AuthException;
import dev.boxauth.domain.ConfigurationException;
import dev.boxauth.domain.GrantRejectedException;
import dev.boxauth.http.BoxAuthInterceptor;
import dev.boxauth.http.BoxHosts;
import dev.boxauth.testkit.BoxEmulator;
import dev.boxauth.testkit.EmulatedApp;
import java.io.IOException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The README's OkHttp interceptor: your own Box API calls, a failure unwrapped, the host rule. */
class InterceptorTest {
  private final BoxEmulator emulator = BoxEmulator.start();
  private final EmulatedApp app = emulator.newJwtApp();
  private final BoxAuth auth =
      BoxAuth.builder().configJson(app.configJson()).baseUrl(emulator.baseUrl()).build();

  @AfterEach
  void stop() {
    auth.close();
    emulator.close();
  }

  /** The README's call, on {@code auth}'s default subject. */
  private String me() throws IOException {
    // README: interceptor
    OkHttpClient api = new OkHttpClient.Builder()
        .addInterceptor(auth.interceptor())          // a Bearer token on every call; on a 401, one retry
        .build();
    Request me = new Request.Builder().url("https://api.box.com/2.0/users/me").build();
    me = me.newBuilder().url(emulator.baseUrl() + "/2.0/users/me").build(); // build only
    try (Response response = api.newCall(me).execute()) {
      return response.body().string();
    } catch (IOException e) {
      if (e.getCause() instanceof AuthException noToken) {   // no token: OkHttp wants an IOException,
        throw noToken;                                        //   the typed error is its cause
      }
      throw e;                                                // the network's own failure
    }
    // README: end
  }

  @Test
  void interceptor_authorizesTheCall() throws IOException {
    assertThat(me()).contains(app.serviceAccountId());
    assertThat(emulator.apiRequests()).isEqualTo(1);
  }

  @Test
  void interceptor_whenNoTokenCanBeHad_throwsTheTypedErrorUnwrapped() {
    app.authorized(false);

    assertThatThrownBy(this::me)
        .isInstanceOf(GrantRejectedException.class)
        .extracting(e -> ((GrantRejectedException) e).reason())
        .isEqualTo(GrantRejectedException.Reason.APP_NOT_AUTHORIZED);
    assertThat(emulator.apiRequests()).isZero();
  }

  @Test
  void replacingOnly_refusesToSendATokenToAnotherHost() {
    // README: interceptor-shared
    OkHttpClient shared = new OkHttpClient.Builder()   // a client that also calls other hosts
        .addInterceptor(BoxAuthInterceptor.replacingOnly(auth.enterprise(), BoxHosts.defaults()))
        .build();
    // README: end
    Request elsewhere =
        new Request.Builder()
            .url(emulator.baseUrl() + "/2.0/users/me") // loopback: not one of Box's hosts
            .header("Authorization", "Bearer placeholder")
            .build();

    assertThatThrownBy(() -> shared.newCall(elsewhere).execute().close())
        .isInstanceOf(IOException.class)
        .hasCauseInstanceOf(ConfigurationException.class)
        .hasMessageContaining("BoxHosts.withHost");
    assertThat(emulator.apiRequests()).isZero();
  }
}
