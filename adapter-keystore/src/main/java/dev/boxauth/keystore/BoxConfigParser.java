package dev.boxauth.keystore;

import com.squareup.moshi.JsonReader;
import dev.boxauth.domain.ClientCredentials;
import dev.boxauth.domain.ClientId;
import dev.boxauth.domain.ClientSecret;
import dev.boxauth.domain.ConfigurationException;
import dev.boxauth.domain.EnterpriseId;
import dev.boxauth.domain.KeyId;
import dev.boxauth.domain.Secret;
import dev.boxauth.domain.UserId;
import java.io.EOFException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import okio.Buffer;

/**
 * Reads the Box app config JSON (docs/token-endpoint.md, "The app's config file") with Moshi's
 * streaming reader, so each member's JSON type is checked exactly (Moshi's {@code nextString} would
 * quietly accept a number) and no library message ever quotes a value. Unknown members are skipped;
 * duplicate members are refused. Stateless.
 */
final class BoxConfigParser {
  /** A Box config is about 3 KB; anything past this is not one. */
  static final int MAX_CHARS = 1 << 20;

  /** Advice for a damaged or hand-edited member. */
  private static final String FIX_DOWNLOAD =
      "correct it, or download the app's config JSON again from the Box Developer Console"
          + " (Configuration tab)";

  /** Advice for a document that is not a config at all. */
  private static final String FIX_DOCUMENT =
      "pass the config JSON exactly as the Box Developer Console downloads it";

  /** A non-string scalar or an array, recorded by type only: its value is never kept. */
  private enum Other {
    NUMBER,
    BOOLEAN,
    ARRAY
  }

  /** JSON null. */
  private enum Null {
    NULL
  }

  private BoxConfigParser() {}

  static BoxAppConfig read(Path file) {
    String json;
    try {
      json = BoundedFile.utf8(file);
    } catch (BoundedFile.Unreadable e) {
      throw new ConfigurationException(
          "config file",
          file
              + ": "
              + e.getMessage()
              + (e.kind == BoundedFile.Unreadable.Kind.TOO_LARGE ? ": not a Box app config" : ""),
          switch (e.kind) {
            case NOT_FOUND -> "check the path";
            case NOT_A_REGULAR_FILE -> "pass the JSON file Box's Developer Console downloads";
            case TOO_LARGE, NOT_UTF8 -> FIX_DOCUMENT;
            case IO -> "check the path and the file's permissions";
          });
    }
    return parse(json, file.toString());
  }

  static String readBounded(Reader reader) throws IOException {
    StringBuilder text = new StringBuilder();
    char[] chunk = new char[8192];
    int n;
    while ((n = reader.read(chunk)) >= 0) {
      text.append(chunk, 0, n);
      if (text.length() > MAX_CHARS) {
        throw new ConfigurationException(
            "config", "the config JSON is larger than 1 MiB: not a Box app config", FIX_DOCUMENT);
      }
    }
    return text.toString();
  }

  static BoxAppConfig parse(String json, String source) {
    if (json.length() > MAX_CHARS) {
      throw new ConfigurationException(
          "config",
          "the " + describe(source) + " is larger than 1 MiB: not a Box app config",
          FIX_DOCUMENT);
    }
    String text = json.startsWith("\uFEFF") ? json.substring(1) : json;
    if (text.isBlank()) {
      throw new ConfigurationException(
          "config", "the " + describe(source) + " is empty", FIX_DOCUMENT);
    }
    Map<String, Object> root = readRoot(text, source);
    String in = " in " + describe(source);

    Map<String, Object> settings = object(root, "boxAppSettings", "boxAppSettings", in);
    Map<String, Object> appAuth = object(settings, "appAuth", "boxAppSettings.appAuth", in);
    ClientId clientId =
        value(
            string(settings, "clientID", "boxAppSettings.clientID", in, true),
            "boxAppSettings.clientID",
            in,
            ClientId::new);
    ClientSecret clientSecret =
        value(
            string(settings, "clientSecret", "boxAppSettings.clientSecret", in, true),
            "boxAppSettings.clientSecret",
            in,
            ClientSecret::of);
    KeyId keyId =
        value(
            string(appAuth, "publicKeyID", "boxAppSettings.appAuth.publicKeyID", in, true),
            "boxAppSettings.appAuth.publicKeyID",
            in,
            KeyId::new);
    Secret privateKey =
        Secret.of(string(appAuth, "privateKey", "boxAppSettings.appAuth.privateKey", in, true));
    String passphrase =
        string(appAuth, "passphrase", "boxAppSettings.appAuth.passphrase", in, false);
    String enterprise = string(root, "enterpriseID", "enterpriseID", in, false);
    String user = string(root, "userID", "userID", in, false);

    return new BoxAppConfig(
        new ClientCredentials(clientId, clientSecret),
        enterprise == null ? null : value(enterprise, "enterpriseID", in, EnterpriseId::new),
        user == null ? null : value(user, "userID", in, UserId::new),
        keyId,
        privateKey,
        passphrase == null || passphrase.isEmpty() ? null : Secret.of(passphrase),
        source);
  }

  private static String describe(String source) {
    return source.equals("config JSON") ? "config JSON" : "config file " + source;
  }

  /**
   * Where the reader is, for messages: a member path from Box's schema, never a name read from the
   * input (a hand-edit slip can put a secret where a name belongs).
   */
  private static final class Location {
    String at = "its start";
  }

