package io.homeward.gateway.store;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.homeward.gateway.db.Database;
import io.homeward.gateway.domain.CaseStatus;
import io.homeward.gateway.domain.LegalBasis;
import io.homeward.gateway.domain.PhotoSource;
import io.homeward.gateway.support.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A case's snapshot holds what the use cases decide on, read in one transaction. */
@QuarkusTest
@QuarkusTestResource(TestKeys.class)
class CaseSnapshotTest {
  @Inject Database db;
  @Inject CaseStore cases;
  @Inject PhotoStore photos;

  /** A child's case pending verification: no worker indexes or reconciles its photos. */
  private static String pendingCase() {
    return given()
        .auth()
        .oauth2(TestKeys.token("cw-snap", "ngo-snap", "NGO_CASEWORKER"))
        .header("Homeward-Purpose", "FAMILY_TRACING")
        .contentType("application/json")
        .body(
            """
            {"side":"MISSING","subject":{"sex":"M","birthYearFrom":2015,"birthYearTo":2016,
             "eventDate":"2019-01-01","regionCode":"KE-30"},
             "consent":{"basis":"GUARDIAN_CONSENT","givenBy":"GUARDIAN","relationship":"father"}}""")
        .post("/api/v1/cases")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private static PhotoRecord photo(String caseId, PhotoState state, Instant at) {
    return new PhotoRecord(
        Ids.newId("p"),
        caseId,
        Ids.newFaceId(),
        "ref-" + Ids.newId("i"),
        PhotoSource.FAMILY,
        40f,
        2024,
        0.9f,
        "m@1",
        state,
        at,
        null);
  }

  @Test
  void holdsTheCaseItsSubjectConsentsAndLivePhotosOnly() {
    String caseId = pendingCase();
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    PhotoRecord later = photo(caseId, PhotoState.INDEXED, t.plusSeconds(60));
    PhotoRecord earlier = photo(caseId, PhotoState.STORED, t);
    PhotoRecord erased = photo(caseId, PhotoState.ERASED, t.plusSeconds(30));
    db.inTransaction(
        tx -> {
          photos.insert(tx, later);
          photos.insert(tx, earlier);
          photos.insert(tx, erased);
          return null;
        });

    CaseSnapshot snapshot = db.inTransaction(tx -> cases.snapshot(tx, caseId)).orElseThrow();

    assertThat(snapshot.record().id()).isEqualTo(caseId);
    assertThat(snapshot.record().status()).isEqualTo(CaseStatus.PENDING);
    assertThat(snapshot.subject().caseId()).isEqualTo(caseId);
    assertThat(snapshot.subject().regionCode()).isEqualTo("KE-30");
    assertThat(snapshot.consents())
        .singleElement()
        .satisfies(k -> assertThat(k.basis()).isEqualTo(LegalBasis.GUARDIAN_CONSENT));
    assertThat(snapshot.livePhotos())
        .extracting(PhotoRecord::id)
        .containsExactly(earlier.id(), later.id());
  }

  @Test
  void anUnknownCaseHasNoSnapshot() {
    Optional<CaseSnapshot> none = db.inTransaction(tx -> cases.snapshot(tx, Ids.newId("c")));
    assertThat(none).isEmpty();
  }
}
