package dev.boxauth.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The README's Java blocks and the regions of this module's sources they must equal.
 *
 * <p>A README block is named by the HTML comment right above it, {@code <!-- snippet: NAME -->}. A
 * source region runs from a line {@code // README: NAME} to a line {@code // README: end}; its
 * lines ending in {@code // build only} (pointing the snippet at the emulator, or handing it a test
 * double) are left out of the comparison, and so is the region's common indentation.
 */
final class Snippets {
  static final String BUILD_ONLY = "// build only";

  private static final Pattern README_BLOCK =
      Pattern.compile("(?:<!-- snippet: ([a-z0-9-]+) -->\\n)?```java\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern REGION_START = Pattern.compile("\\s*// README: ([a-z0-9-]+)\\s*");
  private static final String REGION_END = "// README: end";

  private Snippets() {}

  /** A named piece of text and where it came from. */
  record Snippet(String name, String text, String where) {}

  /** The repository's root, as the build passes it. */
  static Path root() {
    return Path.of(System.getProperty("boxauth.root", "..")).toAbsolutePath().normalize();
  }

  /** Every Java block of {@code markdown}, in order; an unnamed one has a null name. */
  static List<Snippet> readmeBlocks(String markdown, String where) {
    List<Snippet> blocks = new ArrayList<>();
    Matcher m = README_BLOCK.matcher(markdown);
    while (m.find()) {
      int line = (int) markdown.substring(0, m.start()).lines().count() + 1;
      blocks.add(new Snippet(m.group(1), m.group(2), where + ":" + line));
    }
    return blocks;
  }

  /** Every region of the Java sources under {@code dir}, by name. */
  static Map<String, Snippet> regions(Path dir) {
    Map<String, Snippet> regions = new LinkedHashMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
          Matcher start = REGION_START.matcher(lines.get(i));
          if (!start.matches() || start.group(1).equals("end")) {
            continue;
          }
          int end = i + 1;
          while (end < lines.size() && !lines.get(end).strip().equals(REGION_END)) {
            end++;
          }
          if (end == lines.size()) {
            throw new IllegalStateException(file + ":" + (i + 1) + ": no '" + REGION_END + "'");
          }
          String name = start.group(1);
          Snippet region =
              new Snippet(
                  name, shown(lines.subList(i + 1, end)), file.getFileName() + ":" + (i + 2));
          if (regions.put(name, region) != null) {
            throw new IllegalStateException("two regions named " + name);
          }
          i = end;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return regions;
  }

  /** The region as the README shows it: no build-only lines, no common indentation. */
  static String shown(List<String> lines) {
    List<String> kept =
        lines.stream().filter(l -> !l.stripTrailing().endsWith(BUILD_ONLY)).toList();
    int indent =
        kept.stream()
            .filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length())
            .min()
            .orElse(0);
    StringBuilder text = new StringBuilder();
    for (String line : kept) {
      text.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
    }
    return text.toString();
  }

  /**
   * Where {@code readme} and {@code source} first differ, as a message naming both places and both
   * lines; null if they are equal.
   */
  static String firstDifference(Snippet readme, Snippet source) {
    List<String> a = readme.text().lines().toList();
    List<String> b = source.text().lines().toList();
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      String x = i < a.size() ? a.get(i) : "(no line)";
      String y = i < b.size() ? b.get(i) : "(no line)";
      if (!x.equals(y)) {
        return String.format(
            "snippet '%s', its line %d:%n  README  %s: %s%n  source  %s: %s",
            readme.name(), i + 1, readme.where(), x, source.where(), y);
      }
    }
    return readme.text().equals(source.text()) ? null : "snippet '" + readme.name() + "' differs";
  }
}
