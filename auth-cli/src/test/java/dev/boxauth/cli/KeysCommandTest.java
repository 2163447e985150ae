package dev.boxauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxauth.BoxAuth;
import dev.boxauth.keystore.BoxAppConfig;
import dev.boxauth.keystore.KeyTools;
import dev.boxauth.keystore.TinkKeyConfig;
import dev.boxauth.keystore.TinkKeyModule;
import dev.boxauth.testkit.BoxEmulator;
import dev.boxauth.testkit.BoxEmulatorExtension;
import dev.boxauth.testkit.EmulatedApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(BoxEmulatorExtension.class)
class KeysCommandTest {
  private static BoxEmulator emulator;
  private static EmulatedApp app;

  @TempDir Path dir;

  /** {@code keys to-tink}: the config's key into a keyset encrypted under the kek. */
  private static Cli.Result toTink(Path config, Path kek, Path keyset) {
    return Cli.run(
        "keys",
        "to-tink",
        "--config",
        config.toString(),
        "--kek",
        kek.toString(),
        "--out",
        keyset.toString());
  }

  /** A file's permissions as {@code ls} shows them, e.g. {@code rw-------}. */
  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  @Test
  void generate_writesOwnerOnlyKeyAndPassphrase_thatKeyToolsReadsBack() throws Exception {
    Cli.Result result = Cli.run("keys", "generate", "--out", dir.toString());

    assertThat(result.code()).as(result.err()).isZero();
    Path privateKey = dir.resolve("private_key.pem");
    Path passphraseFile = dir.resolve("private_key.passphrase");
    Path publicKey = dir.resolve("public_key.pem");
    assertThat(mode(privateKey)).isEqualTo("rw-------");
    assertThat(mode(passphraseFile)).isEqualTo("rw-------");
    String passphrase = Files.readAllLines(passphraseFile).get(0);
    assertThat(passphrase).hasSizeGreaterThanOrEqualTo(40);
    String pem = Files.readString(privateKey);
    assertThat(pem).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");

    PrivateKey key = KeyTools.readPrivateKey(pem, passphrase.toCharArray());

    assertThat(KeyTools.describe(key).bits()).isEqualTo(2048);
    String publicPem = Files.readString(publicKey);
    assertThat(KeyTools.publicKeyPem(KeyTools.publicKeyOf(key))).isEqualTo(publicPem);
    assertThat(result.out()).contains(publicPem).doesNotContain(passphrase);
    assertThat(Apps.base64Lines(pem)).allSatisfy(l -> assertThat(result.all()).doesNotContain(l));
    String plain = java.util.Base64.getMimeEncoder().encodeToString(key.getEncoded());
    assertThat(Apps.base64Lines(plain)).allSatisfy(l -> assertThat(result.all()).doesNotContain(l));
  }

  @Test
  void generate_intoAMissingDirectory_createsItOwnerOnly() throws Exception {
    Path keys = dir.resolve("keys");

    Cli.Result result = Cli.run("keys", "generate", "--out", keys + "/");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(mode(keys)).isEqualTo("rwx------");
    assertThat(keys.resolve("private_key.pem")).isRegularFile();
    assertThat(keys.resolve("private_key.passphrase")).isRegularFile();
    assertThat(keys.resolve("public_key.pem")).isRegularFile();
    assertThat(result.outLines().get(0)).isEqualTo("Created " + keys + " (mode 0700).");
  }

