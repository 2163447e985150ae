package dev.boxauth.boxsdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * auth-bom has no parent (importing it must not import the reactor's test pins), so its versions
 * are written twice: here they are held to the parent's.
 */
class AuthBomTest {
  private static final Path ROOT = Path.of("..");
  private static final List<String> NOT_SHIPPED =
      List.of("integration-tests", "benchmarks", "examples", "auth-bom");

  private static Document read(Path pom) throws Exception {
    assertThat(pom).exists();
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
  }

  private static String text(Element parent, String tag) {
    NodeList nodes = parent.getElementsByTagName(tag);
    return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
  }

  /** groupId:artifactId[:type] to version, from a pom's dependencyManagement. */
  private static Map<String, String> managed(Document pom) {
    Map<String, String> out = new TreeMap<>();
    Element management = (Element) pom.getElementsByTagName("dependencyManagement").item(0);
    NodeList deps = management.getElementsByTagName("dependency");
    for (int i = 0; i < deps.getLength(); i++) {
      Element d = (Element) deps.item(i);
      String type = text(d, "type");
      String key =
          text(d, "groupId") + ":" + text(d, "artifactId") + (type == null ? "" : ":" + type);
      out.put(key, text(d, "version"));
    }
    return out;
  }

  private static String resolve(Document pom, String value) {
    if (value != null && value.startsWith("${") && value.endsWith("}")) {
      String name = value.substring(2, value.length() - 1);
      if (name.equals("project.version")) {
        return text(pom.getDocumentElement(), "version");
      }
      Element properties = (Element) pom.getElementsByTagName("properties").item(0);
      return text(properties, name);
    }
    return value;
  }

  @Test
  void bom_pinsWhatTheParentPinsAndEveryShippedModuleAtTheReactorsVersion() throws Exception {
    Document parent = read(ROOT.resolve("pom.xml"));
    Document bom = read(ROOT.resolve("auth-bom/pom.xml"));
    Map<String, String> parentManaged = managed(parent);
    Map<String, String> bomManaged = managed(bom);
    String reactorVersion = text(parent.getDocumentElement(), "version");

    assertThat(text(bom.getDocumentElement(), "version")).isEqualTo(reactorVersion);
    for (String pin :
        List.of(
            "com.squareup.okio:okio-jvm",
            "com.squareup.okio:okio",
            "org.jetbrains.kotlin:kotlin-stdlib")) {
      assertThat(resolve(bom, bomManaged.get(pin)))
          .as(pin)
          .isEqualTo(resolve(parent, parentManaged.get(pin)));
    }
    assertThat(resolve(bom, bomManaged.get("com.squareup.okhttp3:okhttp-jvm")))
        .isEqualTo(resolve(parent, parentManaged.get("com.squareup.okhttp3:okhttp-bom:pom")));

    List<String> shipped = new ArrayList<>();
    NodeList modules = parent.getElementsByTagName("module");
    for (int i = 0; i < modules.getLength(); i++) {
      String module = modules.item(i).getTextContent().trim();
      if (!NOT_SHIPPED.contains(module)) {
        shipped.add(module);
      }
    }
    assertThat(shipped).contains("auth-starter", "adapter-box-sdk");
    for (String module : shipped) {
      assertThat(Files.exists(ROOT.resolve(module).resolve("pom.xml"))).isTrue();
      assertThat(resolve(bom, bomManaged.get("dev.boxauth:" + module)))
          .as(module)
          .isEqualTo(reactorVersion);
    }
  }
}
