package dev.boxauth.testkit;

import java.security.SecureRandom;

/** Random identifiers and secrets shaped like the ones Box's Developer Console shows. */
final class Ids {
  private Ids() {}

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ" + LOWER_ALNUM;
  private static final String HEX = "0123456789abcdef";

  /** A client id: 32 lower-case letters and digits. */
  static String clientId() {
    return random(LOWER_ALNUM, 32);
  }

  /** A client secret: 32 letters and digits. */
  static String clientSecret() {
    return random(ALNUM, 32);
  }

  /** A public key id: 8 lower-case letters and digits. */
  static String keyId() {
    return random(LOWER_ALNUM, 8);
  }

  /** A key passphrase: 32 hex digits. */
  static String passphrase() {
    return random(HEX, 32);
  }

  /** An access token: 32 letters and digits, like Box's. */
  static String accessToken() {
    return random(ALNUM, 32);
  }

  /** A numeric id of {@code digits} digits, not starting with 0. */
  static String numeric(int digits) {
    StringBuilder sb = new StringBuilder(digits);
    sb.append((char) ('1' + RANDOM.nextInt(9)));
    for (int i = 1; i < digits; i++) {
      sb.append((char) ('0' + RANDOM.nextInt(10)));
    }
    return sb.toString();
  }

  static byte[] bytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  private static String random(String alphabet, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
