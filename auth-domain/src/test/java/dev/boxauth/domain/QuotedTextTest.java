package dev.boxauth.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QuotedTextTest {

  @Test
  void of_plainText_isUnchanged() {
    assertThat(QuotedText.of("Please check the 'sub' claim. Ünïcode ✓"))
        .isEqualTo("Please check the 'sub' claim. Ünïcode ✓");
  }

  @Test
  void of_newline_isEscapedSoNoSecondLogLineCanBeForged() {
    assertThat(QuotedText.of("1\nERROR forged")).isEqualTo("1\\nERROR forged");
  }

  @Test
  void of_otherControlAndInvisibleCharacters_areUnicodeEscapes() {
    assertThat(QuotedText.of("a\rb\tc\u0000d\u007fe\u0085f\u2028g\u202eh\u200bi"))
        .isEqualTo("a\\u000db\\u0009c\\u0000d\\u007fe\\u0085f\\u2028g\\u202eh\\u200bi");
  }

  @Test
  void of_loneSurrogates_areEscaped_pairsKept() {
    assertThat(QuotedText.of("x\ud800y\udc00z")).isEqualTo("x\\ud800y\\udc00z");
    assertThat(QuotedText.of("emoji \ud83d\ude00")).isEqualTo("emoji \ud83d\ude00");
  }

  @Test
  void of_longText_isCutWithAnEllipsis_neverInsideAnEscapeOrAPair() {
    assertThat(QuotedText.of("a".repeat(500))).isEqualTo("a".repeat(200) + "...");
    assertThat(QuotedText.of("abcd\n", 5)).isEqualTo("abcd...");
    assertThat(QuotedText.of("abcd\ud83d\ude00", 5)).isEqualTo("abcd...");
    assertThat(QuotedText.of("abcde", 5)).isEqualTo("abcde");
  }

  @Test
  void of_null_isEmpty_andACapBelowOneIsMisuse() {
    assertThat(QuotedText.of(null)).isEmpty();
    assertThatThrownBy(() -> QuotedText.of("x", 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void boxId_withAForgedLogLine_isNotQuotedAtAll() {
    assertThatThrownBy(() -> new EnterpriseId("1\nERROR forged"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("enterpriseId must be a Box id made of digits")
        .hasMessageNotContaining("\n")
        .hasMessageNotContaining("forged");
  }

  @Test
  void boxErrorDescription_withControlCharacters_isQuotedOnOneLine() {
    AuthException e =
        BoxErrors.classify(400, "invalid_grant", "bad\r\nX-Forged: 1", java.time.Duration.ZERO);

    assertThat(e.getMessage()).contains("bad\\u000d\\nX-Forged: 1").doesNotContain("\n");
  }

  @Test
  void ofReply_hidesTokenShapedRuns_keepsBoxsSentences() {
    assertThat(
            QuotedText.ofReply("Please check the 'jti' claim. A unique 'jti' value is required."))
        .isEqualTo("Please check the 'jti' claim. A unique 'jti' value is required.");
    assertThat(QuotedText.ofReply("bad tokenValue8f7a1c2b3d4e5f60 here, fifteen_chars_x ok"))
        .isEqualTo("bad [...] here, fifteen_chars_x ok");
  }

  @Test
  void boxDescription_holdingATokenShapedValue_isNotQuoted() {
    AuthException e =
        BoxErrors.classify(
            400,
            "invalid_grant",
            "x\"access_token\":\"tokenValue8f7a1c2b3d4e5f60\"",
            java.time.Duration.ZERO);

    assertThat(e.getMessage()).doesNotContain("8f7a1c2b3d4e5f60").contains("[...]");
  }

  @Test
  void retryAfter_ofControlCharactersOnly_isZeroNotANumberFormatException() {
    assertThat(BoxErrors.parseRetryAfter("\u0001", java.time.Instant.EPOCH))
        .isEqualTo(java.time.Duration.ZERO);
  }
}
