package dev.boxauth.testkit;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A request's {@code application/x-www-form-urlencoded} body (the only encoding Box's token
 * endpoint reads). Any other content type reads as an empty form, so its {@code grant_type} is
 * missing, as with Box.
 */
final class Form {
  /** The parameters the token and revoke endpoints read. */
  private static final Set<String> PARAMETERS =
      Set.of(
          "grant_type",
          "assertion",
          "client_id",
          "client_secret",
          "box_subject_type",
          "box_subject_id",
          "subject_token",
          "subject_token_type",
          "scope",
          "resource",
          "box_shared_link",
          "actor_token",
          "actor_token_type",
          "token");

  final Map<String, String> fields;

  /** Why the body could not be read as a form, or null. */
  final String problem;

  private Form(Map<String, String> fields, String problem) {
    this.fields = Collections.unmodifiableMap(fields);
    this.problem = problem;
  }

  static Form of(RawRequest request) {
    String type = request.header("content-type");
    if (type == null
        || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      return new Form(Map.of(), null);
    }
    Map<String, String> fields = new LinkedHashMap<>();
    String body = new String(request.body(), StandardCharsets.UTF_8);
    if (body.isEmpty()) {
      return new Form(fields, null);
    }
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name;
      String value;
      try {
        name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return new Form(Map.of(), "The request body is not valid form encoding");
      }
      if (fields.putIfAbsent(name, value) != null) {
        // RFC 6749 §3.2: request parameters MUST NOT be included more than once. Only a name the
        // endpoint reads is quoted back: the emulator echoes no text a client made up.
        return new Form(
            Map.of(),
            PARAMETERS.contains(name)
                ? "The '" + name + "' parameter is included more than once"
                : "A parameter is included more than once");
      }
    }
    return new Form(fields, null);
  }

  /** A field's value; null if absent or empty. */
  String get(String name) {
    String v = fields.get(name);
    return v == null || v.isEmpty() ? null : v;
  }
}
