package dev.boxauth.domain;

import java.util.Objects;
import java.util.Set;

/**
 * What identifies a cached token: the app, the subject it acts for and its scopes (empty for a
 * full-scope token). Two equal keys always share one token.
 */
public record TokenKey(ClientId client, Subject subject, Set<String> scopes) {
  /** Validates the parts; scopes are copied into a sorted immutable set. */
  public TokenKey {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(subject, "subject");
    scopes = Scopes.copyOf(scopes, "scopes");
  }

  /** The key of a full-scope token. */
  public static TokenKey of(ClientId client, Subject subject) {
    return new TokenKey(client, subject, Set.of());
  }

  /**
   * A stable string form, e.g. {@code abc123/enterprise/42/} for a shared store's key. Client ids
   * and Box ids contain no {@code /} and scopes no space, so the form is unambiguous.
   */
  public String canonical() {
    return client.value()
        + '/'
        + subject.wireType()
        + '/'
        + subject.id()
        + '/'
        + Scopes.join(scopes);
  }

  @Override
  public String toString() {
    return canonical();
  }
}
