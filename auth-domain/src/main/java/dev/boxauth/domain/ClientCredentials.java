package dev.boxauth.domain;

import java.util.Objects;

/**
 * The app's client id and secret, sent with every token request (RFC 6749 §2.3.1, in the form body
 * as Box requires). The secret is redacted in {@code toString}.
 */
public record ClientCredentials(ClientId id, ClientSecret secret) {
  /** Validates both parts. */
  public ClientCredentials {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(secret, "secret");
  }

  /** Convenience for {@code new ClientCredentials(new ClientId(id), ClientSecret.of(secret))}. */
  public static ClientCredentials of(String id, String secret) {
    return new ClientCredentials(new ClientId(id), ClientSecret.of(secret));
  }
}
