package dev.boxauth.domain;

import java.util.Objects;

/**
 * A configuration value is missing or wrong. {@link #field()} names it, e.g. {@code
 * boxAppSettings.clientID}.
 */
public final class ConfigurationException extends AuthException {
  private static final long serialVersionUID = 1L;

  private final String field;

  /**
   * @param field the setting or JSON path at fault
   * @param problem what is wrong with it (never its value if it is secret)
   * @param fix what to do
   */
  public ConfigurationException(String field, String problem, String fix) {
    this(field, problem, fix, null);
  }

  /** As above, keeping the library exception that revealed the problem. */
  public ConfigurationException(String field, String problem, String fix, Throwable cause) {
    super(
        "Invalid configuration: " + Objects.requireNonNull(field, "field") + ": " + problem,
        Objects.requireNonNull(fix, "fix"),
        cause);
    this.field = field;
  }

  /** The setting at fault. */
  public String field() {
    return field;
  }

  @Override
  public boolean isTransient() {
    return false;
  }
}
