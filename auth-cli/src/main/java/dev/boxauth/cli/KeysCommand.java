package dev.boxauth.cli;

import dev.boxauth.domain.SignatureAlgorithm;
import dev.boxauth.keystore.BoxAppConfig;
import dev.boxauth.keystore.KeyTools;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code boxauth keys}: key pairs and Tink keysets. */
@Command(
    name = "keys",
    description = "Key chores: a new RSA key pair, a key-encryption keyset, a Tink keyset.",
    subcommands = {KeysCommand.Generate.class, KeysCommand.Kek.class, KeysCommand.ToTink.class})
final class KeysCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "name a command: generate, kek or to-tink");
  }

  /** {@code boxauth keys generate}. */
  @Command(
      name = "generate",
      description = {
        "Makes an RSA key pair in --out (created, mode 0700, if missing): private_key.pem"
            + " (encrypted PKCS#8, PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC, mode 0600),"
            + " private_key.passphrase (its random passphrase, mode 0600) and public_key.pem.",
        "Prints the public key: add it in the Developer Console (Configuration, Add and Manage"
            + " Public Keys); Box then shows its public key id. Existing files are never"
            + " overwritten; the passphrase is never printed."
      })
  static final class Generate implements Callable<Integer> {
    static final String PRIVATE_KEY = "private_key.pem";
    static final String PASSPHRASE = "private_key.passphrase";
    static final String PUBLIC_KEY = "public_key.pem";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Spec CommandSpec spec;

    @Option(
        names = "--out",
        paramLabel = "DIR",
        defaultValue = ".",
        description =
            "The directory to write to (default: the current one); made, owner-only, if missing.")
    Path out;

    @Option(
        names = "--bits",
        paramLabel = "BITS",
        defaultValue = "2048",
        description = "2048 (default), 3072 or 4096.")
    int bits;

    @Override
    public Integer call() {
      if (bits != 2048 && bits != 3072 && bits != 4096) {
        throw new ParameterException(spec.commandLine(), "--bits must be 2048, 3072 or 4096");
      }
      boolean created = PrivateFiles.ensurePrivateDirectory(out, "--out");
      Path privateKey = out.resolve(PRIVATE_KEY);
      Path passphraseFile = out.resolve(PASSPHRASE);
      Path publicKey = out.resolve(PUBLIC_KEY);
      for (Path file : new Path[] {privateKey, passphraseFile, publicKey}) {
        PrivateFiles.requireAbsent(file, "--out");
      }
      KeyPair pair = KeyTools.generateRsaKeyPair(bits);
      char[] passphrase = newPassphrase();
      byte[] passphraseLine = null;
      byte[] pem = null;
      String publicPem = KeyTools.publicKeyPem(pair.getPublic());
      // The three files or none: a passphrase without its key (or the reverse) is litter that
      // blocks the next run and leaves a secret lying about.
      List<Path> written = new ArrayList<>();
      try {
        pem =
            KeyTools.encryptedPrivateKeyPem(pair.getPrivate(), passphrase)
                .getBytes(StandardCharsets.US_ASCII);
        passphraseLine = asciiLine(passphrase);
        PrivateFiles.writeSecret(privateKey, pem, "--out");
        written.add(privateKey);
        PrivateFiles.writeSecret(passphraseFile, passphraseLine, "--out");
        written.add(passphraseFile);
        PrivateFiles.writePublic(publicKey, publicPem.getBytes(StandardCharsets.US_ASCII), "--out");
      } catch (RuntimeException e) {
        PrivateFiles.deleteQuietly(written);
        throw e;
      } finally {
        Arrays.fill(passphrase, '\0');
        if (passphraseLine != null) {
          Arrays.fill(passphraseLine, (byte) 0);
        }
      }

      PrintWriter w = spec.commandLine().getOut();
      if (created) {
        w.printf("Created %s (mode 0700).%n", out);
      }
      w.printf("Wrote a %d-bit RSA key pair:%n", bits);
      w.printf("  %s  encrypted private key (mode 0600)%n", privateKey);
      w.printf("  %s  its passphrase (mode 0600; never printed)%n", passphraseFile);
      w.printf("  %s  the public key, below%n", publicKey);
      w.println();
      w.println(
          "Add the public key in the Box Developer Console: your app, Configuration, Add and"
              + " Manage Public Keys, Add a Public Key. Box shows its public key id: use it as"
              + " publicKeyID.");
      w.println();
      w.print(publicPem);
      w.flush();
      return ExitCodes.OK;
    }

    /** 32 random bytes as base64url: 43 printable ASCII characters, as PBES2 needs. */
    private static char[] newPassphrase() {
      byte[] random = new byte[32];
      RANDOM.nextBytes(random);
      byte[] encoded = Base64.getUrlEncoder().withoutPadding().encode(random);
      char[] passphrase = new char[encoded.length];
      for (int i = 0; i < encoded.length; i++) {
        passphrase[i] = (char) encoded[i];
      }
      Arrays.fill(random, (byte) 0);
      Arrays.fill(encoded, (byte) 0);
      return passphrase;
    }

    private static byte[] asciiLine(char[] chars) {
      ByteBuffer buffer = StandardCharsets.US_ASCII.encode(CharBuffer.wrap(chars));
      byte[] line = new byte[buffer.remaining() + 1];
      buffer.get(line, 0, buffer.remaining());
      line[line.length - 1] = '\n';
      if (buffer.hasArray()) {
        Arrays.fill(buffer.array(), (byte) 0);
      }
      return line;
    }
  }

  /** {@code boxauth keys kek}. */
  @Command(
      name = "kek",
      description = {
        "Makes a local key-encryption keyset (Tink, AES-256-GCM, cleartext JSON, mode 0600) for"
            + " `keys to-tink`.",
        "Keep it apart from the keysets it protects; in production prefer a KMS key."
      })
  static final class Kek implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The new file.")
    Path out;

    @Override
    public Integer call() {
      byte[] json = KeyTools.newKekKeysetJson().getBytes(StandardCharsets.UTF_8);
      try {
        PrivateFiles.writeSecret(out, json, "--out");
      } finally {
        java.util.Arrays.fill(json, (byte) 0);
      }
      PrintWriter w = spec.commandLine().getOut();
      w.printf("Wrote %s: a key-encryption keyset (AES-256-GCM, mode 0600).%n", out);
      w.flush();
      return ExitCodes.OK;
    }
  }

  /** {@code boxauth keys to-tink}. */
  @Command(
      name = "to-tink",
      description = {
        "Converts a JWT app's private key (from its config file) into a Tink JWT keyset,"
            + " encrypted under the key-encryption keyset --kek (make one with `keys kek`). The"
            + " keyset's kid is the config's publicKeyID.",
        "Load it with TinkKeyModule and"
            + " TinkKeyConfig.builder().keysetFile(keyset).kekFile(kek).build()."
      })
  static final class ToTink implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--config",
        paramLabel = "FILE",
        required = true,
        description = "The app's config file.")
    Path config;

    @Option(
        names = "--kek",
        paramLabel = "FILE",
        required = true,
        description = "The key-encryption keyset.")
    Path kek;

    @Option(
        names = "--out",
        paramLabel = "FILE",
        required = true,
        description = "The new keyset file.")
    Path out;

    @Option(
        names = "--algorithm",
        paramLabel = "ALG",
        defaultValue = "RS256",
        description = "RS256 (default), RS384 or RS512.")
    SignatureAlgorithm algorithm;

    @Override
    public Integer call() {
      BoxAppConfig app = BoxAppConfig.read(config);
      PrivateFiles.requireAbsent(out, "--out");
      String keyset = KeyTools.encryptedTinkKeysetJson(app, algorithm, kek);
      PrivateFiles.writeSecret(out, keyset.getBytes(StandardCharsets.UTF_8), "--out");
      PrintWriter w = spec.commandLine().getOut();
      w.printf(
          "Wrote %s: the app's key as a Tink JWT keyset (%s, kid %s), encrypted under %s (mode"
              + " 0600).%n",
          out, algorithm, app.keyId().value(), kek);
      w.flush();
      return ExitCodes.OK;
    }
  }
}
