package dev.boxauth.bench;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.Security;

/**
 * Amazon Corretto Crypto Provider (OpenSSL-derived AWS-LC behind the JCA): installed as the most
 * preferred provider of this JVM, as a user who wants faster RSA would install it. boxauth's JCA
 * signer then uses it with no code change.
 */
final class Accp {
  private Accp() {}

  /**
   * Installs ACCP first in the provider list.
   *
   * @throws IllegalStateException if its native library does not load on this machine
   */
  static void install() {
    AmazonCorrettoCryptoProvider.install();
    AmazonCorrettoCryptoProvider.INSTANCE.assertHealthy();
    if (!Security.getProviders()[0].getName().equals(AmazonCorrettoCryptoProvider.PROVIDER_NAME)) {
      throw new IllegalStateException("ACCP is not the first JCA provider");
    }
  }
}
