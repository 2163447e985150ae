package dev.boxauth;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import dev.boxauth.domain.ClientCredentials;
import dev.boxauth.port.GrantSource;
import dev.boxauth.service.JwtGrantSource;
import java.util.Objects;

/**
 * Binds {@link GrantSource} to the JWT bearer grant (RFC 7523): each attempt signs a new assertion
 * with the bound {@code AssertionSigner} (from a key module such as {@code BoxConfigKeyModule}) and
 * sends it with the client id and secret. Install it instead of {@code CcgModule}.
 */
public final class JwtGrantModule extends AbstractModule {
  private final ClientCredentials client;

  /**
   * @param client the app's client id and secret (the secret is never printed)
   */
  public JwtGrantModule(ClientCredentials client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  protected void configure() {
    bind(ClientCredentials.class).toInstance(client);
    bind(GrantSource.class).to(JwtGrantSource.class).in(Singleton.class);
  }
}
