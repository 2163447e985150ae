package dev.boxauth.testkit;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** A token the emulator issued. Immutable except for revocation. Thread-safe. */
final class IssuedToken {
  final String clientId;
  final String subjectType;
  final String subjectId;
  final Set<String> scopes;
  final List<TokenInfo.Restriction> restrictions;
  final Instant expiresAt;
  private volatile boolean revoked;

  IssuedToken(
      String clientId,
      String subjectType,
      String subjectId,
      Set<String> scopes,
      List<TokenInfo.Restriction> restrictions,
      Instant expiresAt) {
    this.clientId = clientId;
    this.subjectType = subjectType;
    this.subjectId = subjectId;
    this.scopes = Set.copyOf(scopes);
    this.restrictions = List.copyOf(restrictions);
    this.expiresAt = expiresAt;
  }

  void revoke() {
    revoked = true;
  }

  TokenInfo.State stateAt(Instant now) {
    if (revoked) {
      return TokenInfo.State.REVOKED;
    }
    return now.isBefore(expiresAt) ? TokenInfo.State.LIVE : TokenInfo.State.EXPIRED;
  }

  TokenInfo info(Instant now) {
    return new TokenInfo(
        stateAt(now), clientId, subjectType, subjectId, scopes, restrictions, expiresAt);
  }

  /** The item this token is restricted to, or null. */
  TokenInfo.Restriction item() {
    for (TokenInfo.Restriction r : restrictions) {
      if (r.objectId() != null) {
        return r;
      }
    }
    return null;
  }
}
