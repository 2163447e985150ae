package dev.boxauth.peer;

import java.util.LinkedHashMap;
import java.util.Map;

/** One flat JSON object on one line, the format of boxauth's drivers. */
final class JsonLine {
  private final Map<String, Object> fields = new LinkedHashMap<>();

  static JsonLine of(String client, String scenario) {
    return new JsonLine().put("client", client).put("scenario", scenario);
  }

  JsonLine put(String name, Object value) {
    fields.put(name, value);
    return this;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("{");
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      if (out.length() > 1) {
        out.append(',');
      }
      quote(e.getKey(), out);
      out.append(':');
      Object v = e.getValue();
      if (v instanceof Number || v instanceof Boolean) {
        out.append(v);
      } else {
        quote(String.valueOf(v), out);
      }
    }
    return out.append('}').toString();
  }

  private static void quote(String s, StringBuilder out) {
    out.append('"');
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }
}
