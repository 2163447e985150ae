package dev.boxauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxauth.BoxAuth;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The README's Java blocks are this module's sources: each block equals the region of the same
 * name, character for character, and every region is shown. The examples themselves run in the
 * other tests of this module.
 */
class ReadmeSnippetsTest {
  private static final Path SOURCES = Path.of("src", "test", "java");

  /** The READMEs that may hold Java blocks, from the repository's root. */
  private static final List<String> READMES =
      List.of("README.md", "auth-cli/README.md", "adapter-keystore/README.md");

  /**
   * The modules whose tests hold README regions: this one, and the Spring Boot starter's (its
   * snippets need Spring's class path, which only that module has).
   */
  private static final List<String> MODULES = List.of("examples", "auth-spring-boot-starter");

  private static Map<String, Snippets.Snippet> regions() {
    Map<String, Snippets.Snippet> regions = new TreeMap<>();
    for (String module : MODULES) {
      Snippets.regions(Snippets.root().resolve(module).resolve(SOURCES))
          .forEach(
              (name, region) -> {
                if (regions.put(name, region) != null) {
                  throw new AssertionError("two regions named '" + name + "' in " + MODULES);
                }
              });
    }
    return regions;
  }

  private static List<Snippets.Snippet> readmeBlocks() throws IOException {
    List<Snippets.Snippet> blocks = new ArrayList<>();
    for (String readme : READMES) {
      Path file = Snippets.root().resolve(readme);
      blocks.addAll(Snippets.readmeBlocks(Files.readString(file), readme));
    }
    return blocks;
  }

  @Test
  void readme_everyJavaBlock_equalsTheRegionOfItsName() throws IOException {
    Map<String, Snippets.Snippet> regions = regions();
    List<String> problems = new ArrayList<>();
    for (Snippets.Snippet block : readmeBlocks()) {
      if (block.name() == null) {
        problems.add(block.where() + ": a Java block without <!-- snippet: NAME --> above it");
        continue;
      }
      Snippets.Snippet region = regions.get(block.name());
      if (region == null) {
        problems.add(block.where() + ": no region '// README: " + block.name() + "' in " + MODULES);
        continue;
      }
      String difference = Snippets.firstDifference(block, region);
      if (difference != null) {
        problems.add(difference);
      }
    }
    assertThat(problems).as("README Java blocks vs the src/test/java of " + MODULES).isEmpty();
  }

  @Test
  void examples_everyRegion_isShownInAReadme() throws IOException {
    Set<String> shown = new TreeSet<>();
    readmeBlocks().stream().filter(b -> b.name() != null).forEach(b -> shown.add(b.name()));

    assertThat(regions().keySet()).isSubsetOf(shown);
    assertThat(regions()).hasSizeGreaterThanOrEqualTo(10);
  }

  @Test
  void firstDifference_oneCharacterChanged_namesTheLine() throws IOException {
    Snippets.Snippet block =
        readmeBlocks().stream().filter(b -> "quick-start".equals(b.name())).findFirst().get();
    Snippets.Snippet region = regions().get("quick-start");
    Snippets.Snippet drifted =
        new Snippets.Snippet(
            block.name(), block.text().replaceFirst("token\\(\\)", "token( )"), block.where());

    assertThat(Snippets.firstDifference(block, region)).isNull();
    assertThat(Snippets.firstDifference(drifted, region))
        .contains("snippet 'quick-start', its line")
        .contains("token( )");
  }

  @Test
  void shown_dropsBuildOnlyLinesAndCommonIndentation() {
    String shown =
        Snippets.shown(
            List.of(
                "    BoxAuth auth = BoxAuth.builder()",
                "        .baseUrl(emulator.baseUrl()) // build only",
                "        .build();"));

    assertThat(shown).isEqualTo("BoxAuth auth = BoxAuth.builder()\n    .build();\n");
  }

  @Test
  void readme_namesEveryMethodOfTheBuilder() throws IOException {
    String readme = Files.readString(Snippets.root().resolve("README.md"));
    List<String> methods =
        Arrays.stream(BoxAuth.Builder.class.getDeclaredMethods())
            .filter(m -> Modifier.isPublic(m.getModifiers()))
            .map(Method::getName)
            .distinct()
            .toList();

    assertThat(methods).hasSizeGreaterThanOrEqualTo(16);
    assertThat(methods).allSatisfy(m -> assertThat(readme).contains("." + m + "("));
  }
}
