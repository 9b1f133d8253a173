package io.homeward.embedder;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** Keeps the layering that STYLE.md asks for. */
class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.homeward.embedder");

  private static final ArchRule onlyInferenceImportsDjl =
      noClasses()
          .that()
          .resideOutsideOfPackage("io.homeward.embedder.inference..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("ai.djl..", "ai.onnxruntime..")
          .because("DJL and ONNX Runtime stay behind the inference package");

  private static final ArchRule protoTypesStayInTheTransport =
      noClasses()
          .that()
          .resideOutsideOfPackage("io.homeward.embedder.grpc..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.homeward.proto..", "io.grpc..")
          .because("proto types never leave the transport layer");

  private static final ArchRule domainDependsOnNothingOfOurs =
      noClasses()
          .that()
          .resideInAPackage("io.homeward.embedder.domain..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.homeward.embedder.pipeline..",
              "io.homeward.embedder.grpc..",
              "io.homeward.embedder.inference..",
              "org.bytedeco..");

  private static final ArchRule pipelineKnowsNoTransport =
      noClasses()
          .that()
          .resideInAnyPackage("io.homeward.embedder.pipeline..", "io.homeward.embedder.image..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.homeward.embedder.grpc..", "io.homeward.embedder.config..", "io.quarkus..");

  private static final ArchRule noToolsInTheService =
      noClasses()
          .that()
          .resideInAPackage("io.homeward.embedder..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.homeward.tools..", "picocli..", "org.knowm.xchart..")
          .because(
              "the service ships only its runtime: evaluation, benchmarks and fitting live in the"
                  + " tools module, with their command line and plotting libraries");

  @Test
  void onlyTheInferencePackageUsesDjl() {
    onlyInferenceImportsDjl.check(CLASSES);
  }

  @Test
  void protoTypesStayInTheTransport() {
    protoTypesStayInTheTransport.check(CLASSES);
  }

  @Test
  void theDomainDependsOnNothingOfOurs() {
    domainDependsOnNothingOfOurs.check(CLASSES);
  }

  @Test
  void thePipelineKnowsNoTransport() {
    pipelineKnowsNoTransport.check(CLASSES);
  }

  @Test
  void theServiceImportsNoTool() {
    noToolsInTheService.check(CLASSES);
  }
}
