package dev.boxauth.cli;

import dev.boxauth.domain.AuthException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into one line on stderr and an exit code. The typed {@link AuthException}
 * messages already say what is wrong and what to do, and carry no secret; a stack trace only with
 * {@code --verbose}.
 */
final class Failures
    implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

  /** Options whose values are secret: never echoed back in a usage error. */
  private static final String SECRET_OPTION = "--client-secret";

  @Override
  public int handleExecutionException(
      Exception failure, CommandLine command, ParseResult parseResult) {
    PrintWriter err = command.getErr();
    boolean verbose = isVerbose(parseResult);
    int code;
    String message;
    if (failure instanceof AuthException auth) {
      code = ExitCodes.of(auth);
      message = auth.getMessage();
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
    String message = redact(String.valueOf(usage.getMessage()), args);
    err.println(
        "boxauth: "
            + oneLine(message)
            + " (see `"
            + command.getCommandSpec().qualifiedName()
            + " --help`)");
    err.flush();
    return ExitCodes.USAGE;
  }

  private static boolean isVerbose(ParseResult result) {
    for (ParseResult r = result; r != null; r = r.subcommand()) {
      if (r.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  /** Removes the values of secret options from a message that may quote the command line. */
  static String redact(String message, String[] args) {
    List<String> secrets = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals(SECRET_OPTION) && i + 1 < args.length) {
        secrets.add(args[i + 1]);
      } else if (arg.startsWith(SECRET_OPTION + "=")) {
        secrets.add(arg.substring(SECRET_OPTION.length() + 1));
      }
    }
    String redacted = message;
    for (String secret : secrets) {
      if (secret.isEmpty()) {
        continue;
      }
      // picocli quotes the arguments it complains about; a long value is replaced anywhere, a
      // short one only where quoted, so that "s" does not blank out every letter s.
      redacted = redacted.replace(SECRET_OPTION + "=" + secret, SECRET_OPTION + "=REDACTED");
      redacted = redacted.replace("'" + secret + "'", "'REDACTED'");
      if (secret.length() >= 8) {
        redacted = redacted.replace(secret, "REDACTED");
      }
    }
    return redacted;
  }

  private static String oneLine(String message) {
    return message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }
}
