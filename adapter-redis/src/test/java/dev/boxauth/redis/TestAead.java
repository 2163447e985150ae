package dev.boxauth.redis;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.security.GeneralSecurityException;

/** Fresh AES-256-GCM AEADs for tests, as a user would make them from a Tink keyset. */
final class TestAead {
  private static final Aead SHARED = fresh();

  private TestAead() {}

  /** One key for the whole test run: what every process of one fleet shares. */
  static Aead shared() {
    return SHARED;
  }

  /** A new, unrelated key. */
  static Aead fresh() {
    try {
      AeadConfig.register();
      return KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM)
          .getPrimitive(RegistryConfiguration.get(), Aead.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
