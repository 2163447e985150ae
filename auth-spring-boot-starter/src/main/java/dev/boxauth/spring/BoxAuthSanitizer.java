package dev.boxauth.spring;

import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks boxauth's secrets in {@code /actuator/env} and {@code /actuator/configprops} when an
 * application shows their values ({@code management.endpoint.*.show-values}): the client secret,
 * the key passphrase and every password, and the password inside a Redis URI (the host stays
 * visible). Keys are compared without case, dots, dashes or underscores, so {@code
 * boxauth.client-secret}, {@code boxauth.clientSecret} and {@code BOXAUTH_CLIENT_SECRET} all match.
 * Other keys pass through unchanged. Boot's own {@code ifLikelyCredential()} would miss {@code
 * passphrase}, and an application need not enable it at all.
 */
final class BoxAuthSanitizer implements SanitizingFunction {
  private static final String[] SECRET_SUFFIXES = {"secret", "passphrase", "password"};
  private static final Pattern URI_PASSWORD =
      Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^@/]*@");

  @Override
  public SanitizableData apply(SanitizableData data) {
    String key = normalized(data.getKey());
    if (!key.startsWith("boxauth") || data.getValue() == null) {
      return data;
    }
    for (String suffix : SECRET_SUFFIXES) {
      if (key.endsWith(suffix)) {
        return data.withSanitizedValue();
      }
    }
    if (key.endsWith("uri") && data.getValue() instanceof CharSequence uri) {
      String masked =
          URI_PASSWORD.matcher(uri).replaceFirst("$1" + SanitizableData.SANITIZED_VALUE + "@");
      return masked.contentEquals(uri) ? data : data.withValue(masked);
    }
    return data;
  }

  private static String normalized(String key) {
    return key.replaceAll("[-._\\[\\]]", "").toLowerCase(Locale.ROOT);
  }
}
