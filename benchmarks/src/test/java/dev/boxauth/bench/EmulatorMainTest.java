package dev.boxauth.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmulatorMainTest {
  @Test
  void query_encodedPairs_areDecoded() {
    assertThat(EmulatorMain.query("seconds=-120&client=box-sdk&scenario=a%20b&flag"))
        .containsEntry("seconds", "-120")
        .containsEntry("client", "box-sdk")
        .containsEntry("scenario", "a b")
        .containsEntry("flag", "");
  }

  @Test
  void query_none_isEmpty() {
    assertThat(EmulatorMain.query(null)).isEmpty();
    assertThat(EmulatorMain.query("")).isEmpty();
  }
}