  @Test
  void generate_intoAnExistingDirectory_leavesItsModeAlone() throws Exception {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));

    Cli.Result result = Cli.run("keys", "generate", "--out", dir.toString());

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(mode(dir)).isEqualTo("rwxr-x---");
    assertThat(result.out()).doesNotContain("Created");
  }

  @Test
  void generate_outIsAFile_exitsTwoNamingIt() throws Exception {
    Path file = Files.writeString(dir.resolve("keys"), "not a directory");

    Cli.Result result = Cli.run("keys", "generate", "--out", file.toString());

    assertThat(result.code()).isEqualTo(ExitCodes.CONFIGURATION);
    result.assertOneErrorLine();
    assertThat(result.err()).contains("--out").contains("is not a directory");
    assertThat(Files.readString(file)).isEqualTo("not a directory");
  }

  @Test
  void generate_3072Bits_makesA3072BitKey() throws Exception {
    Cli.Result result = Cli.run("keys", "generate", "--out", dir.toString(), "--bits", "3072");

    assertThat(result.code()).as(result.err()).isZero();
    PrivateKey key =
        KeyTools.readPrivateKey(
            Files.readString(dir.resolve("private_key.pem")),
            Files.readAllLines(dir.resolve("private_key.passphrase")).get(0).toCharArray());
    assertThat(KeyTools.describe(key).bits()).isEqualTo(3072);
  }

  @Test
  void generate_whenFilesExist_refusesAndLeavesThemAlone() throws Exception {
    Path existing = Files.writeString(dir.resolve("public_key.pem"), "mine");

    Cli.Result result = Cli.run("keys", "generate", "--out", dir.toString());

    assertThat(result.code()).isEqualTo(ExitCodes.CONFIGURATION);
    result.assertOneErrorLine();
    assertThat(result.err()).contains("public_key.pem").contains("already exists");
    assertThat(Files.readString(existing)).isEqualTo("mine");
    assertThat(dir.resolve("private_key.pem")).doesNotExist();
    assertThat(dir.resolve("private_key.passphrase")).doesNotExist();
  }

  @Test
  void generate_twice_refusesTheSecondTime() throws Exception {
    assertThat(Cli.run("keys", "generate", "--out", dir.toString()).code()).isZero();
    String before = Files.readString(dir.resolve("private_key.pem"));

    Cli.Result again = Cli.run("keys", "generate", "--out", dir.toString());

    assertThat(again.code()).isEqualTo(ExitCodes.CONFIGURATION);
    assertThat(Files.readString(dir.resolve("private_key.pem"))).isEqualTo(before);
  }

  @Test
  void generate_oddSize_isAUsageError() {
    Cli.Result result = Cli.run("keys", "generate", "--out", dir.toString(), "--bits", "1024");

    assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
    result.assertOneErrorLine();
    assertThat(result.err()).contains("--bits");
    assertThat(dir.resolve("private_key.pem")).doesNotExist();
  }

  @Test
  void toTink_writesAnEncryptedKeysetThatTinkKeyModuleSignsWith() throws Exception {
    Path config = Apps.config(dir, app);
    Path kek = dir.resolve("kek.json");
    Path keyset = dir.resolve("keyset.json");

    Cli.Result kekResult = Cli.run("keys", "kek", "--out", kek.toString());
    Cli.Result result = toTink(config, kek, keyset);

    assertThat(kekResult.code()).as(kekResult.err()).isZero();
    assertThat(result.code()).as(result.err()).isZero();
    assertThat(mode(kek)).isEqualTo("rw-------");
    assertThat(mode(keyset)).isEqualTo("rw-------");
    assertThat(result.out()).contains("kid " + app.keyId());
    assertThat(Apps.secrets(app)).allSatisfy(s -> assertThat(result.all()).doesNotContain(s));
    // The config below holds a decoy key Box doesn't know: only the keyset's key can get a token.
    KeyPair decoy = KeyTools.generateRsaKeyPair(2048);
    BoxAppConfig decoyConfig =
        BoxAppConfig.builder()
            .clientId(app.clientId())
            .clientSecret(app.clientSecret())
            .publicKeyId(app.keyId())
            .privateKey(
                KeyTools.encryptedPrivateKeyPem(decoy.getPrivate(), "decoy-pass".toCharArray()))
            .passphrase("decoy-pass")
            .enterpriseId(app.enterpriseId())
            .build();
    try (BoxAuth auth =
        BoxAuth.builder()
            .config(decoyConfig)
            .baseUrl(emulator.baseUrl())
            .module(
                new TinkKeyModule(TinkKeyConfig.builder().keysetFile(keyset).kekFile(kek).build()))
            .build()) {
      assertThat(emulator.introspect(auth.enterprise().token().value()).isLive()).isTrue();
    }
  }

  @Test
  void toTink_whenOutExists_refuses() throws Exception {
    Path config = Apps.config(dir, app);
    Path kek = dir.resolve("kek.json");
    Path keyset = Files.writeString(dir.resolve("keyset.json"), "keep");
    assertThat(Cli.run("keys", "kek", "--out", kek.toString()).code()).isZero();

    Cli.Result result = toTink(config, kek, keyset);

    assertThat(result.code()).isEqualTo(ExitCodes.CONFIGURATION);
    result.assertOneErrorLine();
    assertThat(Files.readString(keyset)).isEqualTo("keep");
  }

  @Test
  void kek_whenOutExists_refuses() throws Exception {
    Path kek = Files.writeString(dir.resolve("kek.json"), "keep");

    Cli.Result result = Cli.run("keys", "kek", "--out", kek.toString());

    assertThat(result.code()).isEqualTo(ExitCodes.CONFIGURATION);
    result.assertOneErrorLine();
    assertThat(Files.readString(kek)).isEqualTo("keep");
  }

  @Test
  void keys_withoutSubcommand_isAUsageError() {
    Cli.Result result = Cli.run("keys");

    assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("generate");
  }
}
