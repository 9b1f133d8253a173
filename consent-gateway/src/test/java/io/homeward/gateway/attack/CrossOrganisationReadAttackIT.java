package io.homeward.gateway.attack;

import static io.homeward.gateway.attack.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.homeward.gateway.attack.RunningSystem.Db;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Attack (issue 11, finding 1, "cross-organisation read"): a caseworker of an organisation with no
 * part in any case lists the review queue ({@code GET /api/v1/reviews?limit=200}, every page) and
 * asks for the images of the photos it names, and of the photos it can guess from elsewhere, of
 * another organisation's missing child and of the police's found adult.
 *
 * <p>Safe answer: the queue holds none of those items (it is filtered in its query by the
 * organisations party to or assigned the cases), and each image answers exactly as a photo that
 * does not exist (404, the same problem body), the attempt audited. The code as it was returned
 * every open item and the found adult's photo in the clear (200 image/jpeg), the child's blurred.
 */
class CrossOrganisationReadAttackIT {

  @ParameterizedTest
  @EnumSource(Db.class)
  void anOutsideCaseworkerListsReviewsAndFetchesImagesOfOtherOrganisationsCases(Db db) {
    RunningSystem system = RunningSystem.on(db);
    String run = UUID.randomUUID().toString().substring(0, 8);
    String ngo1 = "xr-ngo-1-" + run;
    String police1 = "xr-police-1-" + run;
    Client cw = system.as(system.token("xr-cw-1-" + run, ngo1, "NGO_CASEWORKER"), "FAMILY_TRACING");
    Client cw2 =
        system.as(system.token("xr-cw-2-" + run, ngo1, "NGO_CASEWORKER"), "FAMILY_TRACING");
    Client police =
        system.as(
            system.token("xr-pol-1-" + run, police1, "POLICE_INVESTIGATOR"), "IDENTIFICATION");
    String missing = Fixtures.openMissingChildCase(cw, cw2);
    String found = Fixtures.openFoundAdultCase(police, "PC-XR-" + run);
    String childPhoto = Fixtures.enrol(cw, missing, Fixtures.SAME_PERSON_A, "FAMILY", 2018);
    String adultPhoto = Fixtures.enrol(police, found, Fixtures.SAME_PERSON_B, "POLICE", 2024);
    JsonNode item = Fixtures.awaitReviewItem(police, missing, found);

    // The attacker: a caseworker of another organisation, with no case at all.
    Client outsider =
        system.as(
            system.token("xr-cw-9-" + run, "xr-ngo-2-" + run, "NGO_CASEWORKER"), "FAMILY_TRACING");

    List<JsonNode> seen = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < 50; page++) {
      HttpResponse<String> r =
          outsider.get("/api/v1/reviews?limit=200" + (cursor == null ? "" : "&cursor=" + cursor));
      json(r, 200).forEach(seen::add);
      cursor = r.headers().firstValue("Homeward-Next-Cursor").orElse(null);
      if (cursor == null) {
        break;
      }
    }
    assertThat(seen)
        .as("the outsider's review queue")
        .noneMatch(
            i ->
                i.path("id").asText().equals(item.get("id").asText())
                    || i.path("missingCaseId").asText().equals(missing)
                    || i.path("foundCaseId").asText().equals(found));

    HttpResponse<String> unknown = outsider.get("/api/v1/photos/p-" + "0".repeat(26) + "/image");
    assertThat(unknown.statusCode()).isEqualTo(404);
    for (String photo :
        List.of(
            childPhoto,
            adultPhoto,
            item.get("missingPhotoId").asText(),
            item.get("foundPhotoId").asText())) {
      HttpResponse<byte[]> r = outsider.getBytes("/api/v1/photos/" + photo + "/image");
      assertThat(r.statusCode()).as("image of another organisation's case").isEqualTo(404);
      assertThat(r.headers().firstValue("Content-Type").orElse("")).doesNotContain("image/");
      assertThat(ForeignIdsAttackIT.problem(new String(r.body())))
          .as("answered exactly as a photo that does not exist")
          .isEqualTo(ForeignIdsAttackIT.problem(unknown.body()));
    }

    // The police, party to the found case, still see the pair and the child (rule 11: clear).
    assertThat(police.getBytes("/api/v1/photos/" + childPhoto + "/image").statusCode())
        .isEqualTo(200);
  }
}
