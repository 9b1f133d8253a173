package io.homeward.support;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Shared by every service, so it must stay free of any service's business. */
class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.homeward.support");

  @Test
  void knowsNoServiceAndNoMessageOfOurs() {
    noClasses()
        .that()
        .resideInAPackage("io.homeward.support..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.homeward.embedder..",
            "io.homeward.search..",
            "io.homeward.gateway..",
            "io.homeward.tools..",
            "io.homeward.proto..",
            "io.homeward.models..")
        .because("the support module holds plumbing, never a service's rules or messages")
        .check(CLASSES);
  }
}
