package dev.boxauth.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.springframework.boot.json.JsonParserFactory;

/** GETs against the running test application, over real HTTP. */
final class Http {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private final int port;

  Http(int port) {
    this.port = port;
  }

  /** The body of a GET that answers {@code expectedStatus}. */
  String get(String path, int expectedStatus) throws IOException, InterruptedException {
    HttpResponse<String> response =
        CLIENT.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode())
        .as("GET %s: %s", path, response.body())
        .isEqualTo(expectedStatus);
    return response.body();
  }

  /** The JSON object a GET answers with 200. */
  Map<String, Object> json(String path) throws IOException, InterruptedException {
    return JsonParserFactory.getJsonParser().parseMap(get(path, 200));
  }

  /** {@code /actuator/metrics/NAME?tag=..}'s COUNT or VALUE statistic. */
  double metric(String name, String... tags) throws IOException, InterruptedException {
    StringBuilder path = new StringBuilder("/actuator/metrics/" + name);
    for (int i = 0; i < tags.length; i++) {
      path.append(i == 0 ? '?' : '&').append("tag=").append(tags[i]);
    }
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> measurements =
        (List<Map<String, Object>>) json(path.toString()).get("measurements");
    return ((Number) measurements.get(0).get("value")).doubleValue();
  }

  /** A nested member of a parsed JSON object, e.g. {@code at(health, "components", "boxauth")}. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> at(Map<String, Object> json, String... path) {
    Map<String, Object> node = json;
    for (String name : path) {
      assertThat(node).as("JSON member %s", name).containsKey(name);
      node = (Map<String, Object>) node.get(name);
    }
    return node;
  }
}
