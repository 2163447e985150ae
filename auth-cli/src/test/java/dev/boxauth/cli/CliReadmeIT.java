package dev.boxauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxauth.testkit.BoxEmulator;
import dev.boxauth.testkit.BoxEmulatorExtension;
import dev.boxauth.testkit.EmulatedApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every {@code ./boxauth} command of the READMEs' bash blocks, run as written by bash with the real
 * launcher, each README's commands in order in a directory of their own: a README that drifts from
 * the CLI fails here. Two things are bound, as a user would: the placeholders ({@code
 * 123_abc_config.json} is written there from an emulated app; {@code 4567}, {@code ID}, {@code 123}
 * and the secret become that app's ids), and a command that reaches Box gets {@code --base-url}
 * pointing at the emulator.
 */
@ExtendWith(BoxEmulatorExtension.class)
class CliReadmeIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern BASH_BLOCK = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern TOKEN = Pattern.compile("\"access_token\":\"([A-Za-z0-9]+)\"");

  private static BoxEmulator emulator;
  private static EmulatedApp jwt;
  private static EmulatedApp ccg;
  private static String jwtUser;
  private static String ccgUser;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    // a second app: the extension sets every static EmulatedApp field to its JWT app
    ccg = emulator.newCcgApp();
    jwtUser = jwt.newAppUser();
    ccgUser = ccg.newAppUser();
  }

  /** The {@code ./boxauth} lines of {@code markdown}'s bash blocks, without comments, in order. */
  static List<String> commands(String markdown) {
    Set<String> commands = new LinkedHashSet<>();
    Matcher block = BASH_BLOCK.matcher(markdown);
    while (block.find()) {
      for (String line : block.group(1).split("\n")) {
        String command = line.replaceFirst("\\s+#.*$", "").strip();
        if (command.contains("./boxauth ")) {
          commands.add(command);
        }
      }
    }
    return List.copyOf(commands);
  }

  /** The command with its placeholders bound and, where it reaches Box, the emulator's URL. */
  static String bound(String command, Map<String, String> values, String baseUrl) {
    List<String> segments = new ArrayList<>();
    for (String segment : command.split(" && ")) {
      boolean ccgCommand = segment.contains(" --ccg");
      List<String> words = new ArrayList<>();
      for (String word : segment.split(" ")) {
        String key = (ccgCommand ? "ccg:" : "jwt:") + word;
        words.add(values.getOrDefault(key, values.getOrDefault(word, word)));
      }
      String out = String.join(" ", words);
      if (segment.contains("./boxauth token") || segment.contains("--online")) {
        out += " --base-url " + baseUrl;
      }
      segments.add(out);
    }
    return String.join(" && ", segments);
  }

  @ParameterizedTest
  @ValueSource(strings = {"README.md", "auth-cli/README.md"})
  void readme_everyBoxauthCommand_runsAsWritten(String readme) throws Exception {
    List<String> commands = commands(Files.readString(ROOT.resolve(readme)));
    Files.createSymbolicLink(dir.resolve("boxauth"), ROOT.resolve("boxauth"));
    Files.writeString(
        dir.resolve("123_abc_config.json"), jwt.configJson(EmulatedApp.KeyEncryption.DES_EDE3_CBC));
    Map<String, String> values =
        Map.of(
            "jwt:4567",
            jwtUser,
            "ccg:4567",
            ccgUser,
            "ID",
            ccg.clientId(),
            "ccg:123",
            ccg.enterpriseId(),
            "BOX_CLIENT_SECRET=...",
            "BOX_CLIENT_SECRET=" + ccg.clientSecret());

    assertThat(commands).as(readme).hasSizeGreaterThanOrEqualTo(6);
    for (String command : commands) {
      Run run = bash(bound(command, values, emulator.baseUrl().toString()));

      assertThat(run.code()).as("%s%n%s", command, run.err()).isZero();
      assertThat(run.err()).as(command).isEmpty();
      if (command.contains("./boxauth token")) {
        Matcher json = TOKEN.matcher(run.out());
        String token = json.find() ? json.group(1) : run.out().strip();
        assertThat(emulator.introspect(token).isLive()).as(command).isTrue();
      }
    }
  }

  private record Run(int code, String out, String err) {}

  private Run bash(String command) throws IOException, InterruptedException {
    Path out = dir.resolve(".out");
    Path err = dir.resolve(".err");
    ProcessBuilder builder =
        new ProcessBuilder("bash", "-c", command)
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    builder.environment().remove("BOX_CLIENT_SECRET");
    builder.environment().put("MY_VAR", ccg.clientSecret());
    builder.environment().put("BOXAUTH_CDS", "off"); // LauncherIT owns the class archives
    Process process = builder.start();
    if (!process.waitFor(180, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(command + " did not finish");
    }
    return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
  }
}
