package dev.boxauth.it;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.inject.Guice;
import com.google.inject.Module;
import com.google.inject.util.Modules;
import dev.boxauth.BoxAuth;
import dev.boxauth.JwtGrantModule;
import dev.boxauth.ccg.CcgModule;
import dev.boxauth.domain.ClientCredentials;
import dev.boxauth.domain.KeyId;
import dev.boxauth.domain.SignatureAlgorithm;
import dev.boxauth.keystore.BoxAppConfig;
import dev.boxauth.keystore.BoxConfigKeyModule;
import dev.boxauth.keystore.KeyTools;
import dev.boxauth.keystore.PemKeyConfig;
import dev.boxauth.keystore.PemKeyModule;
import dev.boxauth.keystore.Pkcs12KeyConfig;
import dev.boxauth.keystore.Pkcs12KeyModule;
import dev.boxauth.keystore.TinkKeyConfig;
import dev.boxauth.keystore.TinkKeyModule;
import dev.boxauth.port.KeySource;
import dev.boxauth.testkit.EmulatedApp.KeyEncryption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.List;

/** The adapter combinations the suites run against, one factory each. */
final class Stacks {
  private Stacks() {}

  private static ClientCredentials credentials(Stack s) {
    return ClientCredentials.of(s.app().clientId(), s.app().clientSecret());
  }

  /** Box config JSON (AES-256 PBES2 key) × JCA JWS signer, RS256; plain Guice. */
  static Stack configJsonGuice() {
    return new Stack("config JSON × JCA JWS (RS256), Guice", Stack.Grant.JWT) {
      @Override
      Client open(Setup setup) {
        BoxAppConfig config = BoxAppConfig.parse(app.configJson());
        return Client.guice(
            setup,
            app.enterpriseId(),
            List.of(
                new BoxConfigKeyModule(config, SignatureAlgorithm.RS256),
                new JwtGrantModule(config.clientCredentials())));
      }
    };
  }

  /**
   * The console's real config file (DES-EDE3-CBC PBES2 key) read from disk × JCA JWS, RS512; {@code
   * BoxAuth.builder().config(path)}.
   */
  static Stack consoleConfigFileBuilder() {
    return new Stack("console config file (DES-EDE3) × JCA JWS (RS512), BoxAuth", Stack.Grant.JWT) {
      private Path file;

      @Override
      protected void setUp(Path dir) throws Exception {
        file = dir.resolve(app.enterpriseId() + "_" + app.keyId() + "_config.json");
        Files.writeString(file, app.configJson(KeyEncryption.DES_EDE3_CBC));
      }

      @Override
      SignatureAlgorithm algorithm() {
        return SignatureAlgorithm.RS512;
      }

      @Override
      Client open(Setup setup) {
        return Client.boxAuth(
            BoxAuth.builder().config(file).algorithm(SignatureAlgorithm.RS512), setup);
      }
    };
  }

  /**
   * A key pair of the user's own (public key uploaded), as an encrypted PKCS#8 PEM file × JCA JWS,
   * RS384; plain Guice.
   */
  static Stack pemFileGuice() {
    return new Stack("PEM file (encrypted PKCS#8) × JCA JWS (RS384), Guice", Stack.Grant.JWT) {
      private Path file;
      private String kid;
      private final String passphrase = "pem-passphrase-7Qx2";

      @Override
      protected void setUp(Path dir) throws Exception {
        KeyPair pair = KeyTools.generateRsaKeyPair(2048);
        kid = app.addPublicKey(pair.getPublic());
        publicKey(kid, pair.getPublic());
        secret(passphrase);
        secretKey(pair.getPrivate());
        file = dir.resolve("private.pem");
        Files.writeString(
            file, KeyTools.encryptedPrivateKeyPem(pair.getPrivate(), passphrase.toCharArray()));
      }

      @Override
      SignatureAlgorithm algorithm() {
        return SignatureAlgorithm.RS384;
      }

      @Override
      Client open(Setup setup) {
        return Client.guice(
            setup,
            app.enterpriseId(),
            List.of(
                new PemKeyModule(
                    PemKeyConfig.builder()
                        .file(file)
                        .keyId(kid)
                        .passphrase(passphrase)
                        .algorithm(SignatureAlgorithm.RS384)
                        .build()),
                new JwtGrantModule(credentials(this))));
      }
    };
  }

