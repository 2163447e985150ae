package dev.boxauth.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boxauth.domain.ConfigurationException;
import java.net.URI;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

class BoxHostsTest {

  private static boolean allows(BoxHosts hosts, String url) {
    return hosts.allows(HttpUrl.get(url));
  }

  @Test
  void defaults_allowBoxsApiUploadAndDownloadHostsOverHttpsOnly() {
    BoxHosts hosts = BoxHosts.defaults();

    assertThat(allows(hosts, "https://api.box.com/2.0/users/me")).isTrue();
    assertThat(allows(hosts, "https://UPLOAD.box.com/api/2.0/files/content")).isTrue();
    assertThat(allows(hosts, "https://dl.boxcloud.com/2.0/zip_downloads/1/content")).isTrue();
    assertThat(allows(hosts, "https://public.boxcloud.com/api/2.0/internal_files/1")).isTrue();
    assertThat(allows(hosts, "http://api.box.com/2.0/users/me")).isFalse();
    assertThat(allows(hosts, "https://api.box.com.evil.example/2.0/users/me")).isFalse();
    assertThat(allows(hosts, "https://evil.example/api.box.com")).isFalse();
    assertThat(allows(hosts, "https://127.0.0.1/2.0/users/me")).isFalse();
  }

  @Test
  void withHost_loopbackOverPlainHttp_isAllowedOtherHostsOverHttpAreNot() {
    BoxHosts hosts =
        BoxHosts.defaults().withHost("127.0.0.1").withHost("localhost").withHost("box-proxy.corp");

    assertThat(allows(hosts, "http://127.0.0.1:8080/2.0/users/me")).isTrue();
    assertThat(allows(hosts, "http://localhost:8080/2.0/users/me")).isTrue();
    assertThat(allows(hosts, "https://box-proxy.corp/2.0/users/me")).isTrue();
    assertThat(allows(hosts, "http://box-proxy.corp/2.0/users/me")).isFalse();
  }

  @Test
  void withHostOf_takesTheHostOfABaseUrl() {
    BoxHosts hosts = BoxHosts.of().withHostOf(URI.create("https://127.0.0.1:53127"));

    assertThat(hosts.hosts()).containsExactly("127.0.0.1");
    assertThat(allows(hosts, "https://127.0.0.1:53127/2.0/users/me")).isTrue();
  }

  @Test
  void withHost_notABareHostName_isAConfigurationErrorNamingIt() {
    for (String bad : new String[] {"", " ", "https://api.box.com", "api.box.com:443", "u@h"}) {
      assertThatThrownBy(() -> BoxHosts.defaults().withHost(bad))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("hosts");
    }
    assertThatThrownBy(() -> BoxHosts.of().withHostOf(URI.create("relative/path")))
        .isInstanceOf(ConfigurationException.class);
  }

  @Test
  void withHost_ipv6Literal_isAcceptedWithOrWithoutBrackets() {
    BoxHosts hosts = BoxHosts.of("[::1]");

    assertThat(allows(hosts, "http://[::1]:8080/2.0/users/me")).isTrue();
  }
}
