package dev.boxauth.spring;

import com.box.sdk.BoxAPIConnection;
import dev.boxauth.boxsdk.BoxAuthAPIConnection;
import dev.boxauth.port.TokenSource;
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
   * The SDK's connection for the default subject; its API base URL follows {@code boxauth.base-url}
   * when that is set.
   */
  @Bean
  @ConditionalOnMissingBean(BoxAPIConnection.class)
  BoxAuthAPIConnection boxAPIConnection(TokenSource tokens, BoxAuthProperties properties) {
    BoxAuthAPIConnection api = new BoxAuthAPIConnection(tokens);
    if (properties.getBaseUrl() != null) {
      api.setBaseURL(properties.getBaseUrl().toString().replaceAll("/+$", "") + "/");
    }
    return api;
  }
}
