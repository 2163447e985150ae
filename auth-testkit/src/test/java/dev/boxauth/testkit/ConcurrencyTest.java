package dev.boxauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Many callers at once: every request answered, the jti cache and fault queue exact. */
@ExtendWith(BoxEmulatorExtension.class)
class ConcurrencyTest {
  private static final int CALLERS = 256;

  private static BoxEmulator emulator;
  private static EmulatedApp app;

  private static List<Http.Reply> postAll(List<Map<String, String>> forms) {
    List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
    for (Map<String, String> form : forms) {
      futures.add(
          Http.CLIENT.sendAsync(
              HttpRequest.newBuilder(emulator.tokenUrl())
                  .timeout(Duration.ofSeconds(60))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(Http.encode(form)))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    return futures.stream()
        .map(CompletableFuture::join)
        .map(r -> new Http.Reply(r.statusCode(), r.headers(), r.body()))
        .collect(Collectors.toList());
  }

  @Test
  void token_with256ConcurrentCallers_issues256DistinctTokens() {
    List<Map<String, String>> forms = new ArrayList<>();
    for (int i = 0; i < CALLERS; i++) {
      forms.add(Forge.jwtForm(app, Forge.assertion(app, Forge.claims(app))));
    }

    List<Http.Reply> replies = postAll(forms);

    assertThat(replies).extracting(Http.Reply::status).containsOnly(200);
    Set<String> tokens = new HashSet<>();
    replies.forEach(r -> tokens.add(r.get("access_token")));
    assertThat(tokens).hasSize(CALLERS);
    assertThat(emulator.tokenRequests()).isEqualTo(CALLERS);
    assertThat(emulator.tokenRequests(BoxEmulator.GrantType.JWT_BEARER, BoxEmulator.Outcome.ISSUED))
        .isEqualTo(CALLERS);
  }

  @Test
  void token_withOneAssertionReplayedConcurrently_issuesExactlyOnce() {
    Map<String, String> form = Forge.jwtForm(app, Forge.assertion(app, Forge.claims(app)));
    List<Map<String, String>> forms = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      forms.add(form);
    }

    List<Http.Reply> replies = postAll(forms);

    assertThat(replies.stream().filter(r -> r.status() == 200)).hasSize(1);
    assertThat(
            replies.stream()
                .filter(r -> BoxTexts.BAD_JTI.equals(r.json().get("error_description"))))
        .hasSize(63);
  }

  @Test
  void rateLimitNext_underConcurrency_limitsExactlyN() {
    emulator.faults().rateLimitNext(10, Duration.ofSeconds(1));
    List<Map<String, String>> forms = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      forms.add(Forge.jwtForm(app, Forge.assertion(app, Forge.claims(app))));
    }

    List<Http.Reply> replies = postAll(forms);

    assertThat(replies.stream().filter(r -> r.status() == 429)).hasSize(10);
    assertThat(replies.stream().filter(r -> r.status() == 200)).hasSize(40);
  }
}
