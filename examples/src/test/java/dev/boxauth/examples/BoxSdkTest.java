package dev.boxauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.box.sdk.BoxAPIConnection;
import com.box.sdk.BoxUser;
import dev.boxauth.BoxAuth;
import dev.boxauth.boxsdk.BoxAuthAPIConnection;
import dev.boxauth.http.HttpTransportConfig;
import dev.boxauth.testkit.BoxEmulator;
import dev.boxauth.testkit.EmulatedApp;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's Box Java SDK section, against the emulator over HTTPS (the SDK refuses plain HTTP),
 * with the SDK on the class path as the README's pom puts it: without OkHttp 4 and BouncyCastle.
 */
class BoxSdkTest {
  private final BoxEmulator emulator = BoxEmulator.startTls();
  private final EmulatedApp app = emulator.newJwtApp();
  private final X509TrustManager trustManager = trustManager(emulator);

  @AfterEach
  void stop() {
    emulator.close();
    WorkingDirectory.delete("config.json");
  }

  private static X509TrustManager trustManager(BoxEmulator emulator) {
    try {
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(emulator.trustStore());
      return (X509TrustManager) factory.getTrustManagers()[0];
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void sdk_onBoxauthTokens_getsTheServiceAccount_andActsAsUsers() {
    WorkingDirectory.write("config.json", app.configJson());
    String userId = app.newAppUser();

    // README: box-sdk
    BoxAuth auth = BoxAuth.builder()
        .config(Path.of("config.json"))
        .baseUrl(emulator.baseUrl()).http(HttpTransportConfig.builder().trustStore(emulator.trustStore()).build()) // build only
        .build();                                                     // or BoxAuth.fromConfigFile(path)
    BoxAPIConnection api = new BoxAuthAPIConnection(auth.enterprise());   // was: getAppEnterpriseConnection
    api.setBaseURL(emulator.baseUrl() + "/"); // build only
    api.configureSslCertificatesValidation(trustManager, null); // build only
    BoxUser.Info me = BoxUser.getCurrentUser(api).getInfo();              // every other line stays
    // README: end

    try (auth) {
      assertThat(me.getID()).isEqualTo(app.serviceAccountId());

      // README: box-sdk-users
      BoxAPIConnection user = new BoxAuthAPIConnection(auth.user(userId));              // the user's own token
      BoxAPIConnection asUser = BoxAuthAPIConnection.actingAs(auth.enterprise(), userId); // As-User: userId
      // README: end

      for (BoxAPIConnection c : new BoxAPIConnection[] {user, asUser}) {
        c.setBaseURL(emulator.baseUrl() + "/");
        c.configureSslCertificatesValidation(trustManager, null);
        assertThat(BoxUser.getCurrentUser(c).getInfo().getID()).isEqualTo(userId);
      }
    }
  }
}
