package io.homeward.gateway;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Keeps the gateway organised by use case: a request walks down the floors (REST, use cases,
 * workers, rules, infrastructure) and never back up, and one use case never reaches into another.
 */
class ArchitectureTest {
  private static final String G = "io.homeward.gateway.";
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.homeward.gateway");

  @Test
  void requestsWalkDownTheFloors() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("Rest")
        .definedBy(G + "rest..", G + "auth..", G + "web..")
        .layer("UseCases")
        .definedBy(
            G + "cases..",
            G + "enrolment..",
            G + "search..",
            G + "review..",
            G + "oversight..",
            G + "accounts..",
            G + "reconfirmation..",
            G + "accessrequests..",
            G + "referral..",
            G + "imports..",
            G + "posters..",
            G + "organisations..",
            G + "models..")
        .layer("Workers")
        .definedBy(G + "outbox..", G + "retention..", G + "registration..")
        .layer("Rules")
        .definedBy(G + "access..", G + "policy..", G + "audit..")
        .layer("Infrastructure")
        .definedBy(
            G + "store..",
            G + "client..",
            G + "images..",
            G + "security..",
            G + "db..",
            G + "domain..",
            G + "error..",
            G + "telemetry..")
        .layer("Wiring")
        .definedBy(G + "config..")
        .layer("Commands")
        .definedBy(G + "cli..")
        .whereLayer("Rest")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("UseCases")
        .mayOnlyBeAccessedByLayers("Rest")
        .whereLayer("Workers")
        .mayOnlyBeAccessedByLayers("Rest", "UseCases")
        .whereLayer("Rules")
        .mayOnlyBeAccessedByLayers("Rest", "UseCases", "Workers", "Wiring", "Commands")
        .whereLayer("Commands")
        .mayNotBeAccessedByAnyLayer()
        .check(CLASSES);
  }

  @Test
  void noUseCaseReachesIntoAnother() {
    slices()
        .matching(
            G
                + "(cases|enrolment|search|review|oversight|accounts|reconfirmation|accessrequests|referral|imports|posters|organisations|models)..")
        .should()
        .notDependOnEachOther()
        .because("each use case reads what it needs itself; shared parts live on a lower floor")
        .check(CLASSES);
  }

  @Test
  void theLowerFloorsFormNoCycle() {
    slices()
        .matching(G + "(store|client|images|security|db|domain|error|telemetry|policy|audit)..")
        .should()
        .beFreeOfCycles()
        .check(CLASSES);
  }

  @Test
  void theStoreKnowsOnlyTheDomainAndTheDatabase() {
    noClasses()
        .that()
        .resideInAPackage(G + "store..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            G + "rest..",
            G + "auth..",
            G + "cases..",
            G + "enrolment..",
            G + "search..",
            G + "review..",
            G + "oversight..",
            G + "accounts..",
            G + "models..",
            G + "imports..",
            G + "referral..",
            G + "posters..",
            G + "organisations..",
            G + "outbox..",
            G + "registration..",
            G + "retention..",
            G + "access..",
            G + "policy..",
            G + "audit..",
            G + "client..")
        .check(CLASSES);
  }

  @Test
  void protoAndGrpcTypesStayInTheClients() {
    noClasses()
        .that()
        .resideOutsideOfPackage(G + "client..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.homeward.proto..", "io.grpc..")
        .because("the rest of the gateway speaks in its own types; one mapper per client")
        .check(CLASSES);
  }

  @Test
  void httpStaysInTheRestLayer() {
    noClasses()
        .that()
        .resideOutsideOfPackages(G + "rest..", G + "auth..", G + "web..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("jakarta.ws.rs..", "org.jboss.resteasy..")
        .check(CLASSES);
  }

  @Test
  void thePagesAreNoSecondDoor() {
    // A page is a frame in the reader's language; its data comes through the REST API, which
    // checks scope, policy and purpose. So the pages reach nothing of the gateway but themselves.
    noClasses()
        .that()
        .resideInAPackage(G + "web..")
        .should()
        .dependOnClassesThat(
            resideInAPackage("io.homeward.gateway..").and(not(resideInAPackage(G + "web.."))))
        .check(CLASSES);
  }

  @Test
  void theServiceImportsNoTool() {
    noClasses()
        .that()
        .resideOutsideOfPackage(G + "cli..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.homeward.tools..", "picocli..")
        .check(CLASSES);
  }

  @Test
  void theCedarEngineStaysInPolicy() {
    noClasses()
        .that()
        .resideOutsideOfPackage(G + "policy..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("com.cedarpolicy..")
        .check(CLASSES);
  }
}
