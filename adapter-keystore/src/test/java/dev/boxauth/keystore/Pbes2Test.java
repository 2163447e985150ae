package dev.boxauth.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boxauth.domain.KeyException;
import dev.boxauth.domain.KeyException.Problem;
import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * PBES2 parameters built by hand: every odd or hostile shape fails typed, never by exception leak.
 */
class Pbes2Test {
  private static final HexFormat HEX = HexFormat.of();
  private static final String PBES2 = "06092a864886f70d01050d";
  private static final String PBKDF2 = "06092a864886f70d01050c";
  private static final String DES_EDE3 = "06082a864886f70d0307";
  private static final String SALT = "04082164b62e2e64a95a";
  private static final String IV8 = "0408bf7605023273e5a9";

  private static String tlv(int tag, String hexContent) {
    int length = hexContent.length() / 2;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    if (length < 0x80) {
      out.write(length);
    } else {
      out.write(0x82);
      out.write(length >>> 8);
      out.write(length & 0xff);
    }
    return HEX.formatHex(out.toByteArray()) + hexContent;
  }

  private static String seq(String... parts) {
    return tlv(0x30, String.join("", parts));
  }

  /** An EncryptedPrivateKeyInfo with the given PBKDF2 parameters and cipher. */
  private static byte[] info(String pbkdf2Params, String cipherOid, String iv) {
    String kdf = seq(PBKDF2, seq(pbkdf2Params));
    String cipher = seq(cipherOid, iv);
    return HEX.parseHex(seq(seq(PBES2, seq(kdf, cipher)), tlv(0x04, "00".repeat(16))));
  }

  private static KeyException decrypt(byte[] der) {
    try {
      Pbes2.decrypt(der, "passphrase".toCharArray(), "test key");
    } catch (KeyException e) {
      return e;
    }
    throw new AssertionError("expected a KeyException");
  }

  @Test
  void isPbes2_recognisesOnlyPbes2() {
    assertThat(Pbes2.isPbes2(info(SALT + "02020800", DES_EDE3, IV8))).isTrue();
    assertThat(Pbes2.isPbes2(HEX.parseHex("3000"))).isFalse();
    assertThat(Pbes2.isPbes2(new byte[] {0x30, (byte) 0x84, 0, 0, 0})).isFalse();
  }

  @Test
  void decrypt_absurdIterationCount_isRefusedNamingCountAndCap() {
    KeyException e = decrypt(info(SALT + "02047fffffff", DES_EDE3, IV8));

    assertThat(e.problem()).isEqualTo(Problem.UNSUPPORTED);
    assertThat(e.getMessage()).contains("2147483647").contains("at most 600000");
    assertThat(e.fix()).contains("-iter");
  }

  @Test
  void decrypt_oneIterationOverTheCap_isRefused() {
    KeyException e = decrypt(info(SALT + "02030927c1", DES_EDE3, IV8)); // 600,001

    assertThat(e.problem()).isEqualTo(Problem.UNSUPPORTED);
  }

  @Test
  void iterations_atTheCap_areAccepted_andCountedWherePbkdf2AndMacDataPutThem() {
    assertThat(PbeIterations.total(info(SALT + "02030927c0", DES_EDE3, IV8))).isEqualTo(600_000);
    PbeIterations.check(info(SALT + "02030927c0", DES_EDE3, IV8), "encrypted key", "test key");
    // MacData: SEQUENCE { DigestInfo, OCTET STRING salt, INTEGER iterations }.
    String macData =
        seq(seq(seq("06052b0e03021a", "0500"), tlv(0x04, "00".repeat(20))), SALT, "020207d0");
    assertThat(PbeIterations.total(HEX.parseHex(macData))).isEqualTo(2000);
  }

  @Test
  void iterations_hiddenInBerIndefiniteLengthsOrConstructedOctets_areStillCounted() {
    // SEQUENCE (indefinite) { OCTET STRING (constructed, indefinite) { salt halves }, INTEGER }
    String ber =
        "3080" + "2480" + "0404aabbccdd" + "0404eeff0011" + "0000" + "02047fffffff" + "0000";
    // An OCTET STRING holding DER that holds the parameters.
    String nested = tlv(0x04, seq(SALT, "02047fffffff"));

    assertThat(PbeIterations.total(HEX.parseHex(ber))).isEqualTo(Integer.MAX_VALUE);
    assertThat(PbeIterations.total(HEX.parseHex(nested))).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void decrypt_emptySalt_isMalformed() {
    KeyException e = decrypt(info("0400" + "02020800", DES_EDE3, IV8));

    assertThat(e.problem()).isEqualTo(Problem.MALFORMED);
    assertThat(e.getMessage()).contains("salt");
  }

  @Test
  void decrypt_unknownCipher_isUnsupportedNamingIt() {
    KeyException e = decrypt(info(SALT + "02020800", "06082a864886f70d0309", IV8));

    assertThat(e.problem()).isEqualTo(Problem.UNSUPPORTED);
    assertThat(e.getMessage()).contains("1.2.840.113549.3.9");
  }

  @Test
  void decrypt_unknownPrf_isUnsupported() {
    String prf = seq("06082a864886f70d020d", "0500"); // hmacWithSHA512-256
    KeyException e = decrypt(info(SALT + "02020800" + prf, DES_EDE3, IV8));

    assertThat(e.problem()).isEqualTo(Problem.UNSUPPORTED);
  }

  @Test
  void decrypt_ivOfWrongLength_isMalformed() {
    assertThat(decrypt(info(SALT + "02020800", DES_EDE3, "0404aabbccdd")).problem())
        .isEqualTo(Problem.MALFORMED);
  }

  @Test
  void decrypt_keyLengthNotMatchingCipher_isMalformed() {
    assertThat(decrypt(info(SALT + "02020800" + "020110", DES_EDE3, IV8)).problem())
        .isEqualTo(Problem.MALFORMED);
  }

  @Test
  void decrypt_truncatedOrLyingLengths_areMalformed() {
    byte[] good = info(SALT + "02020800", DES_EDE3, IV8);
    byte[] truncated = java.util.Arrays.copyOf(good, good.length - 5);
    byte[] lying = good.clone();
    lying[1] = (byte) 0x7f; // claims more than there is

    assertThat(decrypt(truncated).problem()).isEqualTo(Problem.MALFORMED);
    assertThat(decrypt(lying).problem()).isEqualTo(Problem.MALFORMED);
  }

  @Test
  void decrypt_garbageCiphertext_isWrongPassphrase() {
    KeyException e = decrypt(info(SALT + "02020800", DES_EDE3, IV8));

    assertThat(e.problem()).isEqualTo(Problem.WRONG_PASSPHRASE);
    assertThat(e.getMessage()).doesNotContain("passphrase".repeat(1) + "\"");
  }

  @Test
  void derReader_readsOidsOfEveryArcSize() {
    DerReader.Reader r = new DerReader.Reader(HEX.parseHex(PBES2 + "0609608648016503040102"));

    assertThat(r.oid()).isEqualTo("1.2.840.113549.1.5.13");
    assertThat(r.oid()).isEqualTo("2.16.840.1.101.3.4.1.2");
    assertThat(r.hasMore()).isFalse();
  }

  @Test
  void derReader_refusesWrongTagsAndOverlongLengths() {
    assertThatThrownBy(() -> new DerReader.Reader(HEX.parseHex("0400")).oid())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DerReader.Reader(HEX.parseHex("0484ffffffff")).octets())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DerReader.Reader(HEX.parseHex("0405aabb")).octets())
        .isInstanceOf(IllegalArgumentException.class);
  }
}
