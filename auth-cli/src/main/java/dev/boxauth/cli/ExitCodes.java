package dev.boxauth.cli;

import dev.boxauth.domain.AuthException;
import dev.boxauth.domain.ClientRejectedException;
import dev.boxauth.domain.ConfigurationException;
import dev.boxauth.domain.DeadlineExceededException;
import dev.boxauth.domain.EndpointUnavailableException;
import dev.boxauth.domain.GrantRejectedException;
import dev.boxauth.domain.KeyException;
import dev.boxauth.domain.RateLimitedException;

/** The exit codes every command uses; {@link BoxauthCommand}'s help lists them. */
final class ExitCodes {
  static final int OK = 0;
  static final int USAGE = 1;
  static final int CONFIGURATION = 2;
  static final int REFUSED = 3;
  static final int UNAVAILABLE = 4;
  static final int DEMO_FAILED = 5;
  static final int INTERNAL = 70;

  private ExitCodes() {}

  /** The exit code for a typed failure. */
  static int of(AuthException e) {
    if (e instanceof ConfigurationException || e instanceof KeyException) {
      return CONFIGURATION;
    }
    if (e instanceof GrantRejectedException || e instanceof ClientRejectedException) {
      return REFUSED;
    }
    if (e instanceof EndpointUnavailableException
        || e instanceof RateLimitedException
        || e instanceof DeadlineExceededException) {
      return UNAVAILABLE;
    }
    return INTERNAL;
  }
}
