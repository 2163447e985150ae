package dev.boxauth.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonLineTest {
  @Test
  void toString_anyValues_parsesBackAsTheSameObject() throws IOException {
    String line =
        JsonLine.of("boxauth", "odd \"name\"\\ with\nnewline\u0001")
            .put("n", 3)
            .put("x", 1.5)
            .put("ok", true)
            .put("list", List.of(1L, 2L))
            .put("nan", Double.NaN)
            .put("none", null)
            .toString();

    Object parsed = new Moshi.Builder().build().adapter(Object.class).fromJson(line);

    assertThat(line).doesNotContain("\n");
    assertThat(parsed)
        .isInstanceOfSatisfying(
            Map.class,
            m -> {
              assertThat(m.get("scenario")).isEqualTo("odd \"name\"\\ with\nnewline\u0001");
              assertThat(m.get("n")).isEqualTo(3.0);
              assertThat(m.get("ok")).isEqualTo(true);
              assertThat(m.get("list")).isEqualTo(List.of(1.0, 2.0));
              assertThat(m.get("nan")).isNull();
              assertThat(m.containsKey("none")).isTrue();
            });
  }
}