  private static Map<String, Object> readRoot(String text, String source) {
    JsonReader reader = JsonReader.of(new Buffer().writeUtf8(text));
    Location location = new Location();
    Map<String, Object> root;
    // No Moshi exception is kept or quoted: its messages name the JSON path, member names included.
    try {
      JsonReader.Token first = reader.peek();
      if (first != JsonReader.Token.BEGIN_OBJECT) {
        throw new ConfigurationException(
            "config",
            "the "
                + describe(source)
                + " must be a JSON object, but it starts with "
                + tokenName(first),
            FIX_DOCUMENT);
      }
      root = readObject(reader, "", location, source);
    } catch (EOFException e) {
      throw new ConfigurationException(
          "config",
          "the " + describe(source) + " ends early (truncated JSON, near " + location.at + ")",
          FIX_DOCUMENT);
    } catch (IOException | RuntimeException e) {
      if (e instanceof ConfigurationException c) {
        throw c;
      }
      throw new ConfigurationException(
          "config",
          "the " + describe(source) + " is not valid JSON (near " + location.at + ")",
          FIX_DOCUMENT);
    }
    try {
      if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
        throw new IOException("a second JSON value");
      }
    } catch (IOException | RuntimeException e) {
      throw new ConfigurationException(
          "config",
          "the " + describe(source) + " has more text after its closing brace",
          FIX_DOCUMENT);
    }
    return root;
  }

  /** The members of Box's config, by parent path ("" for the top level). */
  private static final Map<String, Set<String>> SCHEMA =
      Map.of(
          "", Set.of("boxAppSettings", "enterpriseID", "userID"),
          "boxAppSettings", Set.of("clientID", "clientSecret", "appAuth"),
          "boxAppSettings.appAuth", Set.of("publicKeyID", "privateKey", "passphrase"));

  /** The schema path of member {@code name} under {@code parent}, or null if Box has no such. */
  private static String known(String parent, String name) {
    Set<String> members = parent == null ? null : SCHEMA.get(parent);
    if (members == null || !members.contains(name)) {
      return null;
    }
    return parent.isEmpty() ? name : parent + "." + name;
  }

  /**
   * @param parent the object's schema path ("" at the top), or null inside an unknown member
   */
  private static Map<String, Object> readObject(
      JsonReader reader, String parent, Location location, String source) throws IOException {
    Map<String, Object> members = new LinkedHashMap<>();
    reader.beginObject();
    while (reader.hasNext()) {
      String name = reader.nextName();
      String field = known(parent, name);
      location.at =
          field != null
              ? field
              : parent == null
                  ? "inside a member Box's config does not have"
                  : "a member Box's config does not have, in "
                      + (parent.isEmpty() ? "the top level" : parent);
      Object value =
          switch (reader.peek()) {
            case BEGIN_OBJECT -> readObject(reader, field, location, source);
            case STRING -> reader.nextString();
            case NULL -> {
              reader.nextNull();
              yield Null.NULL;
            }
            case NUMBER -> {
              reader.skipValue();
              yield Other.NUMBER;
            }
            case BOOLEAN -> {
              reader.skipValue();
              yield Other.BOOLEAN;
            }
            default -> {
              reader.skipValue();
              yield Other.ARRAY;
            }
          };
      if (members.containsKey(name)) {
        throw new ConfigurationException(
            field != null ? field : parent == null || parent.isEmpty() ? "config" : parent,
            (field != null ? "appears" : "has a member that appears")
                + " twice in "
                + describe(source),
            "keep one of the two");
      }
      members.put(name, value);
    }
    reader.endObject();
    return members;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(
      Map<String, Object> parent, String name, String field, String in) {
    Object value = parent.get(name);
    if (value == null) {
      throw new ConfigurationException(field, "is missing" + in, FIX_DOWNLOAD);
    }
    if (!(value instanceof Map)) {
      throw new ConfigurationException(
          field, "must be a JSON object, but is " + typeName(value) + in, FIX_DOWNLOAD);
    }
    return (Map<String, Object>) value;
  }

  /** A string member: null when absent or null and not required. Never echoes the value. */
  private static String string(
      Map<String, Object> parent, String name, String field, String in, boolean required) {
    Object value = parent.get(name);
    if (value == null || value == Null.NULL) {
      if (required) {
        throw new ConfigurationException(
            field, (value == null ? "is missing" : "is null") + in, FIX_DOWNLOAD);
      }
      return null;
    }
    if (!(value instanceof String s)) {
      throw new ConfigurationException(
          field, "must be a JSON string, but is " + typeName(value) + in, FIX_DOWNLOAD);
    }
    if (required && s.isBlank()) {
      throw new ConfigurationException(field, "is empty" + in, FIX_DOWNLOAD);
    }
    return s;
  }

  private static <T> T value(String text, String field, String in, Function<String, T> type) {
    try {
      return type.apply(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(field, e.getMessage() + in, FIX_DOWNLOAD, e);
    }
  }

  private static String typeName(Object value) {
    if (value instanceof Map) {
      return "an object";
    }
    if (value instanceof String) {
      return "a string";
    }
    return switch (value.toString()) {
      case "NUMBER" -> "a number";
      case "BOOLEAN" -> "a boolean";
      case "ARRAY" -> "an array";
      default -> "null";
    };
  }

  private static String tokenName(JsonReader.Token token) {
    return switch (token) {
      case BEGIN_ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> token.name().toLowerCase(Locale.ROOT);
    };
  }
}
