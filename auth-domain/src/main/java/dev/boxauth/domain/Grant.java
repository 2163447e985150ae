package dev.boxauth.domain;

import java.util.Objects;
import java.util.Set;

/**
 * One token request's grant: what is sent to {@code POST /oauth2/token}. Immutable; secrets are
 * redacted in {@code toString}.
 */
public sealed interface Grant {

  /** The client credentials sent with the grant. */
  ClientCredentials client();

  /** The {@code grant_type} form value. */
  String grantType();

  /** JWT bearer grant (RFC 7523 §2.1): a signed assertion. */
  record JwtBearer(ClientCredentials client, Secret assertion) implements Grant {
    /** The {@code grant_type} value for this grant. */
    public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    /** Validates the parts. */
    public JwtBearer {
      Objects.requireNonNull(client, "client");
      Objects.requireNonNull(assertion, "assertion");
    }

    @Override
    public String grantType() {
      return GRANT_TYPE;
    }
  }

  /** Client Credentials Grant (RFC 6749 §4.4) with Box's subject fields. */
  record ClientCredentialsGrant(ClientCredentials client, Subject subject) implements Grant {
    /** The {@code grant_type} value for this grant. */
    public static final String GRANT_TYPE = "client_credentials";

    /** Validates the parts. */
    public ClientCredentialsGrant {
      Objects.requireNonNull(client, "client");
      Objects.requireNonNull(subject, "subject");
    }

    @Override
    public String grantType() {
      return GRANT_TYPE;
    }
  }

  /** Token exchange (RFC 8693 §2.1): downscope an access token to some scopes and one target. */
  record TokenExchange(
      ClientCredentials client, Secret subjectToken, Set<String> scopes, DownscopeTarget target)
      implements Grant {
    /** The {@code grant_type} value for this grant. */
    public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";

    /** The only {@code subject_token_type} Box accepts. */
    public static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

    /** Validates the parts; the scope set must not be empty. */
    public TokenExchange {
      Objects.requireNonNull(client, "client");
      Objects.requireNonNull(subjectToken, "subjectToken");
      scopes = Scopes.copyOf(scopes, "scopes");
      if (scopes.isEmpty()) {
        throw new IllegalArgumentException("scopes must name at least one scope to downscope to");
      }
      Objects.requireNonNull(target, "target");
    }

    @Override
    public String grantType() {
      return GRANT_TYPE;
    }
  }
}
