package dev.boxauth.domain;

import java.util.Objects;

/**
 * The private key can't be loaded or used: wrong passphrase, unsupported format, too weak, a key
 * store or KMS that fails to sign. {@link #source()} names where the key came from (a file, a
 * config field, a key store alias), never the key.
 */
public final class KeyException extends AuthException {
  private static final long serialVersionUID = 1L;

  /** What is wrong with the key. */
  public enum Problem {
    /** The key is encrypted and no passphrase was given. */
    PASSPHRASE_REQUIRED(
        "pass the key's passphrase (boxAppSettings.appAuth.passphrase in the config file)"),
    /** Decryption failed: the passphrase is wrong or the key is corrupt. */
    WRONG_PASSPHRASE(
        "check the passphrase; if it is right, the key text is damaged: download or export it again"),
    /** Not parseable as any key format boxauth reads. */
    MALFORMED(
        "supply the private key as PEM (PKCS#8 or PKCS#1), a PKCS#12 file or a Tink keyset, copied whole"),
    /**
     * A readable format that can't be used: an EC or DSA key, a public key, a certificate, an
     * unknown cipher.
     */
    UNSUPPORTED(
        "Box needs an RSA private key; generate one with `boxauth keys generate` and upload its public key"),
    /** An RSA key shorter than 2048 bits. */
    WEAK(
        "generate a 2048-bit or longer RSA key with `boxauth keys generate` and upload its public key to Box"),
    /** The file, alias or key id does not exist. */
    NOT_FOUND("check the path or alias"),
    /** The key was loaded but signing failed (HSM, KMS or provider error). */
    SIGNING_FAILED(
        "check the key store, HSM or KMS the key lives in; the cause says what it reported");

    private final String fix;

    Problem(String fix) {
      this.fix = fix;
    }

    /** The default advice for this problem. */
    public String fix() {
      return fix;
    }
  }

  private final Problem problem;
  private final String source;

  /**
   * @param problem the kind of failure
   * @param source where the key came from: a file name, config field or alias; never key material
   * @param detail a short, non-secret explanation
   * @param cause the library exception, if any
   */
  public KeyException(Problem problem, String source, String detail, Throwable cause) {
    this(problem, source, detail, Objects.requireNonNull(problem, "problem").fix(), cause);
  }

  /**
   * As above, with advice more precise than the problem's default {@link Problem#fix()} (e.g. the
   * exact command that re-encrypts a key in a format the JDK can't read).
   *
   * @param fix what to do; never key material
   */
  public KeyException(Problem problem, String source, String detail, String fix, Throwable cause) {
    super(
        "Private key from " + Objects.requireNonNull(source, "source") + " is unusable: " + detail,
        Objects.requireNonNull(fix, "fix"),
        cause);
    this.problem = Objects.requireNonNull(problem, "problem");
    this.source = source;
  }

  /** The kind of failure. */
  public Problem problem() {
    return problem;
  }

  /** Where the key came from. */
  public String source() {
    return source;
  }

  @Override
  public boolean isTransient() {
    return problem == Problem.SIGNING_FAILED;
  }
}
