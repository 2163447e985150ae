package dev.boxauth.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The root command: global options, help, exit codes and the security notes. */
@Command(
    name = "boxauth",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = BoxauthCommand.Version.class,
    usageHelpAutoWidth = true,
    description = {
      "Box server authentication (JWT and Client Credentials Grant) from the command line.",
      "Start with `boxauth demo`: it needs no Box account and no network."
    },
    subcommands = {
      DemoCommand.class,
      TokenCommand.class,
      CheckCommand.class,
      KeysCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:usage: an unknown, missing or conflicting command or option",
      "2:configuration or key problem: a missing or malformed file or field, a wrong passphrase,"
          + " a weak or unsupported key, an output file that exists already",
      "3:Box refused: bad client credentials, unknown key id, unauthorized app, a subject the"
          + " app may not act for",
      "4:Box unreachable or failing: network error, 5xx, rate limit or deadline not overcome",
      "5:demo only: a step did not do what it claims",
      "70:internal error (a bug): run again with --verbose and report the stack trace"
    },
    footerHeading = "%nSecurity:%n",
    footer = {
      "No command prints a client secret, passphrase, private key or token, except `token`, whose"
          + " output is the token. Pass client secrets in an environment variable"
          + " (--client-secret-env VAR, default BOX_CLIENT_SECRET): a --client-secret value is"
          + " visible to other users in `ps` and lands in shell history."
    })
final class BoxauthCommand implements Runnable {

  @Spec CommandSpec spec;

  @Option(
      names = {"-v", "--verbose"},
      scope = ScopeType.INHERIT,
      description = "On failure also print the stack trace; log boxauth at DEBUG (stderr).")
  boolean verbose;

  /** The configured command line: commands, error handlers, exit codes. */
  static CommandLine commandLine(CommandLine.IFactory factory) {
    CommandLine cli = new CommandLine(BoxauthCommand.class, factory);
    Failures failures = new Failures();
    cli.setExecutionExceptionHandler(failures);
    cli.setParameterExceptionHandler(failures);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    return cli;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "name a command: demo, token, check or keys");
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"boxauth " + (version == null ? "(development build)" : version)};
    }
  }
}