  /** A PKCS#12 key store made by {@code keytool} × JCA JWS, RS512; plain Guice. */
  static Stack pkcs12Guice() {
    return new Stack("PKCS#12 (keytool) × JCA JWS (RS512), Guice", Stack.Grant.JWT) {
      private Path file;
      private String kid;
      private final String password = "p12-password-Zt81";

      @Override
      protected void setUp(Path dir) throws Exception {
        file = Keytool.genkeypair(dir.resolve("box.p12"), "box", password);
        var store = Keytool.load(file, password);
        kid = app.addPublicKey(store.getCertificate("box").getPublicKey());
        publicKey(kid, store.getCertificate("box").getPublicKey());
        secret(password);
        secretKey((PrivateKey) store.getKey("box", password.toCharArray()));
      }

      @Override
      SignatureAlgorithm algorithm() {
        return SignatureAlgorithm.RS512;
      }

      @Override
      Client open(Setup setup) {
        return Client.guice(
            setup,
            app.enterpriseId(),
            List.of(
                new Pkcs12KeyModule(
                    Pkcs12KeyConfig.builder()
                        .file(file)
                        .keyId(kid)
                        .storePassword(password)
                        .algorithm(SignatureAlgorithm.RS512)
                        .build()),
                new JwtGrantModule(credentials(this))));
      }
    };
  }

  /**
   * The app's key converted to a Tink keyset encrypted under a key-encryption keyset file ({@code
   * boxauth keys to-tink}) × Tink's JWT signer, RS384; plain Guice.
   */
  static Stack tinkGuice() {
    return new Stack("Tink keyset (encrypted) × Tink JWT signer (RS384), Guice", Stack.Grant.JWT) {
      private Path keyset;
      private Path kek;

      @Override
      protected void setUp(Path dir) throws Exception {
        kek = Files.writeString(dir.resolve("kek.json"), KeyTools.newKekKeysetJson());
        keyset =
            Files.writeString(
                dir.resolve("keyset.json"),
                KeyTools.encryptedTinkKeysetJson(
                    BoxAppConfig.parse(app.configJson()), SignatureAlgorithm.RS384, kek));
      }

      @Override
      SignatureAlgorithm algorithm() {
        return SignatureAlgorithm.RS384;
      }

      @Override
      Client open(Setup setup) {
        return Client.guice(
            setup,
            app.enterpriseId(),
            List.of(
                new TinkKeyModule(TinkKeyConfig.builder().keysetFile(keyset).kekFile(kek).build()),
                new JwtGrantModule(credentials(this))));
      }
    };
  }

  /**
   * Tink's key source (raw-bytes signing inside Tink) under the JCA-style JWS signer: the Tink
   * {@code KeySource} bound over a config key module with {@code Modules.override}, RS256. The
   * default Tink stack never signs through its {@code KeySource}; this one only does.
   */
  static Stack tinkKeySourceJwsGuice() {
    return new Stack("Tink key source × JWS signer (RS256), Guice override", Stack.Grant.JWT) {
      private KeySource tinkKeys;

      @Override
      protected void setUp(Path dir) throws Exception {
        String json =
            TinkJsonProtoKeysetFormat.serializeKeyset(
                KeyTools.toTinkKeyset(
                    app.keyPair().getPrivate(), new KeyId(app.keyId()), SignatureAlgorithm.RS256),
                InsecureSecretKeyAccess.get());
        tinkKeys =
            Guice.createInjector(
                    new TinkKeyModule(
                        TinkKeyConfig.builder().keysetJson(json).insecureCleartext(true).build()))
                .getInstance(KeySource.class);
      }

      @Override
      Client open(Setup setup) {
        BoxAppConfig config = BoxAppConfig.parse(app.configJson());
        Module keys =
            Modules.override(new BoxConfigKeyModule(config))
                .with(binder -> binder.bind(KeySource.class).toInstance(tinkKeys));
        return Client.guice(
            setup,
            app.enterpriseId(),
            List.of(keys, new JwtGrantModule(config.clientCredentials())));
      }
    };
  }

  /** Client Credentials Grant; plain Guice. */
  static Stack ccgGuice() {
    return new Stack("CCG, Guice", Stack.Grant.CCG) {
      @Override
      Client open(Setup setup) {
        return Client.guice(setup, app.enterpriseId(), List.of(new CcgModule(credentials(this))));
      }
    };
  }

  /** Client Credentials Grant; {@code BoxAuth.builder().clientCredentials(...)}. */
  static Stack ccgBuilder() {
    return new Stack("CCG, BoxAuth", Stack.Grant.CCG) {
      @Override
      Client open(Setup setup) {
        return Client.boxAuth(
            BoxAuth.builder()
                .clientCredentials(app.clientId(), app.clientSecret())
                .enterpriseId(app.enterpriseId()),
            setup);
      }
    };
  }
}
