package dev.boxauth.it;

import dev.boxauth.domain.SignatureAlgorithm;
import dev.boxauth.testkit.BoxEmulator;
import dev.boxauth.testkit.EmulatedApp;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One adapter combination, wired the way a user would wire it: which grant, which key format, which
 * signer, assembled by a plain Guice injector or by {@code BoxAuth.builder()}. {@link #prepare}
 * registers the app (and any key of its own) with an emulator and writes key files; {@link #open}
 * assembles a new, cold stack against that emulator.
 */
abstract class Stack {

  /** How the app authenticates. */
  enum Grant {
    JWT,
    CCG
  }

  private final String name;
  private final Grant grant;
  protected EmulatedApp app;
  protected BoxEmulator emulator;
  private final Map<String, PublicKey> publicKeys = new LinkedHashMap<>();
  private final List<String> secrets = new ArrayList<>();

  Stack(String name, Grant grant) {
    this.name = name;
    this.grant = grant;
  }

  /** Registers the app and writes what the stack reads. Called once per test class. */
  final void prepare(BoxEmulator emulator, Path dir) throws Exception {
    this.emulator = emulator;
    this.app = grant == Grant.JWT ? emulator.newJwtApp() : emulator.newCcgApp();
    secret(app.clientSecret());
    if (grant == Grant.JWT) {
      publicKeys.put(app.keyId(), app.keyPair().getPublic());
      secret(app.passphrase());
      secretKey(app.keyPair().getPrivate());
    }
    setUp(dir);
  }

  /** Stack-specific preparation: key files, extra public keys. */
  protected void setUp(Path dir) throws Exception {}

  /** A new, cold stack pointed at the emulator. */
  abstract Client open(Setup setup);

  /** The JWS algorithm the stack signs with (JWT stacks). */
  SignatureAlgorithm algorithm() {
    return SignatureAlgorithm.RS256;
  }

  EmulatedApp app() {
    return app;
  }

  Grant grant() {
    return grant;
  }

  BoxEmulator.GrantType grantType() {
    return grant == Grant.JWT
        ? BoxEmulator.GrantType.JWT_BEARER
        : BoxEmulator.GrantType.CLIENT_CREDENTIALS;
  }

  /** The public keys the stack's assertions may name, by kid. */
  Map<String, PublicKey> publicKeys() {
    return Map.copyOf(publicKeys);
  }

  /** Texts that must never appear in a log line or an exception message. */
  List<String> secrets() {
    return List.copyOf(secrets);
  }

  protected void publicKey(String kid, PublicKey key) {
    publicKeys.put(kid, key);
  }

  protected void secret(String value) {
    secrets.add(value);
  }

  /** A stretch of the key's encoded bytes, as base64 would show it if it ever leaked. */
  protected void secretKey(PrivateKey key) {
    String b64 = Base64.getEncoder().encodeToString(key.getEncoded());
    secrets.add(b64.substring(200, 240));
  }

  @Override
  public String toString() {
    return name;
  }
}
