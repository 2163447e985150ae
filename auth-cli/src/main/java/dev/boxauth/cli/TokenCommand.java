package dev.boxauth.cli;

import dev.boxauth.BoxAuth;
import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.AuthException;
import dev.boxauth.domain.ClientId;
import dev.boxauth.domain.ClientRejectedException;
import dev.boxauth.domain.ConfigurationException;
import dev.boxauth.domain.EnterpriseId;
import dev.boxauth.domain.GrantRejectedException;
import dev.boxauth.domain.Restriction;
import dev.boxauth.domain.UserId;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code boxauth token}: one access token on stdout, for scripts. */
@Command(
    name = "token",
    description = {
      "Prints an access token alone on stdout, for scripts.",
      "  boxauth token --config config.json [--user ID]",
      "  BOX_CLIENT_SECRET=... boxauth token --ccg --client-id ID --enterprise-id ID [--user ID]",
      "Without --user the token acts for the enterprise's Service Account (or the config's userID"
          + " when it names no enterprise). The token is a credential: don't log it."
    })
final class TokenCommand implements Callable<Integer>, Failures.Restating {
  static final String DEFAULT_SECRET_VARIABLE = "BOX_CLIENT_SECRET";

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "A JWT app's config file, as downloaded from the Box Developer Console.")
  Path config;

  @Option(names = "--ccg", description = "A Client Credentials Grant app (no config file).")
  boolean ccg;

  @Option(names = "--client-id", paramLabel = "ID", description = "With --ccg: the client id.")
  String clientId;

  @Option(
      names = "--client-secret-env",
      paramLabel = "VAR",
      description =
          "With --ccg: the environment variable holding the client secret (default "
              + DEFAULT_SECRET_VARIABLE
              + ").")
  String clientSecretVariable;

  @Option(
      names = "--client-secret",
      paramLabel = "SECRET",
      description =
          "With --ccg: the client secret itself. Avoid it: other users see it in `ps`, and it"
              + " stays in your shell history. Prefer --client-secret-env.")
  String clientSecret;

  @Option(
      names = "--enterprise-id",
      paramLabel = "ID",
      description = "With --ccg: the enterprise whose Service Account the token acts for.")
  String enterpriseId;

  @Option(names = "--user", paramLabel = "ID", description = "Act for this user instead.")
  String user;

  @Option(
      names = "--base-url",
      paramLabel = "URL",
      description = "The API host (default https://api.box.com); plain http only on loopback.")
  URI baseUrl;

  @Option(
      names = "--json",
      description =
          "Print {\"access_token\", \"token_type\", \"expires_at\", \"restricted_to\"} as one"
              + " JSON line instead.")
  boolean json;

  /** Where environment variables come from (tests replace it). */
  UnaryOperator<String> environment = System::getenv;

  @Override
  public Integer call() {
    validate();
    BoxAuth.Builder builder = BoxAuth.builder();
    if (ccg) {
      builder.clientCredentials(clientId, clientSecret());
      if (enterpriseId != null) {
        builder.enterpriseId(enterpriseId);
      }
      if (user != null) {
        builder.userId(user);
      }
    } else {
      builder.config(config);
    }
    if (baseUrl != null) {
      builder.baseUrl(baseUrl);
    }
    AccessToken token;
    try (BoxAuth auth = builder.build()) {
      token = user != null ? auth.user(user).token() : auth.defaultSource().token();
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(json ? json(token) : token.value());
    out.flush();
    return ExitCodes.OK;
  }

  private void validate() {
    if (ccg == (config != null)) {
      throw usage(
          "give either --config FILE (a JWT app) or --ccg (a Client Credentials Grant app)");
    }
    if (ccg) {
      if (clientId == null) {
        throw usage("--ccg needs --client-id");
      }
      if (clientSecret != null && clientSecretVariable != null) {
        throw usage("give --client-secret-env or --client-secret, not both");
      }
      if (enterpriseId == null && user == null) {
        throw usage("--ccg needs --enterprise-id (the Service Account) or --user");
      }
    } else if (clientId != null
        || clientSecret != null
        || clientSecretVariable != null
        || enterpriseId != null) {
      throw usage(
          "--client-id, --client-secret(-env) and --enterprise-id go with --ccg; a JWT app's"
              + " config file holds them");
    }
    if (clientSecret != null && clientSecret.isEmpty()) {
      throw usage("--client-secret is empty");
    }
    wellFormed("--client-id", clientId, ClientId::new);
    wellFormed("--enterprise-id", enterpriseId, EnterpriseId::new);
    wellFormed("--user", user, UserId::new);
  }

  /** A malformed option value is a usage error, named after the option. */
  private void wellFormed(String option, String value, Consumer<String> check) {
    if (value == null) {
      return;
    }
    try {
      check.accept(value);
    } catch (IllegalArgumentException e) {
      throw usage(option + ": " + e.getMessage());
    }
  }

  private String clientSecret() {
    if (clientSecret != null) {
      return clientSecret;
    }
    String variable = clientSecretVariable != null ? clientSecretVariable : DEFAULT_SECRET_VARIABLE;
    String value = environment.apply(variable);
    if (value == null || value.isEmpty()) {
      throw new ConfigurationException(
          "--client-secret-env",
          "the environment variable " + variable + " is not set or empty",
          "export "
              + variable
              + " with the app's client secret, or name another variable with"
              + " --client-secret-env VAR");
    }
    return value;
  }

  /**
   * A CCG app's credentials came from options and the environment, not from a config file: the
   * advice for refused credentials names those.
   */
  @Override
  public String restate(AuthException failure) {
    boolean credentials =
        failure instanceof ClientRejectedException
            || failure instanceof GrantRejectedException g
                && g.reason() == GrantRejectedException.Reason.CCG_CREDENTIALS_INVALID;
    if (!ccg || !credentials) {
      return failure.getMessage();
    }
    String secret =
        clientSecret != null
            ? "the --client-secret value"
            : "the client secret in the environment variable "
                + (clientSecretVariable != null ? clientSecretVariable : DEFAULT_SECRET_VARIABLE);
    String fix =
        failure instanceof ClientRejectedException
            ? "check --client-id and "
                + secret
                + " against the Developer Console (Configuration, OAuth 2.0 Credentials); a reset"
                + " secret invalidates the old one"
            : "check "
                + secret
                + ", that --enterprise-id or --user is a subject the app's access level allows"
                + " (user tokens enabled for --user), and that the admin authorized the app";
    return Failures.withFix(failure, fix);
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /** The token response without client secrets: the token itself, its type, expiry, limits. */
  static String json(AccessToken token) {
    StringBuilder b = new StringBuilder("{\"access_token\":");
    JsonStrings.string(b, token.value());
    b.append(",\"token_type\":");
    JsonStrings.string(b, token.tokenType());
    b.append(",\"expires_at\":");
    JsonStrings.string(b, token.expiresAt().toString());
    b.append(",\"restricted_to\":[");
    String separator = "";
    for (Restriction r : token.restrictedTo()) {
      b.append(separator).append("{\"scope\":");
      JsonStrings.string(b, r.scope());
      if (r.object() != null) {
        b.append(",\"object\":{\"type\":");
        JsonStrings.string(b, r.object().type());
        b.append(",\"id\":");
        JsonStrings.string(b, r.object().id());
        b.append('}');
      }
      b.append('}');
      separator = ",";
    }
    return b.append("]}").toString();
  }
}
