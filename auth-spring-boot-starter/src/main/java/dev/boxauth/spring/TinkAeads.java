package dev.boxauth.spring;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import dev.boxauth.domain.ConfigurationException;
import java.security.GeneralSecurityException;
import org.springframework.core.io.Resource;

/** An AEAD from a cleartext Tink keyset file: a key-encryption key, or the Redis store's key. */
final class TinkAeads {
  private TinkAeads() {}

  static Aead fromKeyset(Resource keyset, String property) {
    String json = Resources.text(keyset, property);
    try {
      AeadConfig.register();
      KeysetHandle handle =
          TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
      return handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
    } catch (GeneralSecurityException | RuntimeException e) {
      // Tink's parse errors may quote the keyset: describe, never chain.
      throw new ConfigurationException(
          property,
          keyset.getDescription()
              + " is not a cleartext Tink AEAD keyset ("
              + e.getClass().getSimpleName()
              + ")",
          "make one with `boxauth keys kek --out kek.json` (an AES-256-GCM keyset)");
    }
  }
}
