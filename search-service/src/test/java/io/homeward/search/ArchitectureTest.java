package io.homeward.search;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the layering that STYLE.md asks for. */
class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.homeward.search");

  @Test
  void onlyTheMilvusStoreUsesTheMilvusSdk() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.homeward.search.store.milvus..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.milvus..")
        .check(CLASSES);
  }

  @Test
  void theServiceImportsNoTool() {
    noClasses()
        .that()
        .resideInAPackage("io.homeward.search..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.homeward.tools..", "picocli..")
        .because("the service ships only its runtime: the benchmark lives in the tools module")
        .check(CLASSES);
  }

  @Test
  void onlyTheLuceneStoreUsesLucene() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.homeward.search.store.lucene..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.lucene..")
        .check(CLASSES);
  }

  @Test
  void protoTypesStayInTheTransport() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.homeward.search.grpc..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.homeward.proto..")
        .check(CLASSES);
    // The Milvus store speaks gRPC to Milvus through the SDK and reads its status codes; nothing
    // else may.
    noClasses()
        .that()
        .resideOutsideOfPackages("io.homeward.search.grpc..", "io.homeward.search.store.milvus..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.grpc..")
        .check(CLASSES);
  }

  @Test
  void theApplicationKnowsNoStoreAndNoTransport() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.homeward.search.search..",
            "io.homeward.search.ranking..",
            "io.homeward.search.domain..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.homeward.search.store..",
            "io.homeward.search.grpc..",
            "io.quarkus..",
            "io.milvus..")
        .check(CLASSES);
  }
}
