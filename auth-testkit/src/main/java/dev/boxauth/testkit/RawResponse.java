package dev.boxauth.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the emulator sends back: a status, headers and body; or, as a fault, nothing at all ({@link
 * #drop()}) or the headers and only part of the body ({@link #truncated()}). The server adds {@code
 * Date}, {@code Content-Length}, {@code Cache-Control} and {@code Pragma}.
 */
final class RawResponse {
  static final String JSON = "application/json";

  final int status;
  final Map<String, String> headers;
  final byte[] body;
  final boolean drop;
  final boolean truncate;

  private RawResponse(
      int status, Map<String, String> headers, byte[] body, boolean drop, boolean truncate) {
    this.status = status;
    this.headers = Collections.unmodifiableMap(headers);
    this.body = body;
    this.drop = drop;
    this.truncate = truncate;
  }

  static RawResponse of(int status, String contentType, String body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", contentType);
    return new RawResponse(status, headers, body.getBytes(StandardCharsets.UTF_8), false, false);
  }

  /** A reply with no body and no content type (as Box answers an unauthenticated API call). */
  static RawResponse empty(int status) {
    return new RawResponse(status, new LinkedHashMap<>(), new byte[0], false, false);
  }

  static RawResponse json(int status, String json) {
    return of(status, JSON, json);
  }

  /** Box's OAuth 2.0 error body (RFC 6749 §5.2). */
  static RawResponse oauthError(int status, String error, String description) {
    return json(
        status,
        JsonWriter.object().put("error", error).put("error_description", description).toString());
  }

  /** Close the connection without a reply. */
  static RawResponse drop() {
    return new RawResponse(0, new LinkedHashMap<>(), new byte[0], true, false);
  }

  RawResponse withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new RawResponse(status, h, body, drop, truncate);
  }

  /** The same reply, cut off after half its body, then the connection closes. */
  RawResponse truncated() {
    return new RawResponse(status, new LinkedHashMap<>(headers), body, drop, true);
  }
}
