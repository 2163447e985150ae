package dev.boxauth.domain;

import java.util.Objects;

/** A Box app's OAuth 2.0 client secret. Its {@code toString} never shows the value. */
public record ClientSecret(Secret value) {
  /** Validates the secret. */
  public ClientSecret {
    Objects.requireNonNull(value, "value");
  }

  /** Wraps a raw client secret. */
  public static ClientSecret of(String secret) {
    return new ClientSecret(Secret.of(secret));
  }
}
