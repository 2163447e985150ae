package dev.boxauth.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boxauth.domain.ConfigurationException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpTransportConfigTest {

  private static HttpTransportConfig build(UnaryOperator<HttpTransportConfig.Builder> b) {
    return b.apply(HttpTransportConfig.builder()).build();
  }

  @Test
  void defaults_areBoxWithFiniteTimeoutsAnd64KiBCap() {
    HttpTransportConfig c = HttpTransportConfig.defaults();

    assertThat(c.baseUrl()).isEqualTo(URI.create("https://api.box.com"));
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.readTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.callTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(c.maxBodyBytes()).isEqualTo(65536);
    assertThat(c.proxy()).isEqualTo(Proxy.NO_PROXY);
    assertThat(c.proxyCredentials()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://api.box.com/", "https://api.box.com//", "https://api.box.com"})
  void baseUrl_withOrWithoutTrailingSlash_isStoredWithout(String url) {
    assertThat(build(b -> b.baseUrl(URI.create(url))).baseUrl())
        .isEqualTo(URI.create("https://api.box.com"));
  }

  @Test
  void baseUrl_withPath_keepsThePath() {
    assertThat(build(b -> b.baseUrl(URI.create("https://gw.example.com/box/"))).baseUrl())
        .isEqualTo(URI.create("https://gw.example.com/box"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1:8080",
        "http://127.1.2.3",
        "http://localhost:1",
        "HTTP://LOCALHOST",
        "http://[::1]:9000",
        "http://[0:0:0:0:0:0:0:1]:9000"
      })
  void baseUrl_plainHttpToLoopback_isAccepted(String url) {
    assertThat(build(b -> b.baseUrl(URI.create(url))).baseUrl().getHost()).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://api.box.com",
        "http://127.evil.example",
        "http://127.0.0.1.evil.example",
        "http://localhost.evil.example",
        "http://10.0.0.1:8080",
        "http://128.0.0.1",
        "http://[::2]:80"
      })
  void baseUrl_plainHttpToAnyOtherHost_isRefusedNamingBaseUrl(String url) {
    assertThatThrownBy(() -> build(b -> b.baseUrl(URI.create(url))))
        .isInstanceOfSatisfying(
            ConfigurationException.class, e -> assertThat(e.field()).isEqualTo("baseUrl"))
        .hasMessageContaining("plain http://")
        .hasMessageContaining("loopback");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "api.box.com",
        "/oauth2",
        "http://127.0.0.256",
        "http://127.0.0.1:0",
        "https://api.box.com:65536",
        "https://api.box.com:99999",
        "ftp://api.box.com",
        "https://api.box.com/?x=1",
        "https://api.box.com/#frag",
        "mailto:someone@example.com"
      })
  void baseUrl_notAnHttpsBase_isRefusedNamingBaseUrl(String url) {
    assertThatThrownBy(() -> build(b -> b.baseUrl(URI.create(url))))
        .isInstanceOfSatisfying(
            ConfigurationException.class, e -> assertThat(e.field()).isEqualTo("baseUrl"));
  }

  @Test
  void baseUrl_withUserInfo_isRefusedWithoutEchoingIt() {
    assertThatThrownBy(() -> build(b -> b.baseUrl(URI.create("https://bob:pw-s3cret@api.box.com"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("user info")
        .hasMessageNotContaining("pw-s3cret");
  }

  @Test
  void timeouts_zeroNegativeOrHuge_areRefusedNamingTheField() {
    assertThatThrownBy(() -> build(b -> b.connectTimeout(Duration.ZERO)))
        .isInstanceOfSatisfying(
            ConfigurationException.class, e -> assertThat(e.field()).isEqualTo("connectTimeout"));
    assertThatThrownBy(() -> build(b -> b.readTimeout(Duration.ofSeconds(-1))))
        .isInstanceOfSatisfying(
            ConfigurationException.class, e -> assertThat(e.field()).isEqualTo("readTimeout"));
    assertThatThrownBy(() -> build(b -> b.callTimeout(Duration.ofHours(1))))
        .isInstanceOfSatisfying(
            ConfigurationException.class, e -> assertThat(e.field()).isEqualTo("callTimeout"));
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 1023, 16 * 1024 * 1024 + 1})
  void maxBodyBytes_outOfRange_isRefused(long bytes) {
    assertThatThrownBy(() -> build(b -> b.maxBodyBytes(bytes)))
        .isInstanceOfSatisfying(
            ConfigurationException.class, e -> assertThat(e.field()).isEqualTo("maxBodyBytes"));
  }

  @Test
  void proxyCredentials_withoutProxy_areRefused() {
    assertThatThrownBy(
            () -> build(b -> b.proxyCredentials(HttpTransportConfig.ProxyCredentials.of("u", "p"))))
        .isInstanceOfSatisfying(
            ConfigurationException.class, e -> assertThat(e.field()).isEqualTo("proxyCredentials"));
  }

  @Test
  void proxyCredentials_withSocksProxy_areRefused() {
    Proxy socks = new Proxy(Proxy.Type.SOCKS, InetSocketAddress.createUnresolved("socks", 1080));

    assertThatThrownBy(
            () ->
                build(
                    b ->
                        b.proxy(socks)
                            .proxyCredentials(HttpTransportConfig.ProxyCredentials.of("u", "p"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("SOCKS");
  }

  @Test
  void proxyCredentials_usernameWithColon_isRefused() {
    assertThatThrownBy(() -> HttpTransportConfig.ProxyCredentials.of("a:b", "p"))
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e -> assertThat(e.field()).isEqualTo("proxyCredentials.username"));
  }

  @Test
  void httpProxy_withBadPort_isRefused() {
    assertThatThrownBy(() -> HttpTransportConfig.builder().httpProxy("proxy", 0))
        .isInstanceOfSatisfying(
            ConfigurationException.class, e -> assertThat(e.field()).isEqualTo("proxy"));
  }

  @Test
  void toString_neverShowsTheProxyPassword() {
    HttpTransportConfig c =
        build(
            b ->
                b.httpProxy("proxy.corp", 3128)
                    .proxyCredentials(
                        HttpTransportConfig.ProxyCredentials.of("bob", "proxy-pa55word")));

    assertThat(c.toString()).contains("bob").doesNotContain("proxy-pa55word");
    assertThat(c.proxyCredentials().toString()).doesNotContain("proxy-pa55word");
  }

  @Test
  void toBuilder_roundTrips() {
    HttpTransportConfig c =
        build(b -> b.baseUrl(URI.create("http://127.0.0.1:9")).maxBodyBytes(4096));

    assertThat(c.toBuilder().build()).isEqualTo(c);
  }
}
