package dev.boxauth.domain;

/**
 * A Box app's OAuth 2.0 client id: the {@code client_id} form field and the assertion's {@code
 * iss}. Not secret.
 */
public record ClientId(String value) {
  /** Validates the id. */
  public ClientId {
    Identifiers.requireToken(value, "clientId");
    if (value.indexOf('/') >= 0) {
      throw new IllegalArgumentException("clientId must not contain '/'");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
