package dev.boxauth.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * QuotedText's rule over many random texts drawn from every part of UTF-16 (controls, separators,
 * format characters, lone and paired surrogates), from a fixed seed so that a failure repeats.
 */
class QuotedTextRandomTest {
  private static final int TEXTS = 20_000;

  private static String randomText(SplittableRandom random) {
    int length = random.nextInt(random.nextInt(8) == 0 ? 600 : 40);
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(
          switch (random.nextInt(6)) {
            case 0 -> (char) random.nextInt(0x20); // C0 controls
            case 1 -> (char) (0x7f + random.nextInt(0x21)); // DEL and C1
            case 2 -> "\u2028\u2029\u200b\u200e\u202e\u2066\ufeff".charAt(random.nextInt(7));
            case 3 -> (char) (0xd800 + random.nextInt(0x800)); // surrogates, often unpaired
            default -> (char) (0x20 + random.nextInt(0x2000)); // mostly printable
          });
    }
    return b.toString();
  }

  private static boolean isUnsafe(int c) {
    int type = Character.getType(c);
    return Character.isISOControl(c)
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.FORMAT
        || type == Character.SURROGATE;
  }

  @Test
  void of_anyText_hasNoControlSeparatorFormatOrLoneSurrogate_andRespectsTheCap() {
    SplittableRandom random = new SplittableRandom(12);
    for (int n = 0; n < TEXTS; n++) {
      String text = randomText(random);
      int max = 1 + random.nextInt(300);

      String quoted = QuotedText.of(text, max);

      assertThat(quoted.codePoints().filter(QuotedTextRandomTest::isUnsafe).count())
          .as("unsafe characters left in %s", quoted)
          .isZero();
      assertThat(quoted.length()).as(quoted).isLessThanOrEqualTo(max + 3);
      boolean plain = text.codePoints().noneMatch(QuotedTextRandomTest::isUnsafe);
      if (plain && text.length() <= max) {
        assertThat(quoted).isEqualTo(text);
      }
    }
  }
}
