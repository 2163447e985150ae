package dev.boxauth.spring;

import dev.boxauth.domain.AuthException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a start-up failure caused by boxauth's typed error into Spring Boot's report: the
 * description is the error's problem (for a configuration error, with the {@code boxauth.*}
 * property at fault in front), the action its fix. Both come from the error's own message, which
 * never holds a secret.
 */
final class BoxAuthFailureAnalyzer extends AbstractFailureAnalyzer<AuthException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, AuthException cause) {
    String action = cause.fix().isEmpty() ? "See the boxauth.* documentation." : cause.fix();
    return new FailureAnalysis(
        "boxauth could not start: " + BoxAuthFactory.problem(cause, true),
        capitalized(action),
        cause);
  }

  private static String capitalized(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
