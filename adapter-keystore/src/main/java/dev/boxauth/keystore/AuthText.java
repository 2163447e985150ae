package dev.boxauth.keystore;

/** Text from files going into messages: short and printable, so it can't forge log lines. */
final class AuthText {
  private AuthText() {}

  static String printable(String text, int max) {
    StringBuilder b = new StringBuilder(Math.min(text.length(), max));
    for (int i = 0; i < text.length() && b.length() < max; i++) {
      char c = text.charAt(i);
      b.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return text.length() > max ? b + "..." : b.toString();
  }
}
