package dev.boxauth.spring;

import dev.boxauth.BoxAuth;
import dev.boxauth.service.TokenStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code boxauth} health contributor: what the token cache holds now, read from cached state
 * alone, so a probe never costs a token request. DOWN when no usable token is cached and the last
 * token request failed (Box unreachable, or refusing the app); UP otherwise, the last failure still
 * shown. Details carry no token, secret, user or enterprise id.
 */
final class BoxAuthHealthIndicator implements HealthIndicator {
  private final BoxAuth auth;
  private final LastTokenRequest lastRequest;
  private final String storeType;

  BoxAuthHealthIndicator(BoxAuth auth, LastTokenRequest lastRequest, String storeType) {
    this.auth = auth;
    this.lastRequest = lastRequest;
    this.storeType = storeType;
  }

  @Override
  public Health health() {
    TokenStatus status = auth.status();
    boolean down =
        status.subjectsCached() == 0
            && status.lastFailure().isPresent()
            && (lastRequest == null || lastRequest.failed());
    Health.Builder health = down ? Health.down() : Health.up();
    health.withDetail("subjectsCached", status.subjectsCached());
    status
        .soonestExpiry()
        .ifPresent(e -> health.withDetail("soonestExpiry", seconds(e).toString()));
    status
        .lastFailure()
        .ifPresent(
            f -> {
              Map<String, Object> failure = new LinkedHashMap<>();
              failure.put("type", f.type());
              failure.put("reason", f.reason());
              failure.put("at", seconds(f.at()).toString());
              health.withDetail("lastFailure", failure);
            });
    health.withDetail(
        "serverClockOffset", status.serverClockOffset().truncatedTo(ChronoUnit.MILLIS).toString());
    Map<String, Object> store = new LinkedHashMap<>();
    store.put("type", storeType);
    store.put("failures", status.storeFailures());
    health.withDetail("store", store);
    return health.build();
  }

  private static Instant seconds(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS);
  }
}
