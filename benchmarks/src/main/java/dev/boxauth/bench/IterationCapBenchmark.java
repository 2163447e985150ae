package dev.boxauth.bench;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Stage;
import dev.boxauth.domain.KeyException;
import dev.boxauth.keystore.KeyTools;
import dev.boxauth.keystore.Pkcs12KeyConfig;
import dev.boxauth.keystore.Pkcs12KeyModule;
import dev.boxauth.port.AssertionSigner;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of the slowest key files boxauth still accepts, the evidence for its iteration cap
 * (600,000 password-based key derivation iterations summed over one file, issue 12): each case is a
 * file at the cap, loaded until the key can sign, and one just over it, refused.
 *
 * <ul>
 *   <li>{@code PBES2_SHA1_AES256}: PBKDF2-HMAC-SHA1 deriving a 32-byte key, two SHA-1 blocks per
 *       iteration;
 *   <li>{@code PBES2_SHA512_AES256}: PBKDF2-HMAC-SHA512, the slowest per iteration measured here;
 *   <li>{@code PBES1_SHA1_3DES}: PKCS#12-style PBE with SHA-1 and DES-EDE3, which derives the key
 *       and the IV apart;
 *   <li>{@code PKCS12_LEGACY}: a PKCS#12 store with SHA-1 MAC, RC2 certificate and 3DES key
 *       encryption at 200,000 iterations each (600,000 in all), loaded through its Guice module as
 *       {@code BoxAuth} does (Guice's own share is {@code KeyLoadingBenchmark}'s GUICE_ONLY);
 *   <li>{@code OVER_THE_CAP}: PBES2 at 600,001 iterations: refused before any derivation.
 * </ul>
 *
 * Run: {@code java -cp benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)
 * org.openjdk.jmh.Main IterationCapBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class IterationCapBenchmark {
  private static final int CAP = 600_000;
  private static final char[] PASSPHRASE = "bench-Passphrase-1".toCharArray();

  /** The file loaded. */
  public enum Case {
    /** PBES2, PBKDF2-HMAC-SHA1, AES-256-CBC, at the cap. */
    PBES2_SHA1_AES256,
    /** PBES2, PBKDF2-HMAC-SHA512, AES-256-CBC, at the cap. */
    PBES2_SHA512_AES256,
    /** PBES1, PBE-SHA1-3DES, at the cap. */
    PBES1_SHA1_3DES,
    /** PKCS#12, legacy algorithms, the cap split over MAC, certificate and key. */
    PKCS12_LEGACY,
    /** PBES2 one iteration over the cap. */
    OVER_THE_CAP
  }

  /** The file loaded. */
  @Param({
    "PBES2_SHA1_AES256",
    "PBES2_SHA512_AES256",
    "PBES1_SHA1_3DES",
    "PKCS12_LEGACY",
    "OVER_THE_CAP"
  })
  public Case source;

  private String pem;
  private Path pkcs12;

  /** Encrypts a fresh key the way the case says. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    KeyPair pair = KeyTools.generateRsaKeyPair(2048);
    switch (source) {
      case PBES2_SHA1_AES256 -> pem = pbes2(pair, "PBEWithHmacSHA1AndAES_256", CAP);
      case PBES2_SHA512_AES256 -> pem = pbes2(pair, "PBEWithHmacSHA512AndAES_256", CAP);
      case PBES1_SHA1_3DES -> pem = pbes1(pair, "PBEWithSHA1AndDESede", CAP);
      case OVER_THE_CAP -> pem = pbes2(pair, "PBEWithHmacSHA256AndAES_256", CAP + 1);
      case PKCS12_LEGACY -> pkcs12 = legacyPkcs12(CAP / 3);
    }
  }

  /** One load (or refusal). */
  @Benchmark
  public Object load() {
    try {
      if (pkcs12 != null) {
        return Guice.createInjector(
                Stage.PRODUCTION,
                new Pkcs12KeyModule(
                    Pkcs12KeyConfig.builder()
                        .file(pkcs12)
                        .keyId(BenchmarkKeys.KEY_ID)
                        .storePassword(new String(PASSPHRASE))
                        .build()))
            .getInstance(AssertionSigner.class);
      }
      return KeyTools.readPrivateKey(pem, PASSPHRASE);
    } catch (KeyException | CreationException e) {
      if (source != Case.OVER_THE_CAP) {
        throw e;
      }
      return e;
    }
  }

  private static String pbes2(KeyPair pair, String algorithm, int iterations) throws Exception {
    byte[] salt = random(16);
    byte[] iv = random(16);
    SecretKey key =
        SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec(PASSPHRASE));
    Cipher cipher = Cipher.getInstance(algorithm);
    cipher.init(
        Cipher.ENCRYPT_MODE, key, new PBEParameterSpec(salt, iterations, new IvParameterSpec(iv)));
    byte[] encrypted = cipher.doFinal(pair.getPrivate().getEncoded());
    AlgorithmParameters params = AlgorithmParameters.getInstance("PBES2");
    params.init(cipher.getParameters().getEncoded());
    return pem(new EncryptedPrivateKeyInfo(params, encrypted).getEncoded());
  }

  private static String pbes1(KeyPair pair, String algorithm, int iterations) throws Exception {
    SecretKey key =
        SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec(PASSPHRASE));
    Cipher cipher = Cipher.getInstance(algorithm);
    cipher.init(Cipher.ENCRYPT_MODE, key, new PBEParameterSpec(random(8), iterations));
    byte[] encrypted = cipher.doFinal(pair.getPrivate().getEncoded());
    return pem(new EncryptedPrivateKeyInfo(cipher.getParameters(), encrypted).getEncoded());
  }

  /**
   * The benchmarks' PKCS#12 fixture's key and certificate, stored anew by the JDK with the legacy
   * algorithms and the counts these properties name.
   */
  private static Path legacyPkcs12(int iterations) throws Exception {
    KeyStore fixture = KeyStore.getInstance("PKCS12");
    char[] fixturePassword = BenchmarkKeys.PKCS12_PASSWORD.toCharArray();
    try (var in = Files.newInputStream(BenchmarkKeys.pkcs12File())) {
      fixture.load(in, fixturePassword);
    }
    String alias = fixture.aliases().nextElement();
    String count = String.valueOf(iterations);
    System.setProperty("keystore.pkcs12.certProtectionAlgorithm", "PBEWithSHA1AndRC2_40");
    System.setProperty("keystore.pkcs12.certPbeIterationCount", count);
    System.setProperty("keystore.pkcs12.keyProtectionAlgorithm", "PBEWithSHA1AndDESede");
    System.setProperty("keystore.pkcs12.keyPbeIterationCount", count);
    System.setProperty("keystore.pkcs12.macAlgorithm", "HmacPBESHA1");
    System.setProperty("keystore.pkcs12.macIterationCount", count);
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry(
        alias,
        fixture.getKey(alias, fixturePassword),
        PASSPHRASE,
        fixture.getCertificateChain(alias));
    Path file = Files.createTempFile("bench-cap-", ".p12");
    file.toFile().deleteOnExit();
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, PASSPHRASE);
    }
    return file;
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new SecureRandom().nextBytes(b);
    return b;
  }

  private static String pem(byte[] der) {
    return "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END ENCRYPTED PRIVATE KEY-----\n";
  }
}
