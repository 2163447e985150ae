package dev.boxauth.examples;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import dev.boxauth.keystore.KeyTools;
import java.security.GeneralSecurityException;

/** A fresh AES-256-GCM {@link Aead}, as {@code boxauth keys kek} makes one: the tests' key. */
final class Tinks {
  private Tinks() {}

  static Aead newAead() throws GeneralSecurityException {
    AeadConfig.register();
    return TinkJsonProtoKeysetFormat.parseKeyset(
            KeyTools.newKekKeysetJson(), InsecureSecretKeyAccess.get())
        .getPrimitive(RegistryConfiguration.get(), Aead.class);
  }
}
