package dev.boxauth.spring;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Spring stays at the edge: the starter's package is the only one of boxauth's that knows Spring,
 * and nothing of boxauth knows the starter. (The reactor-wide rules are in integration-tests; this
 * module's class path is where every boxauth module and Spring meet.)
 */
class SpringDependencyRuleTest {
  private static final String SPRING_STARTER = "dev.boxauth.spring..";
  private static JavaClasses main;

  @BeforeAll
  static void importMainCode() {
    main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("dev.boxauth");
  }

  @Test
  void importedTheStarterAndTheModulesItAssembles() {
    assertThat(main.contain("dev.boxauth.spring.BoxAuthAutoConfiguration")).isTrue();
    assertThat(main.contain("dev.boxauth.BoxAuth")).isTrue();
    assertThat(main.contain("dev.boxauth.redis.RedisTokenStoreModule")).isTrue();
  }

  @Test
  void onlyTheStarter_knowsSpring() {
    noClasses()
        .that()
        .resideOutsideOfPackage(SPRING_STARTER)
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.springframework..")
        .check(main);
  }

  @Test
  void nothingOfBoxauth_knowsTheStarter() {
    noClasses()
        .that()
        .resideOutsideOfPackage(SPRING_STARTER)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(SPRING_STARTER)
        .check(main);
  }

  @Test
  void theStarter_assemblesBoxauthWithSpringAndNothingElse() {
    classes()
        .that()
        .resideInAPackage(SPRING_STARTER)
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "dev.boxauth..",
            "java..",
            "javax.net.ssl..",
            "org.springframework..",
            "com.google.inject..",
            "com.google.crypto.tink..",
            "com.box.sdk..",
            "io.micrometer..",
            "okhttp3..")
        .check(main);
  }
}
