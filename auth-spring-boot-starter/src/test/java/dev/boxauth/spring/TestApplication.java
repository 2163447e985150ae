package dev.boxauth.spring;

import com.box.sdk.BoxAPIConnection;
import com.box.sdk.BoxUser;
import dev.boxauth.http.BoxAuthInterceptor;
import java.io.IOException;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application as a user would write it: one dependency, {@code boxauth.*} properties, and code
 * that calls Box with the beans the starter provides.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(TestApplication.BoxController.class)
class TestApplication {

  /** Calls Box's {@code /2.0/users/me} two ways: through the Box SDK and through OkHttp. */
  @RestController
  static class BoxController {
    private final BoxAPIConnection api;
    private final OkHttpClient http;
    private final BoxAuthProperties properties;

    BoxController(
        BoxAPIConnection api, BoxAuthInterceptor interceptor, BoxAuthProperties properties)
        throws GeneralSecurityException {
      this.api = api;
      OkHttpClient.Builder http = new OkHttpClient.Builder().addInterceptor(interceptor);
      if (properties.getHttp().getTrustStore() != null) {
        // The application's own client trusts the emulator's certificate too.
        TrustManagerFactory factory =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(BoxAuthFactory.trustStore(properties.getHttp()));
        X509TrustManager trust = (X509TrustManager) factory.getTrustManagers()[0];
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {trust}, null);
        http.sslSocketFactory(tls.getSocketFactory(), trust);
      }
      this.http = http.build();
      this.properties = properties;
    }

    @GetMapping("/me/sdk")
    String meThroughTheSdk() {
      return BoxUser.getCurrentUser(api).getInfo().getLogin();
    }

    @GetMapping("/me/okhttp")
    String meThroughOkHttp() throws IOException {
      Request request =
          new Request.Builder().url(properties.getBaseUrl() + "/2.0/users/me").build();
      try (Response response = http.newCall(request).execute()) {
        return response.code() + " " + response.body().string();
      }
    }
  }
}
