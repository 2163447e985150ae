package dev.boxauth.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One flat JSON object on one line: how every driver, the emulator's admin endpoint and the
 * benchmarks' side outputs report to {@link Report}. Values are strings, numbers, booleans or lists
 * of numbers. Not thread-safe.
 */
final class JsonLine {
  private final Map<String, Object> fields = new LinkedHashMap<>();

  private JsonLine() {}

  /** A line for {@code client} (boxauth, box-sdk, openssl, ...) and a scenario name. */
  static JsonLine of(String client, String scenario) {
    return new JsonLine().put("client", client).put("scenario", scenario);
  }

  JsonLine put(String name, Object value) {
    Objects.requireNonNull(name, "name");
    fields.put(name, value);
    return this;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("{");
    boolean first = true;
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      quote(e.getKey(), out);
      out.append(':');
      value(e.getValue(), out);
    }
    return out.append('}').toString();
  }

  private static void value(Object v, StringBuilder out) {
    if (v == null) {
      out.append("null");
    } else if (v instanceof Double d && (d.isNaN() || d.isInfinite())) {
      out.append("null");
    } else if (v instanceof Number || v instanceof Boolean) {
      out.append(v);
    } else if (v instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        value(list.get(i), out);
      }
      out.append(']');
    } else {
      quote(v.toString(), out);
    }
  }

  static void quote(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
