package dev.boxauth.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hexagon's dependency rule over every shipped module's main code: dependencies point inward
 * (adapters → ports → domain), the core imports no framework, adapters don't know each other. The
 * starter ({@code dev.boxauth}, classes directly in the root package) is the one place that may
 * assemble adapters; nothing it assembles may know it.
 */
class DependencyRuleTest {
  private static final String DOMAIN = "dev.boxauth.domain..";
  private static final String PORTS = "dev.boxauth.port..";
  private static final String SERVICES = "dev.boxauth.service..";

  /** The starter: classes directly in the root package, not its subpackages. */
  private static final String STARTER = "dev.boxauth";

  private static final String TESTKIT = "dev.boxauth.testkit..";

  /**
   * The Box SDK bridge: a driving adapter on TokenSource that reuses adapter-http's interceptor.
   */
  private static final String BOX_SDK = "dev.boxauth.boxsdk..";

  /** Micrometer meters: a driven adapter on the TokenListener port. */
  private static final String MICROMETER = "dev.boxauth.micrometer..";

  private static final List<String> ADAPTERS =
      List.of(
          "dev.boxauth.keystore..",
          "dev.boxauth.http..",
          "dev.boxauth.ccg..",
          "dev.boxauth.redis..",
          BOX_SDK,
          MICROMETER);
  private static final String[] FRAMEWORKS = {
    "com.google.inject..", "retrofit2..", "okhttp3..", "okio..", "com.squareup.moshi..",
    "com.google.crypto.tink..", "org.bouncycastle..", "io.lettuce..", "org.slf4j..", "picocli..",
    "io.micrometer..", "org.springframework.."
  };

  private static JavaClasses main;

  @BeforeAll
  static void importMainCode() {
    main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // The auth-ports test-jar (contract suites, fixtures) is test code too.
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("dev.boxauth");
  }

  @Test
  void importedEveryLayer() {
    // Guards against a vacuous pass if the importer finds nothing.
    assertThat(main.containPackage("dev.boxauth.domain")).isTrue();
    assertThat(main.containPackage("dev.boxauth.service")).isTrue();
    assertThat(main.contain("dev.boxauth.BoxAuth")).isTrue();
    assertThat(main.contain("dev.boxauth.http.HttpTransportModule")).isTrue();
    assertThat(main.contain("dev.boxauth.boxsdk.BoxAuthAPIConnection")).isTrue();
    assertThat(main.contain("dev.boxauth.micrometer.BoxAuthMetrics")).isTrue();
    assertThat(main.containPackage("dev.boxauth.testing"))
        .as("test fixtures are not main code")
        .isFalse();
  }

  @Test
  void domain_dependsOnJdkOnly() {
    classes()
        .that()
        .resideInAPackage(DOMAIN)
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(DOMAIN, "java..")
        .check(main);
  }

  @Test
  void portsAndServices_dependOnDomainJdkAndJakartaInjectOnly() {
    classes()
        .that()
        .resideInAnyPackage(PORTS, SERVICES)
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(DOMAIN, PORTS, SERVICES, "java..", "jakarta.inject..")
        .check(main);
  }

  @Test
  void core_importsNoFramework() {
    noClasses()
        .that()
        .resideInAnyPackage(DOMAIN, PORTS, SERVICES)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(FRAMEWORKS)
        .check(main);
  }

  @Test
  void core_doesNotKnowAdapters() {
    noClasses()
        .that()
        .resideInAnyPackage(DOMAIN, PORTS, SERVICES)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(ADAPTERS.toArray(String[]::new))
        .allowEmptyShould(true)
        .check(main);
  }

  @Test
  void adapters_doNotImportEachOther() {
    for (String adapter : ADAPTERS) {
      String[] others =
          ADAPTERS.stream()
              .filter(a -> !a.equals(adapter))
              // The one allowed edge: the SDK bridge authorizes requests with BoxAuthInterceptor.
              .filter(a -> !(adapter.equals(BOX_SDK) && a.equals("dev.boxauth.http..")))
              .toArray(String[]::new);
      noClasses()
          .that()
          .resideInAPackage(adapter)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(others)
          .allowEmptyShould(true)
          .check(main);
    }
  }

  @Test
  void coreAdaptersAndTestkit_doNotImportTheStarter() {
    List<String> inner = new ArrayList<>(List.of(DOMAIN, PORTS, SERVICES, TESTKIT));
    inner.addAll(ADAPTERS);
    noClasses()
        .that()
        .resideInAnyPackage(inner.toArray(String[]::new))
        .should()
        .dependOnClassesThat()
        .resideInAPackage(STARTER)
        .check(main);
  }

  @Test
  void starter_assemblesAdaptersAndDependsOnNothingElseOfOurs() {
    List<String> allowed =
        new ArrayList<>(
            List.of(
                STARTER,
                DOMAIN,
                PORTS,
                SERVICES,
                "java..",
                "jakarta.inject..",
                "com.google.inject..",
                "org.slf4j..",
                "okhttp3.."));
    allowed.addAll(ADAPTERS);
    classes()
        .that()
        .resideInAPackage(STARTER)
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(allowed.toArray(String[]::new))
        .check(main);
  }

  @Test
  void boxSdkBridge_dependsOnPortsHttpOkHttpAndTheSdkOnly() {
    classes()
        .that()
        .resideInAPackage(BOX_SDK)
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            BOX_SDK, DOMAIN, PORTS, "dev.boxauth.http..", "java..", "okhttp3..", "com.box.sdk..")
        .check(main);
  }

  @Test
  void micrometerMetrics_dependOnPortsServicesAndMicrometerOnly() {
    classes()
        .that()
        .resideInAPackage(MICROMETER)
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(MICROMETER, DOMAIN, PORTS, SERVICES, "java..", "io.micrometer..")
        .check(main);
  }

  @Test
  void testkit_dependsOnNoPortServiceOrAdapter() {
    noClasses()
        .that()
        .resideInAPackage("dev.boxauth.testkit..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            PORTS,
            SERVICES,
            "dev.boxauth.keystore..",
            "dev.boxauth.http..",
            "dev.boxauth.ccg..",
            "dev.boxauth.redis..")
        .allowEmptyShould(true)
        .check(main);
  }

  @Test
  void nothingShipsBouncyCastle() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.bouncycastle..")
        .allowEmptyShould(true)
        .check(main);
  }
}
