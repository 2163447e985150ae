package dev.boxauth.boxsdk;

import dev.boxauth.BoxAuth;
import dev.boxauth.http.HttpTransportConfig;
import dev.boxauth.port.TokenEvent;
import dev.boxauth.testkit.BoxEmulator;
import dev.boxauth.testkit.EmulatedApp;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * One HTTPS emulator with one JWT app, a {@link BoxAuth} for it, and the boxauth events it emitted:
 * the fixture every bridge test starts from. The Box SDK refuses plain HTTP, hence TLS.
 */
final class EmulatedBox implements AutoCloseable {
  final BoxEmulator emulator = BoxEmulator.startTls();
  final EmulatedApp app = emulator.newJwtApp();
  final List<TokenEvent> events = new CopyOnWriteArrayList<>();
  final BoxAuth auth =
      BoxAuth.builder()
          .configJson(app.configJson())
          .baseUrl(emulator.baseUrl())
          .http(HttpTransportConfig.builder().trustStore(emulator.trustStore()).build())
          .listener(events::add)
          .build();

  /** A bridge pointed at the emulator and trusting its certificate, as a user would set it up. */
  BoxAuthAPIConnection connect(BoxAuthAPIConnection api) {
    api.configureSslCertificatesValidation(trustManager(), null);
    api.setBaseURL(emulator.baseUrl() + "/");
    api.setBaseUploadURL(emulator.baseUrl() + "/");
    return api;
  }

  X509TrustManager trustManager() {
    try {
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(emulator.trustStore());
      return (X509TrustManager) factory.getTrustManagers()[0];
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Tokens boxauth obtained (each one token request it made). */
  long tokensIssuedByBoxauth() {
    return events.stream().filter(e -> e instanceof TokenEvent.Issued).count();
  }

  long invalidations() {
    return events.stream().filter(e -> e instanceof TokenEvent.Invalidated).count();
  }

  @Override
  public void close() {
    auth.close();
    emulator.close();
  }
}
