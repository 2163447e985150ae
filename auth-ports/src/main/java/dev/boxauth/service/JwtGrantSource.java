package dev.boxauth.service;

import dev.boxauth.domain.AssertionPolicy;
import dev.boxauth.domain.ClientCredentials;
import dev.boxauth.domain.Grant;
import dev.boxauth.domain.Subject;
import dev.boxauth.port.AssertionSigner;
import dev.boxauth.port.GrantSource;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Objects;

/**
 * The JWT bearer grant (RFC 7523 §2.1): a new assertion per attempt, signed by the bound {@link
 * AssertionSigner}, sent with the client id and secret as Box requires. Thread-safe.
 */
public final class JwtGrantSource implements GrantSource {
  private final ClientCredentials client;
  private final AssertionSigner signer;
  private final AssertionPolicy policy;

  /**
   * @param client the app's client id and secret
   * @param signer signs each assertion
   * @param policy makes each assertion's claims
   */
  @Inject
  public JwtGrantSource(ClientCredentials client, AssertionSigner signer, AssertionPolicy policy) {
    this.client = Objects.requireNonNull(client, "client");
    this.signer = Objects.requireNonNull(signer, "signer");
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  @Override
  public ClientCredentials client() {
    return client;
  }

  @Override
  public Grant grant(Subject subject, Instant serverNow) {
    return new Grant.JwtBearer(client, signer.sign(policy.claims(client.id(), subject, serverNow)));
  }
}
