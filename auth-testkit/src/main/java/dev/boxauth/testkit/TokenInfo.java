package dev.boxauth.testkit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the emulator knows about an access token: whether it is live, whom it acts for, its scopes
 * and restrictions, and when it expires. Returned by {@link BoxEmulator#introspect}; a snapshot,
 * immutable.
 *
 * @param state LIVE, REVOKED, EXPIRED, or UNKNOWN when the emulator never issued it
 * @param clientId the app it was issued to; null when UNKNOWN
 * @param subjectType {@code enterprise} or {@code user}; null when UNKNOWN
 * @param subjectId the enterprise or user id; null when UNKNOWN
 * @param scopes the scopes it holds; empty when UNKNOWN
 * @param restrictedTo its {@code restricted_to} entries; empty for a full token
 * @param expiresAt its expiry on the emulator's clock; null when UNKNOWN
 */
public record TokenInfo(
    State state,
    String clientId,
    String subjectType,
    String subjectId,
    Set<String> scopes,
    List<Restriction> restrictedTo,
    Instant expiresAt) {

  /** A token's state at the moment of the question. */
  public enum State {
    /** Issued, not revoked, not expired: Box would accept it. */
    LIVE,
    /** Revoked through {@code POST /oauth2/revoke}. */
    REVOKED,
    /** Past its expiry on the emulator's clock. */
    EXPIRED,
    /** Never issued by this emulator. */
    UNKNOWN
  }

  /**
   * One {@code restricted_to} entry of a downscoped token.
   *
   * @param scope e.g. {@code item_preview}
   * @param objectType {@code file} or {@code folder}; null when the token names no item
   * @param objectId the item id; null when the token names no item
   */
  public record Restriction(String scope, String objectType, String objectId) {
    /** Validates the scope. */
    public Restriction {
      Objects.requireNonNull(scope, "scope");
    }
  }

  /** Validates and copies. */
  public TokenInfo {
    Objects.requireNonNull(state, "state");
    scopes = Set.copyOf(Objects.requireNonNull(scopes, "scopes"));
    restrictedTo = List.copyOf(Objects.requireNonNull(restrictedTo, "restrictedTo"));
    if (state != State.UNKNOWN) {
      Objects.requireNonNull(clientId, "clientId");
      Objects.requireNonNull(subjectType, "subjectType");
      Objects.requireNonNull(subjectId, "subjectId");
      Objects.requireNonNull(expiresAt, "expiresAt");
    }
  }

  static TokenInfo unknown() {
    return new TokenInfo(State.UNKNOWN, null, null, null, Set.of(), List.of(), null);
  }

  /** True when Box would accept the token now. */
  public boolean isLive() {
    return state == State.LIVE;
  }

  /** True for a token obtained by token exchange (it has {@code restricted_to} entries). */
  public boolean isDownscoped() {
    return !restrictedTo.isEmpty();
  }
}
