package dev.boxauth.ccg;

import com.google.inject.AbstractModule;
import dev.boxauth.domain.ClientCredentials;
import dev.boxauth.port.GrantSource;
import java.util.Objects;

/**
 * Binds {@link GrantSource} to the Client Credentials Grant (RFC 6749 §4.4, Box's {@code
 * box_subject_type} / {@code box_subject_id}): tokens for the enterprise's Service Account or for a
 * user, from the client id and secret alone, with no key pair. Install it instead of a JWT grant
 * source; the {@code TokenService} caches CCG tokens exactly like JWT tokens (by client, subject
 * and scopes).
 *
 * <p>The app must use "Server Authentication (Client Credentials Grant)" in the Developer Console
 * and be authorized by the enterprise admin; a user subject needs "Generate user access tokens".
 * Box reports every such problem as {@code invalid_grant} / {@code Grant credentials are invalid},
 * which boxauth raises as a {@code GrantRejectedException} with reason {@code
 * CCG_CREDENTIALS_INVALID}.
 */
public final class CcgModule extends AbstractModule {
  private final ClientCredentials client;

  /**
   * @param client the app's client id and secret (the secret is never printed)
   */
  public CcgModule(ClientCredentials client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  protected void configure() {
    bind(GrantSource.class).toInstance(new CcgGrantSource(client));
  }
}
