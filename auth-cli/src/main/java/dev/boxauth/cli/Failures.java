package dev.boxauth.cli;

import dev.boxauth.domain.AuthException;
import dev.boxauth.domain.QuotedText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into one line on stderr and an exit code. The typed {@link AuthException}
 * messages already say what is wrong and what to do, and carry no secret; a stack trace only with
 * {@code --verbose}.
 */
final class Failures
    implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

  /**
   * A command whose options can say better than the library how to fix a failure: the library's
   * advice names config-file fields, which a command given {@code --client-id} did not read.
   */
  interface Restating {
    /** The message to print for {@code failure}: its own, or its problem with a better fix. */
    String restate(AuthException failure);
  }

  /** An option name, as shown: dashes, then letters, digits, '-' and '_'. */
  private static final Pattern OPTION_NAME = Pattern.compile("--?[A-Za-z][A-Za-z0-9_-]{0,39}");

  /** Fragments of option names whose values are secret, after dashes and '_' are dropped. */
  private static final List<String> SECRET_WORDS =
      List.of("secret", "sec", "pass", "pwd", "token", "key");

  @Override
  public int handleExecutionException(
      Exception failure, CommandLine command, ParseResult parseResult) {
    PrintWriter err = command.getErr();
    boolean verbose = isVerbose(parseResult);
    int code;
    String message;
    if (failure instanceof AuthException auth) {
      code = ExitCodes.of(auth);
      message =
          command.getCommand() instanceof Restating restating
              ? restating.restate(auth)
              : auth.getMessage();
    } else if (failure instanceof CommandLine.ParameterException usage) {
      return handleParseException(usage, parseResult.originalArgs().toArray(new String[0]));
    } else {
      code = ExitCodes.INTERNAL;
      message =
          "internal error: "
              + failure
              + (verbose ? "" : " (run again with --verbose for the stack trace, and report it)");
    }
    err.println("boxauth: " + oneLine(message));
    if (verbose) {
      failure.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  @Override
  public int handleParseException(CommandLine.ParameterException usage, String[] args) {
    CommandLine command = usage.getCommandLine();
    PrintWriter err = command.getErr();
    String message =
        usage instanceof CommandLine.UnmatchedArgumentException unmatched
            ? redact(unmatched(unmatched.getUnmatched(), args), args)
            : redact(String.valueOf(usage.getMessage()), args);
    err.println(
        "boxauth: "
            + oneLine(message)
            + " (see `"
            + command.getCommandSpec().qualifiedName()
            + " --help`)");
    err.flush();
    return ExitCodes.USAGE;
  }

  /**
   * picocli's "Unknown option: '--x=VALUE'" and "Unmatched argument: 'VALUE'" in our words: an
   * unknown option is named without its value; a value that follows a secret-looking option (or
   * comes after its '=') is never shown; other stray words are shown, escaped.
   */
  static String unmatched(List<String> unmatched, String[] args) {
    Set<String> secrets = secretValues(args);
    List<String> parts = new ArrayList<>();
    for (String token : unmatched) {
      if (secrets.contains(token)) {
        parts.add("a value after a secret-looking option (not shown)");
      } else if (token.startsWith("-")) {
        int eq = token.indexOf('=');
        String name = eq < 0 ? token : token.substring(0, eq);
        parts.add(
            OPTION_NAME.matcher(name).matches()
                ? "unknown option '" + name + "'"
                : "an unknown option (not shown)");
      } else {
        parts.add("unexpected argument '" + QuotedText.of(token, 40) + "'");
      }
    }
    return parts.isEmpty() ? "unexpected arguments" : String.join("; ", parts);
  }

  /** Whether an option's name says its value is secret: --client-secret, --client_sec, --pass. */
  static boolean isSecretLooking(String option) {
    String name = option.replaceFirst("^-+", "").replace("-", "").replace("_", "");
    String lower = name.toLowerCase(Locale.ROOT);
    // "--client-s" abbreviates --client-secret as well as a misspelling would.
    if (lower.startsWith("clients") && "clientsecrets".startsWith(lower)) {
      return true;
    }
    return SECRET_WORDS.stream().anyMatch(lower::contains);
  }

  /** The values given to secret-looking options: {@code --x VALUE} and {@code --x=VALUE}. */
  static Set<String> secretValues(String[] args) {
    Set<String> secrets = new HashSet<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("-")) {
        continue;
      }
      int eq = arg.indexOf('=');
      if (eq > 0) {
        if (isSecretLooking(arg.substring(0, eq))) {
          secrets.add(arg.substring(eq + 1));
          secrets.add(arg);
        }
      } else if (isSecretLooking(arg) && i + 1 < args.length) {
        secrets.add(args[i + 1]);
      }
    }
    secrets.remove("");
    return secrets;
  }

  /** The message of {@code failure} with its fix replaced by {@code fix}. */
  static String withFix(AuthException failure, String fix) {
    String message = failure.getMessage();
    String suffix = ". " + failure.fix();
    String problem =
        !failure.fix().isEmpty() && message.endsWith(suffix)
            ? message.substring(0, message.length() - suffix.length())
            : message;
    return problem + ". " + fix;
  }

  private static boolean isVerbose(ParseResult result) {
    for (ParseResult r = result; r != null; r = r.subcommand()) {
      if (r.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  /** Removes the values of secret-looking options from a message that may quote them. */
  static String redact(String message, String[] args) {
    String redacted = message;
    for (String secret : secretValues(args)) {
      int eq = secret.indexOf('=');
      if (secret.startsWith("-") && eq > 0) {
        redacted = redacted.replace(secret, secret.substring(0, eq + 1) + "REDACTED");
        continue;
      }
      // picocli quotes the arguments it complains about; a long value is replaced anywhere, a
      // short one only where quoted, so that "s" does not blank out every letter s.
      redacted = redacted.replace("'" + secret + "'", "'REDACTED'");
      if (secret.length() >= 8) {
        redacted = redacted.replace(secret, "REDACTED");
      }
    }
    return redacted;
  }

  private static String oneLine(String message) {
    return QuotedText.of(message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip(), 1000);
  }
}
