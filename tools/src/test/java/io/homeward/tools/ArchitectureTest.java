package io.homeward.tools;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The tools use the services as libraries (the engine, the projection, the indexes), never as
 * running services from the inside; the measuring code knows no command line and no transport.
 */
class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.homeward.tools");

  @Test
  void theToolsNeverReachIntoAServicesTransportOrContainer() {
    noClasses()
        .that()
        .resideInAPackage("io.homeward.tools..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.homeward.embedder.grpc..",
            "io.homeward.embedder.config..",
            "io.homeward.search.grpc..",
            "io.homeward.search.config..",
            "io.quarkus..")
        .because("a tool runs on the plain classpath: no service starts, no port opens")
        .check(CLASSES);
  }

  @Test
  void protoTypesOnlyInTheSearchServiceClientOfTheCommandLine() {
    // eval --through-service talks to a running search service over gRPC (cli.ServiceEvaluation).
    noClasses()
        .that()
        .resideOutsideOfPackage("io.homeward.tools.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.homeward.proto..", "io.grpc..")
        .check(CLASSES);
  }

  @Test
  void theMeasuresKnowNoCommandLine() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.homeward.tools.eval..", "io.homeward.tools.age..", "io.homeward.tools.fit..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.homeward.tools.cli..",
            "io.homeward.tools.bench..",
            "picocli..",
            "io.homeward.embedder.pipeline..",
            "io.homeward.embedder.inference..")
        .because("metrics and fitting work on vectors and labels, whoever produced them")
        .check(CLASSES);
  }

  @Test
  void theSearchBenchmarkNeedsNoEmbedder() {
    noClasses()
        .that()
        .resideInAPackage("io.homeward.tools.bench..")
        .and()
        .doNotHaveSimpleName("FaceVectors")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.homeward.embedder..", "io.homeward.tools.cli..")
        .because(
            "it measures the indexes on generated vectors; only FaceVectors embeds the real faces"
                + " whose distribution they are drawn from")
        .check(CLASSES);
  }

  @Test
  void milvusOnlyThroughTheSearchServicesStore() {
    noClasses()
        .that()
        .resideInAPackage("io.homeward.tools..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.milvus..")
        .because("the benchmark measures the store the service runs, not its own Milvus code")
        .check(CLASSES);
  }
}
