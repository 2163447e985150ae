package dev.boxauth.http;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.QuotedText;
import dev.boxauth.domain.Restriction;
import dev.boxauth.domain.Secret;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import okhttp3.MediaType;
import okio.Buffer;

/**
 * Reads the token endpoint's JSON with Moshi's streaming {@link JsonReader}: the success body (OAS
 * {@code AccessToken}) and the error bodies (OAuth2Error {@code {error, error_description}} or
 * Box's ClientError {@code {type:"error", code, message}}). Unknown fields are skipped. No Moshi or
 * IO exception leaves this class; problem texts never contain a token.
 */
final class TokenJson {
  /** Box's tokens live about an hour; a reply claiming more than this is not to be trusted. */
  static final Duration MAX_EXPIRES_IN = Duration.ofDays(30);

  private TokenJson() {}

  /**
   * A reply body that is not what it should be; the message says how (no secrets). It never has a
   * cause: Moshi's messages quote the JSON path and, for a bad escape, part of a value.
   */
  static final class BadReplyException extends Exception {
    private static final long serialVersionUID = 1L;

    BadReplyException(String problem) {
      super(problem, null, false, false);
    }
  }

  /** A Box error body's code and description; either may be empty. */
  record BoxError(String error, String description) {}

  // ---- success ----

