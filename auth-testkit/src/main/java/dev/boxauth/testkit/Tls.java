package dev.boxauth.testkit;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The emulator's TLS identity: a self-signed certificate made at start-up, the server's {@link
 * SSLContext}, and the trust store clients need.
 *
 * <p>The certificate is written by {@link KeyMaterial} (a few lines of DER, one signature) rather
 * than by running the JDK's {@code keytool}: that forks a JVM and takes over a second here, needs
 * {@code bin/keytool} (absent from jlinked runtimes), and the JDK's in-process certificate classes
 * are internal ({@code sun.security.x509}, inaccessible without {@code --add-exports}).
 */
final class Tls {
  private static final String ALIAS = "box-emulator";

  final X509Certificate certificate;
  final SSLContext serverContext;

  private Tls(X509Certificate certificate, SSLContext serverContext) {
    this.certificate = certificate;
    this.serverContext = serverContext;
  }

  static Tls create(Instant now) {
    KeyPair key = KeyPool.tlsKey();
    // A distinct subject per emulator, so that one emulator's trust store never chains to the
    // certificate of another that shares the JVM's TLS key.
    X509Certificate cert =
        KeyMaterial.selfSignedCertificate(key, "boxauth emulator " + Ids.keyId(), now);
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new javax.net.ssl.KeyManager[] {new OneKey(key.getPrivate(), cert)}, null, null);
      return new Tls(cert, context);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up the emulator's TLS context", e);
    }
  }

  /** A fresh in-memory PKCS#12 key store holding only the certificate, as a trusted entry. */
  KeyStore trustStore() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry(ALIAS, certificate);
      return store;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot build the emulator's trust store", e);
    }
  }

  /** Serves the one key and certificate, without a password-protected key store round trip. */
  private static final class OneKey extends X509ExtendedKeyManager {
    private final PrivateKey key;
    private final X509Certificate[] chain;

    OneKey(PrivateKey key, X509Certificate cert) {
      this.key = key;
      this.chain = new X509Certificate[] {cert};
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return "RSA".equals(keyType) ? ALIAS : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      return chooseServerAlias(keyType, issuers, null);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return "RSA".equals(keyType) ? new String[] {ALIAS} : null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return ALIAS.equals(alias) ? key : null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return null;
    }
  }
}
