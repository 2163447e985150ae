package dev.boxauth.http;

import dev.boxauth.domain.ClientCredentials;
import dev.boxauth.domain.DownscopeTarget;
import dev.boxauth.domain.Grant;
import dev.boxauth.domain.Scopes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The form fields of each grant (docs/token-endpoint.md, "Requests"). The one place where secrets
 * are revealed for the token endpoint: the map goes straight into the request body and is never
 * logged.
 */
final class TokenForms {
  private TokenForms() {}

  static Map<String, String> of(Grant grant) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", grant.grantType());
    if (grant instanceof Grant.JwtBearer jwt) {
      form.put("assertion", jwt.assertion().reveal());
    } else if (grant instanceof Grant.ClientCredentialsGrant ccg) {
      form.put("box_subject_type", ccg.subject().wireType());
      form.put("box_subject_id", ccg.subject().id());
    } else if (grant instanceof Grant.TokenExchange exchange) {
      form.put("subject_token", exchange.subjectToken().reveal());
      form.put("subject_token_type", Grant.TokenExchange.ACCESS_TOKEN_TYPE);
      form.put("scope", Scopes.join(exchange.scopes()));
      DownscopeTarget target = exchange.target();
      if (target instanceof DownscopeTarget.Resource resource) {
        form.put("resource", resource.url().toString());
      } else if (target instanceof DownscopeTarget.SharedLink link) {
        form.put("box_shared_link", link.url());
      }
    } else {
      throw new IllegalArgumentException("unknown grant type " + grant.getClass().getName());
    }
    putClient(form, grant.client());
    return form;
  }

  private static void putClient(Map<String, String> form, ClientCredentials client) {
    form.put("client_id", client.id().value());
    form.put("client_secret", client.secret().value().reveal());
  }
}