  /**
   * Parses a 2xx body into a token issued at {@code issuedAt}.
   *
   * @throws BadReplyException if the body is not a usable token reply
   */
  static AccessToken token(byte[] body, MediaType contentType, Instant issuedAt)
      throws BadReplyException {
    if (!looksLikeJson(body)) {
      throw new BadReplyException("came with " + describe(body, contentType) + " instead of JSON");
    }
    String accessToken = null;
    Long expiresIn = null;
    String tokenType = null;
    List<Restriction> restrictions = List.of();
    try {
      JsonReader reader = reader(body);
      if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
        throw new BadReplyException("is JSON but not an object");
      }
      reader.beginObject();
      while (reader.hasNext()) {
        switch (reader.nextName()) {
          case "access_token":
            accessToken = optionalString(reader, "access_token");
            break;
          case "expires_in":
            expiresIn = optionalWholeNumber(reader, "expires_in");
            break;
          case "token_type":
            tokenType = optionalString(reader, "token_type");
            break;
          case "restricted_to":
            restrictions = restrictions(reader);
            break;
          default:
            reader.skipValue();
        }
      }
      reader.endObject();
      if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
        throw new BadReplyException("has data after the JSON object");
      }
    } catch (EOFException | JsonEncodingException e) {
      throw new BadReplyException("is truncated or malformed JSON");
    } catch (JsonDataException e) {
      throw new BadReplyException("has unexpected JSON structure");
    } catch (IOException | RuntimeException e) {
      throw new BadReplyException(
          "could not be read as JSON (" + e.getClass().getSimpleName() + ")");
    }
    if (accessToken == null || accessToken.isEmpty()) {
      throw new BadReplyException("has no access_token");
    }
    if (!accessToken.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
      throw new BadReplyException("has an access_token with characters a bearer token can't have");
    }
    if (expiresIn == null) {
      throw new BadReplyException("has no expires_in");
    }
    if (expiresIn <= 0 || expiresIn > MAX_EXPIRES_IN.toSeconds()) {
      throw new BadReplyException(
          "has expires_in "
              + expiresIn
              + ", outside 1.."
              + MAX_EXPIRES_IN.toSeconds()
              + " seconds");
    }
    if (tokenType == null || tokenType.isBlank()) {
      // Box's own docs show a reply without token_type; bearer is the only kind it issues.
      tokenType = "bearer";
    }
    return new AccessToken(
        Secret.of(accessToken), tokenType, issuedAt, issuedAt.plusSeconds(expiresIn), restrictions);
  }

  private static List<Restriction> restrictions(JsonReader reader)
      throws IOException, BadReplyException {
    if (reader.peek() == JsonReader.Token.NULL) {
      reader.nextNull();
      return List.of();
    }
    if (reader.peek() != JsonReader.Token.BEGIN_ARRAY) {
      throw new BadReplyException("has a restricted_to that is not an array");
    }
    List<Restriction> out = new ArrayList<>();
    reader.beginArray();
    while (reader.hasNext()) {
      out.add(restriction(reader));
    }
    reader.endArray();
    return out;
  }

  private static Restriction restriction(JsonReader reader) throws IOException, BadReplyException {
    if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
      throw new BadReplyException("has a restricted_to entry that is not an object");
    }
    String scope = null;
    Restriction.Item item = null;
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.nextName()) {
        case "scope":
          scope = optionalString(reader, "restricted_to[].scope");
          break;
        case "object":
          item = item(reader);
          break;
        default:
          reader.skipValue();
      }
    }
    reader.endObject();
    if (scope == null || scope.isBlank()) {
      throw new BadReplyException("has a restricted_to entry without a scope");
    }
    return new Restriction(scope, item);
  }

  private static Restriction.Item item(JsonReader reader) throws IOException, BadReplyException {
    if (reader.peek() == JsonReader.Token.NULL) {
      reader.nextNull();
      return null;
    }
    if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
      throw new BadReplyException("has a restricted_to object that is not a JSON object");
    }
    String type = null;
    String id = null;
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.nextName()) {
        case "type":
          type = optionalString(reader, "restricted_to[].object.type");
          break;
        case "id":
          // Box ids are strings; a number is read as its text.
          if (reader.peek() == JsonReader.Token.NUMBER) {
            id = reader.nextString();
          } else {
            id = optionalString(reader, "restricted_to[].object.id");
          }
          break;
        default:
          reader.skipValue();
      }
    }
    reader.endObject();
    if (type == null || id == null) {
      throw new BadReplyException("has a restricted_to object without type or id");
    }
    return new Restriction.Item(type, id);
  }

  private static String optionalString(JsonReader reader, String field)
      throws IOException, BadReplyException {
    JsonReader.Token t = reader.peek();
    if (t == JsonReader.Token.NULL) {
      reader.nextNull();
      return null;
    }
    if (t != JsonReader.Token.STRING) {
      throw new BadReplyException("has " + field + " as " + name(t) + ", not a string");
    }
    return reader.nextString();
  }

  private static Long optionalWholeNumber(JsonReader reader, String field)
      throws IOException, BadReplyException {
    JsonReader.Token t = reader.peek();
    if (t == JsonReader.Token.NULL) {
      reader.nextNull();
      return null;
    }
    if (t != JsonReader.Token.NUMBER) {
      throw new BadReplyException("has " + field + " as " + name(t) + ", not a number");
    }
    try {
      return reader.nextLong();
    } catch (JsonDataException e) {
      throw new BadReplyException("has " + field + " that is not a whole number of seconds");
    }
  }

  // ---- errors ----

  /**
   * The Box error code and description in an error body, or null if the body is not a JSON object
   * carrying one (empty, HTML, truncated, or JSON without a code).
   */
  static BoxError boxError(byte[] body) {
    if (!looksLikeJson(body)) {
      return null;
    }
    String error = null;
    String description = null;
    String type = null;
    String code = null;
    String message = null;
    try {
      JsonReader reader = reader(body);
      if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
        return null;
      }
      reader.beginObject();
      while (reader.hasNext()) {
        String name = reader.nextName();
        if (reader.peek() != JsonReader.Token.STRING) {
          reader.skipValue();
          continue;
        }
        switch (name) {
          case "error" -> error = reader.nextString();
          case "error_description" -> description = reader.nextString();
          case "type" -> type = reader.nextString();
          case "code" -> code = reader.nextString();
          case "message" -> message = reader.nextString();
          default -> reader.skipValue();
        }
      }
      reader.endObject();
    } catch (IOException | RuntimeException e) {
      // A truncated or malformed body carries no trustworthy code.
      return null;
    }
    if (error != null && !error.isBlank()) {
      return new BoxError(error, description == null ? "" : description);
    }
    if ("error".equals(type) && code != null && !code.isBlank()) {
      return new BoxError(code, message == null ? "" : message);
    }
    return null;
  }

  /** What a body that is not a Box reply looks like, for a message: "an HTML body", ... */
  static String describe(byte[] body, MediaType contentType) {
    if (body.length == 0) {
      return "an empty body";
    }
    String type =
        contentType == null
            ? ""
            : (contentType.type() + "/" + contentType.subtype()).toLowerCase(Locale.ROOT);
    if (type.contains("html") || firstSignificant(body) == '<') {
      return "an HTML body";
    }
    if (looksLikeJson(body)) {
      return boxErrorShapedOrNot(body);
    }
    // The media type is the server's text: quoted as server text (a token-shaped run hidden).
    return type.isEmpty() ? "a non-JSON body" : "a non-JSON " + QuotedText.ofReply(type) + " body";
  }

  private static String boxErrorShapedOrNot(byte[] body) {
    try {
      JsonReader reader = reader(body);
      reader.skipValue();
      if (reader.peek() == JsonReader.Token.END_DOCUMENT) {
        return "a JSON body without a Box error code";
      }
    } catch (IOException | RuntimeException e) {
      // Fall through: a cut-off body and a garbled one look alike to a streaming reader.
    }
    return "a truncated or malformed JSON body";
  }

  private static boolean looksLikeJson(byte[] body) {
    int c = firstSignificant(body);
    return c == '{' || c == '[';
  }

  private static int firstSignificant(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return b;
      }
    }
    return -1;
  }

  private static JsonReader reader(byte[] body) {
    return JsonReader.of(new Buffer().write(body));
  }

  private static String name(JsonReader.Token t) {
    return switch (t) {
      case BEGIN_ARRAY -> "an array";
      case BEGIN_OBJECT -> "an object";
      case BOOLEAN -> "a boolean";
      case NUMBER -> "a number";
      case STRING -> "a string";
      default -> t.name().toLowerCase(Locale.ROOT);
    };
  }
}
