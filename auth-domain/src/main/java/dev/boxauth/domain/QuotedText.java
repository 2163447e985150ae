package dev.boxauth.domain;

/**
 * The one rule for text from outside (a file, a config value, a server's reply, a command line)
 * that goes into an exception message or a log line: control and invisible formatting characters
 * are escaped ({@code \n} as the two characters {@code \\n}, every other one as {@code \\uXXXX}),
 * so a hostile value can't forge a second log line or hide text; and the length is capped, with
 * {@code ...} marking the cut, so it can't flood a log either.
 *
 * <p>It does not redact: never pass it a secret. Stateless and thread-safe.
 */
public final class QuotedText {
  /** The cap when none is given: enough for an error description, a path or a file label. */
  public static final int DEFAULT_MAX_CHARS = 200;

  private static final String ELLIPSIS = "...";

  private QuotedText() {}

  /**
   * {@code text} made safe to quote, at most {@link #DEFAULT_MAX_CHARS} characters before the
   * ellipsis.
   *
   * @param text the outside text; null gives the empty string
   */
  public static String of(String text) {
    return of(text, DEFAULT_MAX_CHARS);
  }

  /**
   * {@code text} made safe to quote, at most {@code maxChars} characters (escapes included) before
   * the ellipsis; an escape is never cut in half.
   *
   * @param text the outside text; null gives the empty string
   * @param maxChars the cap, at least 1
   * @throws IllegalArgumentException if {@code maxChars} is below 1
   */
  public static String of(String text, int maxChars) {
    if (maxChars < 1) {
      throw new IllegalArgumentException("maxChars must be at least 1, got " + maxChars);
    }
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), maxChars) + ELLIPSIS.length());
    int i = 0;
    while (i < text.length()) {
      // A surrogate pair is one character: shown or escaped whole, kept or cut whole.
      int width = isLoneSurrogate(text, i) ? 1 : Character.charCount(text.codePointAt(i));
      String escape = escape(text, i, width);
      int needed = escape == null ? width : escape.length();
      if (out.length() + needed > maxChars) {
        return out.append(ELLIPSIS).toString();
      }
      if (escape == null) {
        out.append(text, i, i + width);
      } else {
        out.append(escape);
      }
      i += width;
    }
    return out.toString();
  }

  /**
   * Text a server sent ({@code error}, {@code error_description}): {@link #of(String)}, and every
   * unbroken run of {@value #TOKEN_RUN} or more letters, digits, {@code -} or {@code _} shown as
   * {@code [...]}. Box's error texts are sentences; such a run is a token's shape, and a broken or
   * hostile server (or a cut reply spliced into the next) can put one there.
   */
  public static String ofReply(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder masked = new StringBuilder(text.length());
    int run = 0;
    for (int i = 0; i <= text.length(); i++) {
      boolean word = i < text.length() && isTokenChar(text.charAt(i));
      if (word) {
        run++;
        continue;
      }
      if (run > 0) {
        masked.append(run >= TOKEN_RUN ? "[...]" : text.substring(i - run, i));
        run = 0;
      }
      if (i < text.length()) {
        masked.append(text.charAt(i));
      }
    }
    return of(masked.toString());
  }

  /** The shortest run of token characters {@link #ofReply} hides. */
  static final int TOKEN_RUN = 16;

  private static boolean isTokenChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_';
  }

  /** The escape for the character at {@code i}, or null if it may be shown as it is. */
  private static String escape(String text, int i, int width) {
    char c = text.charAt(i);
    if (c == '\n') {
      return "\\n";
    }
    int codePoint = text.codePointAt(i);
    if (Character.isISOControl(c) || isInvisible(codePoint) || isLoneSurrogate(text, i)) {
      StringBuilder escaped = new StringBuilder(6 * width);
      for (int k = i; k < i + width; k++) {
        escaped.append(String.format("\\u%04x", (int) text.charAt(k)));
      }
      return escaped.toString();
    }
    return null;
  }

  /** Line and paragraph separators and format characters (bidi overrides, zero-width marks). */
  private static boolean isInvisible(int codePoint) {
    int type = Character.getType(codePoint);
    return type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.FORMAT;
  }

  private static boolean isLoneSurrogate(String text, int i) {
    char c = text.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(text.charAt(i - 1));
    }
    return false;
  }
}
