package dev.boxauth.testkit;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 request as the emulator read it off the socket.
 *
 * @param method e.g. {@code POST}
 * @param path the request target without its query
 * @param headers by lower-case name
 * @param body the decoded body (de-chunked), possibly empty
 */
record RawRequest(String method, String path, Map<String, List<String>> headers, byte[] body) {

  /** The first value of a header, or null. */
  String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
