package dev.boxauth.testkit;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything the emulated Box knows: one enterprise, its apps, its users, the tokens it issued and
 * the {@code jti}s it has seen. Thread-safe (concurrent maps throughout).
 */
final class Registry {

  /** The kinds of user an app may act for (docs/token-endpoint.md, "Subjects"). */
  enum UserKind {
    /** Created by an app's Service Account; belongs to that app. */
    APP_USER,
    /** A regular user of the enterprise; reachable with App + Enterprise Access. */
    MANAGED,
    /** An app's Service Account: whom an enterprise token acts as; never a token subject. */
    SERVICE_ACCOUNT
  }

  /**
   * A user of the enterprise.
   *
   * @param ownerClientId the app an App User or Service Account belongs to; null for managed users
   * @param createdAt when the emulator created the user, on its clock
   */
  record User(String id, UserKind kind, String ownerClientId, Instant createdAt) {}

  private static final int PURGE_EVERY = 4096;

  final String enterpriseId;
  private final EmulatorClock clock;
  final ConcurrentMap<String, EmulatedApp> apps = new ConcurrentHashMap<>();
  final ConcurrentMap<String, User> users = new ConcurrentHashMap<>();
  final ConcurrentMap<String, IssuedToken> tokens = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Long> jtis = new ConcurrentHashMap<>();
  private final AtomicLong jtiInserts = new AtomicLong();

  Registry(String enterpriseId, EmulatorClock clock) {
    this.enterpriseId = enterpriseId;
    this.clock = clock;
  }

  String newUser(UserKind kind, String ownerClientId) {
    while (true) {
      String id = Ids.numeric(11);
      if (users.putIfAbsent(id, new User(id, kind, ownerClientId, clock.now())) == null) {
        return id;
      }
    }
  }

  String newTokenValue(IssuedToken token) {
    while (true) {
      String value = Ids.accessToken();
      if (tokens.putIfAbsent(value, token) == null) {
        return value;
      }
    }
  }

  /**
   * Records a {@code jti} until its assertion's expiry.
   *
   * @return false if it was already recorded (a replay)
   */
  boolean burnJti(String jti, long expEpochSecond, Instant now) {
    boolean fresh = jtis.putIfAbsent(jti, expEpochSecond) == null;
    if (fresh && jtiInserts.incrementAndGet() % PURGE_EVERY == 0) {
      // An expired assertion fails the exp check before its jti is looked at, so forgetting
      // the jtis of expired assertions cannot let a replay through. The day of margin covers a
      // test that skews the clock forward and then back.
      long cutoff = now.getEpochSecond() - 86_400;
      jtis.values().removeIf(exp -> exp < cutoff);
    }
    return fresh;
  }
}
