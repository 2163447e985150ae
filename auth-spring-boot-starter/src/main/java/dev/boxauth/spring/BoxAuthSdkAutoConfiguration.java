package dev.boxauth.spring;

import com.box.sdk.BoxAPIConnection;
import dev.boxauth.boxsdk.BoxAuthAPIConnection;
import dev.boxauth.domain.ConfigurationException;
import dev.boxauth.port.TokenSource;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * A Box Java SDK connection on boxauth's tokens ({@link BoxAuthAPIConnection}), when the
 * application has the SDK and {@code dev.boxauth:adapter-box-sdk}; replaced by a {@link
 * BoxAPIConnection} bean of the application's own.
 */
@AutoConfiguration(after = BoxAuthAutoConfiguration.class)
@ConditionalOnClass(
    name = {"com.box.sdk.BoxAPIConnection", "dev.boxauth.boxsdk.BoxAuthAPIConnection"})
@ConditionalOnBean(TokenSource.class)
public final class BoxAuthSdkAutoConfiguration {

  /** Instantiated by Spring. */
  public BoxAuthSdkAutoConfiguration() {}

  /**
   * The SDK's connection for the default subject. It goes where boxauth's token requests go: its
   * API base URL follows {@code boxauth.base-url} when that is set, and it trusts {@code
   * boxauth.http.trust-store} and goes through {@code boxauth.http.proxy} when those are set.
   */
  @Bean
  @ConditionalOnMissingBean(BoxAPIConnection.class)
  BoxAuthAPIConnection boxAPIConnection(TokenSource tokens, BoxAuthProperties properties) {
    BoxAuthAPIConnection api = new BoxAuthAPIConnection(tokens);
    if (properties.getBaseUrl() != null) {
      api.setBaseURL(properties.getBaseUrl().toString().replaceAll("/+$", "") + "/");
    }
    BoxAuthProperties.Http http = properties.getHttp();
    if (http.getTrustStore() != null) {
      api.configureSslCertificatesValidation(trustManager(BoxAuthFactory.trustStore(http)), null);
    }
    BoxAuthProperties.Proxy proxy = http.getProxy();
    if (proxy.getHost() != null && proxy.getPort() != null) {
      api.setProxy(
          new Proxy(
              Proxy.Type.HTTP,
              InetSocketAddress.createUnresolved(proxy.getHost(), proxy.getPort())));
      if (proxy.getUsername() != null && proxy.getPassword() != null) {
        api.setProxyBasicAuthentication(proxy.getUsername(), proxy.getPassword());
      }
    }
    return api;
  }

  private static X509TrustManager trustManager(KeyStore trustStore) {
    try {
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trustStore);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509TrustManager x509) {
          return x509;
        }
      }
    } catch (GeneralSecurityException e) {
      // Reported below, as for any unusable trust store.
    }
    throw new ConfigurationException(
        "boxauth.http.trust-store",
        "yields no X.509 trust manager for the Box SDK",
        "point it at a key store of X.509 certificates");
  }
}
