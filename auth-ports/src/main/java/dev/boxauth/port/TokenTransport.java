package dev.boxauth.port;

import dev.boxauth.domain.ClientCredentials;
import dev.boxauth.domain.Grant;
import dev.boxauth.domain.Secret;

/**
 * Talks to Box's token endpoint: {@code POST /oauth2/token} (RFC 6749 §3.2, RFC 7523 §2.1, RFC 8693
 * §2.1) and {@code POST /oauth2/revoke} (RFC 7009 §2.1). One attempt per call; retrying is the
 * caller's job. Thread-safe.
 */
public interface TokenTransport {

  /**
   * Sends one token request.
   *
   * @return the token, or the typed error for any reply or network failure; never throws for those
   */
  TokenReply exchange(Grant grant);

  /**
   * Revokes an access token. Success is a 200 with an empty body.
   *
   * @throws dev.boxauth.domain.AuthException typed, if the request fails
   */
  void revoke(ClientCredentials client, Secret token);
}
