package dev.boxauth.testkit;

import java.util.List;

/**
 * Writes the few JSON objects the emulator sends, field order as given. Slashes are escaped ({@code
 * \/}) the way Box's servers write them (docs/token-endpoint.md, "Replies"), so a client that
 * matches raw bytes instead of parsing JSON fails here as it would against Box.
 */
final class JsonWriter {
  private final StringBuilder sb = new StringBuilder("{");

  static JsonWriter object() {
    return new JsonWriter();
  }

  JsonWriter put(String name, String value) {
    return name(name).string(value);
  }

  JsonWriter put(String name, long value) {
    name(name).sb.append(value);
    return this;
  }

  /** A nested value already written as JSON. */
  JsonWriter putRaw(String name, String json) {
    name(name).sb.append(json);
    return this;
  }

  /** An array of values already written as JSON. */
  JsonWriter putArray(String name, List<String> jsonValues) {
    name(name).sb.append('[').append(String.join(",", jsonValues)).append(']');
    return this;
  }

  @Override
  public String toString() {
    return sb + "}";
  }

  private JsonWriter name(String name) {
    if (sb.length() > 1) {
      sb.append(',');
    }
    string(name);
    sb.append(':');
    return this;
  }

  private JsonWriter string(String s) {
    sb.append(quote(s));
    return this;
  }

  static String quote(String s) {
    return quote(s, true);
  }

  /** A JSON string with {@code /} left as is, as in the console's config files. */
  static String quoteUnescapedSlash(String s) {
    return quote(s, false);
  }

  private static String quote(String s, boolean escapeSlash) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '/':
          out.append(escapeSlash ? "\\/" : "/");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        default:
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    return out.append('"').toString();
  }
}
