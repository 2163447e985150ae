package dev.boxauth.boxsdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.box.sdk.BoxAPIException;
import com.box.sdk.BoxAPIRequest;
import com.box.sdk.BoxUser;
import dev.boxauth.domain.ConfigurationException;
import dev.boxauth.testkit.BoxEmulator;
import dev.boxauth.testkit.TokenInfo;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real Box Java SDK 4.16.4 through the bridge against the emulator over HTTPS: {@code
 * BoxUser.getCurrentUser(api).getInfo()} is {@code GET /2.0/users/me} then {@code GET
 * /2.0/users/{id}}, each authenticated by the emulator exactly.
 */
class BoxAuthAPIConnectionTest {
  private EmulatedBox box;

  @BeforeEach
  void start() {
    box = new EmulatedBox();
  }

  @AfterEach
  void stop() {
    box.close();
  }

  private BoxEmulator emulator() {
    return box.emulator;
  }

  @Test
  void getCurrentUser_onEnterpriseConnection_isTheServiceAccount() {
    BoxAuthAPIConnection api = box.connect(new BoxAuthAPIConnection(box.auth.enterprise()));

    BoxUser.Info info = BoxUser.getCurrentUser(api).getInfo();

    assertThat(info.getID()).isEqualTo(box.app.serviceAccountId());
    assertThat(info.getLogin()).endsWith("@boxdevedition.com");
    assertThat(info.getCreatedAt()).isNotNull();
    assertThat(info.getStatus()).isEqualTo(BoxUser.Status.ACTIVE);
    assertThat(emulator().apiRequests()).isEqualTo(2);
    assertThat(emulator().tokenRequests()).isEqualTo(1);
  }

  @Test
  void getCurrentUser_onUserConnection_isThatUserWithItsOwnToken() {
    String appUser = box.app.newAppUser();
    BoxAuthAPIConnection api = box.connect(new BoxAuthAPIConnection(box.auth.user(appUser)));

    BoxUser.Info info = BoxUser.getCurrentUser(api).getInfo();

    assertThat(info.getID()).isEqualTo(appUser);
    assertThat(emulator().introspect(api.getAccessToken()).subjectId()).isEqualTo(appUser);
  }

  @Test
  void coldConnection_sixteenThreadsAtOnce_makeOneTokenRequest() throws Exception {
    BoxAuthAPIConnection api = box.connect(new BoxAuthAPIConnection(box.auth.enterprise()));
    int threads = 16;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<String>> ids = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        ids.add(
            pool.submit(
                () -> {
                  go.await();
                  return BoxUser.getCurrentUser(api).getInfo().getID();
                }));
      }
      go.countDown();
      for (Future<String> id : ids) {
        assertThat(id.get(60, TimeUnit.SECONDS)).isEqualTo(box.app.serviceAccountId());
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(emulator().tokenRequests()).isEqualTo(1);
    assertThat(emulator().apiRequests()).isEqualTo(2L * threads);
  }

  @Test
  void tokenRevokedAtTheEmulator_nextCallGets401AndRecoversWithExactlyOneNewToken() {
    BoxAuthAPIConnection api = box.connect(new BoxAuthAPIConnection(box.auth.enterprise()));
    BoxUser.getCurrentUser(api).getInfo();
    String first = box.auth.enterprise().token().value();
    long calls = emulator().apiRequests();

    emulator().faults().rejectNextApiCalls(1);
    BoxUser.Info info = BoxUser.getCurrentUser(api).getInfo();

    assertThat(info.getID()).isEqualTo(box.app.serviceAccountId());
    assertThat(emulator().introspect(first).state()).isEqualTo(TokenInfo.State.REVOKED);
    assertThat(emulator().tokenRequests()).isEqualTo(2);
    assertThat(emulator().apiRequests() - calls).isEqualTo(3); // the 401, its retry, getInfo
    assertThat(box.invalidations()).isEqualTo(1);
    assertThat(api.getAccessToken()).isNotEqualTo(first);
  }

  @Test
  void concurrent401sForOneRevokedToken_causeOneNewToken() throws Exception {
    BoxAuthAPIConnection api = box.connect(new BoxAuthAPIConnection(box.auth.enterprise()));
    BoxUser.getCurrentUser(api);
    emulator().faults().rejectNextApiCalls(1); // the first call revokes the token all threads hold
    int threads = 8;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<String>> ids = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        ids.add(
            pool.submit(
                () -> {
                  go.await();
                  return BoxUser.getCurrentUser(api).getID();
                }));
      }
      go.countDown();
      for (Future<String> id : ids) {
        assertThat(id.get(60, TimeUnit.SECONDS)).isEqualTo(box.app.serviceAccountId());
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(emulator().tokenRequests()).isEqualTo(2);
  }

  @Test
  void secondConsecutive401_goesBackToTheCallerAsTheSdksException() {
    BoxAuthAPIConnection api = box.connect(new BoxAuthAPIConnection(box.auth.enterprise()));
    emulator().faults().rejectNextApiCalls(2);

    assertThatThrownBy(() -> BoxUser.getCurrentUser(api))
        .isInstanceOf(BoxAPIException.class)
        .satisfies(e -> assertThat(((BoxAPIException) e).getResponseCode()).isEqualTo(401));
    assertThat(emulator().tokenRequests()).isEqualTo(2);
    assertThat(BoxUser.getCurrentUser(api).getID()).isEqualTo(box.app.serviceAccountId());
    assertThat(emulator().tokenRequests()).isEqualTo(3);
  }

