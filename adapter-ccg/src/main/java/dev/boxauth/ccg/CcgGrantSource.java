package dev.boxauth.ccg;

import dev.boxauth.domain.ClientCredentials;
import dev.boxauth.domain.Grant;
import dev.boxauth.domain.Subject;
import dev.boxauth.port.GrantSource;
import java.time.Instant;
import java.util.Objects;

/**
 * The Client Credentials Grant (RFC 6749 §4.4) with Box's subject fields: the client id and secret
 * are the only proof, the subject is the enterprise's Service Account or one user. Nothing is
 * signed, so the server's time does not matter. Immutable and thread-safe.
 */
final class CcgGrantSource implements GrantSource {
  private final ClientCredentials client;

  CcgGrantSource(ClientCredentials client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public ClientCredentials client() {
    return client;
  }

  @Override
  public Grant grant(Subject subject, Instant serverNow) {
    return new Grant.ClientCredentialsGrant(client, Objects.requireNonNull(subject, "subject"));
  }

  @Override
  public String toString() {
    return "CcgGrantSource[client=" + client.id() + "]";
  }
}
