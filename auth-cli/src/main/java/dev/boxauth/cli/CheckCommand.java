package dev.boxauth.cli;

import dev.boxauth.BoxAuth;
import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.ConfigurationException;
import dev.boxauth.domain.SignatureAlgorithm;
import dev.boxauth.domain.Subject;
import dev.boxauth.keystore.BoxAppConfig;
import dev.boxauth.keystore.KeyTools;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code boxauth check}: is this config file usable? */
@Command(
    name = "check",
    description = {
      "Validates a JWT app's config file and decrypts its private key, then prints the client id,"
          + " key id, key type and size, signature algorithm and subject, or what is wrong (on"
          + " stderr, with the exit code).",
      "Box is not contacted unless --online is given; then one token is requested from"
          + " --base-url (default https://api.box.com) and its subject shown, never the token."
    })
final class CheckCommand implements Callable<Integer> {
  private static final String DEFAULT_BASE_URL = "https://api.box.com";

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      required = true,
      description = "The app's config file, as downloaded from the Box Developer Console.")
  Path config;

  @Option(names = "--online", description = "Also get one token from Box (or --base-url).")
  boolean online;

  @Option(
      names = "--base-url",
      paramLabel = "URL",
      description = "With --online: the API host (default " + DEFAULT_BASE_URL + ").")
  URI baseUrl;

  @Override
  public Integer call() {
    if (baseUrl != null && !online) {
      throw new ParameterException(spec.commandLine(), "--base-url goes with --online");
    }
    PrintWriter out = spec.commandLine().getOut();
    line(out, "config", config.toString());
    BoxAppConfig app = BoxAppConfig.read(config);
    line(out, "client id", app.clientCredentials().id().value());
    line(out, "key id", app.keyId().value());
    Subject subject =
        app.defaultSubject()
            .orElseThrow(
                () ->
                    new ConfigurationException(
                        "enterpriseID",
                        "the config names neither an enterprise nor a user",
                        "set enterpriseID (or userID) in the config file, as the Developer Console"
                            + " writes it"));
    line(
        out,
        "subject",
        subject + (subject instanceof Subject.Enterprise ? " (its Service Account)" : " (userID)"));
    PrivateKey key = KeyTools.readPrivateKey(app);
    line(
        out,
        "private key",
        KeyTools.describe(key)
            + (app.passphrase().isPresent()
                ? ", encrypted; the passphrase decrypts it"
                : ", not encrypted (anyone who can read the file can use it)"));
    line(out, "algorithm", SignatureAlgorithm.RS256 + " (JWT assertion signature)");
    String exposure = exposure(config);
    if (exposure != null) {
      line(out, "warning", exposure);
    }
    if (online) {
      URI base = baseUrl != null ? baseUrl : URI.create(DEFAULT_BASE_URL);
      try (BoxAuth auth = BoxAuth.builder().config(app).baseUrl(base).build()) {
        AccessToken token = auth.defaultSource().token();
        line(
            out,
            "box",
            base
                + " issued a token for "
                + subject
                + ", expiring in "
                + TokenText.lifetime(Instant.now(), token.expiresAt()));
        String clock = clockWarning(auth.serverClockOffset());
        if (clock != null) {
          line(out, "warning", clock);
        }
      }
    }
    line(
        out,
        "verdict",
        online ? "OK" : "OK offline (Box was not contacted; --online gets one token)");
    out.flush();
    return ExitCodes.OK;
  }

  /**
   * A warning if Box's clock is 30 s or more away from this host's, or null. boxauth corrects for
   * it, but other clients of this host may not (the library's own warning is not shown: the CLI
   * logs boxauth at ERROR without --verbose).
   */
  static String clockWarning(Duration offset) {
    long seconds = Math.round(Math.abs(offset.toMillis()) / 1000.0);
    if (seconds < 30) {
      return null;
    }
    return "Box's clock is "
        + seconds
        + " s "
        + (offset.isNegative() ? "behind" : "ahead of")
        + " this host's; boxauth adjusts for it, but sync this host's clock (NTP)";
  }

  private static void line(PrintWriter out, String label, String value) {
    out.printf("%-12s %s%n", label, value);
  }

  /** A warning if others may read the file that holds the app's secrets; null if not. */
  private static String exposure(Path file) {
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      if (permissions.contains(PosixFilePermission.GROUP_READ)
          || permissions.contains(PosixFilePermission.OTHERS_READ)) {
        return "others can read this file, which holds the client secret and key: chmod 600 "
            + file;
      }
    } catch (UnsupportedOperationException | IOException e) {
      // No POSIX permissions here (or the file went away): nothing to warn about.
    }
    return null;
  }
}