  @Test
  void actingAs_sendsAsUserOnTheEnterpriseToken() {
    String appUser = box.app.newAppUser();
    String managed = emulator().newManagedUser();

    BoxAuthAPIConnection asAppUser =
        box.connect(BoxAuthAPIConnection.actingAs(box.auth.enterprise(), appUser));
    BoxAuthAPIConnection asManaged =
        box.connect(BoxAuthAPIConnection.actingAs(box.auth.enterprise(), managed));
    BoxAuthAPIConnection self = box.connect(new BoxAuthAPIConnection(box.auth.enterprise()));

    assertThat(BoxUser.getCurrentUser(asAppUser).getInfo().getID()).isEqualTo(appUser);
    assertThat(BoxUser.getCurrentUser(asManaged).getInfo().getID()).isEqualTo(managed);
    assertThat(BoxUser.getCurrentUser(self).getID()).isEqualTo(box.app.serviceAccountId());
    assertThat(emulator().tokenRequests()).isEqualTo(1); // one enterprise token for all three
  }

  @Test
  void actingAs_aUserOutsideTheEnterprise_isBoxs403() {
    BoxAuthAPIConnection api =
        box.connect(BoxAuthAPIConnection.actingAs(box.auth.enterprise(), "99999999999"));

    assertThatThrownBy(() -> BoxUser.getCurrentUser(api))
        .isInstanceOf(BoxAPIException.class)
        .satisfies(e -> assertThat(((BoxAPIException) e).getResponseCode()).isEqualTo(403));
    assertThat(box.invalidations()).isZero();
  }

  @Test
  void sdksOwnJwtPath_neverRuns_everyTokenRequestIsOneBoxauthMade() {
    BoxAuthAPIConnection api = box.connect(new BoxAuthAPIConnection(box.auth.enterprise()));
    BoxUser.getCurrentUser(api).getInfo();
    api.refresh();
    assertThat(api.needsRefresh()).isFalse();
    emulator().faults().rejectNextApiCalls(1);
    BoxUser.getCurrentUser(api).getInfo();

    assertThat(emulator().tokenRequests()).isEqualTo(2);
    assertThat(
            emulator().tokenRequests(BoxEmulator.GrantType.JWT_BEARER, BoxEmulator.Outcome.ISSUED))
        .isEqualTo(box.tokensIssuedByBoxauth())
        .isEqualTo(2);
  }

  @Test
  void bouncyCastle_isNotOnTheClassPath() {
    assertThatThrownBy(() -> Class.forName("org.bouncycastle.jce.provider.BouncyCastleProvider"))
        .isInstanceOf(ClassNotFoundException.class);
    assertThatThrownBy(() -> Class.forName("org.bouncycastle.openssl.PEMParser"))
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void clientBuiltInsideTheSuperConstructor_alreadyCarriesTheAuthorizer() throws Exception {
    // No setter has rebuilt the SDK's HTTP client: the one made while BoxAPIConnection's
    // constructor ran (this class's fields still null) is in use, and refuses a foreign host.
    BoxAuthAPIConnection api = new BoxAuthAPIConnection(box.auth.enterprise());
    BoxAPIRequest request =
        new BoxAPIRequest(api, new URL("https://files.example.net/2.0/users/me"), "GET");

    assertThatThrownBy(request::send)
        .isInstanceOf(BoxAPIException.class)
        .hasRootCauseInstanceOf(ConfigurationException.class)
        .rootCause()
        .hasMessageContaining("files.example.net")
        .hasMessageContaining("BoxHosts.withHost");
    assertThat(emulator().apiRequests()).isZero();
  }

  @Test
  void clientRebuiltBySettings_keepsTheAuthorizer() {
    BoxAuthAPIConnection api = box.connect(new BoxAuthAPIConnection(box.auth.enterprise()));
    api.setConnectTimeout(5_000);
    api.setReadTimeout(5_000);
    emulator().faults().rejectNextApiCalls(1);

    assertThat(BoxUser.getCurrentUser(api).getID()).isEqualTo(box.app.serviceAccountId());
    assertThat(box.invalidations()).isEqualTo(1);
  }

  @Test
  void getAccessToken_isBoxauthsCurrentToken() {
    BoxAuthAPIConnection api = new BoxAuthAPIConnection(box.auth.enterprise());

    assertThat(api.getAccessToken()).isEqualTo(box.auth.enterprise().token().value());
    assertThat(emulator().introspect(api.getAccessToken()).isLive()).isTrue();
  }

  @Test
  void setBaseURL_addsItsHostAndRefusesANonUrl() {
    BoxAuthAPIConnection api = new BoxAuthAPIConnection(box.auth.enterprise());

    api.setBaseURL("https://box-proxy.corp.example/");

    assertThat(api.hosts().hosts()).contains("api.box.com", "box-proxy.corp.example");
    assertThatThrownBy(() -> api.setBaseURL("api.box.com"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("baseURL");
  }
}
