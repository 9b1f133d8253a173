package io.homeward.gateway.attack;

import static io.homeward.gateway.attack.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.homeward.gateway.attack.RunningSystem.Db;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Attack (issue 11, "IDs of another organisation on every endpoint that takes an id", and the code
 * reading's "police and examiners have no organisation or case scope"): a caseworker, a police
 * investigator and a face examiner of other organisations use an organisation's case, consent,
 * review item and photo ids on every endpoint that takes one: read the case (with its location),
 * verify or withdraw its consent, enrol into it, search with it, confirm it, close it, list and
 * hand out assignments, record verdicts, notify the family, view the review's aligned faces (its
 * own examiner's view of them is checked first: {@link AlignedFaces}), view and export its images.
 *
 * <p>Safe answer: each answers exactly as the same endpoint answers an id that does not exist (same
 * status, same problem body but for the request path and trace id), the attempt is audited, and
 * nothing changes. The code as it was gave police and examiners the case (with the location) and
 * its images, and answered NGO staff 403, which tells them the id exists.
 */
class ForeignIdsAttackIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A problem body without what differs per request by design (the path and the trace id). */
  static JsonNode problem(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      if (node instanceof ObjectNode o) {
        o.remove("instance");
        o.remove("traceId");
      }
      return node;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String unknown(String prefix) {
    return prefix + "-" + "0".repeat(26);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void anotherOrganisationsIdsAnswerAsUnknownIdsEverywhere(Db db) {
    RunningSystem system = RunningSystem.on(db);
    String run = UUID.randomUUID().toString().substring(0, 8);
    String ngo1 = "fi-ngo-1-" + run;
    Client cw = system.as(system.token("fi-cw-1-" + run, ngo1, "NGO_CASEWORKER"), "FAMILY_TRACING");
    Client cw2 =
        system.as(system.token("fi-cw-2-" + run, ngo1, "NGO_CASEWORKER"), "FAMILY_TRACING");
    Client police =
        system.as(
            system.token("fi-pol-1-" + run, "fi-police-1-" + run, "POLICE_INVESTIGATOR"),
            "IDENTIFICATION");
    String missing = Fixtures.openMissingChildCase(cw, cw2);
    String consent =
        json(cw.get("/api/v1/cases/" + missing), 200).get("consents").get(0).get("id").asText();
    String found = Fixtures.openFoundAdultCase(police, "PC-FI-" + run);
    String childPhoto = Fixtures.enrol(cw, missing, Fixtures.SAME_PERSON_A, "FAMILY", 2018);
    Fixtures.enrol(police, found, Fixtures.SAME_PERSON_B, "POLICE", 2024);
    String review = Fixtures.awaitReviewItem(police, missing, found).get("id").asText();
    String examinerId = "fi-ex-1-" + run;
    Client examiner =
        system.as(system.token(examinerId, ngo1, "FACE_EXAMINER"), "CANDIDATE_VERIFICATION");
    AlignedFaces.ownExaminerSeesBoth(system, examiner, examinerId, ngo1, review, childPhoto);

    Map<String, String> attackers = new LinkedHashMap<>();
    attackers.put("NGO_CASEWORKER", "FAMILY_TRACING");
    attackers.put("POLICE_INVESTIGATOR", "IDENTIFICATION");
    attackers.put("FACE_EXAMINER", "CANDIDATE_VERIFICATION");
    for (Map.Entry<String, String> a : attackers.entrySet()) {
      String org = "fi-other-" + a.getKey().toLowerCase(java.util.Locale.ROOT) + "-" + run;
      Client attacker =
          system.as(system.token("fi-x-" + a.getKey() + "-" + run, org, a.getKey()), a.getValue());
      Client dataProtection =
          system.as(
              system.token("fi-x-" + a.getKey() + "-" + run, org, a.getKey()), "DATA_PROTECTION");

      Map<String, BiFunction<String, String, HttpResponse<String>>> byCase = new LinkedHashMap<>();
      byCase.put("read case", (c, k) -> attacker.get("/api/v1/cases/" + c));
      byCase.put(
          "verify consent",
          (c, k) -> attacker.post("/api/v1/cases/" + c + "/consents/" + k + "/verification", ""));
      byCase.put(
          "withdraw consent",
          (c, k) ->
              dataProtection.post("/api/v1/cases/" + c + "/consents/" + k + "/withdrawal", ""));
      byCase.put(
          "enrol photo",
          (c, k) ->
              attacker.postImage(
                  "/api/v1/cases/" + c + "/photos?source=FAMILY&photoYear=2019",
                  Fixtures.photo(Fixtures.OTHER_PERSON)));
      byCase.put("search", (c, k) -> attacker.post("/api/v1/cases/" + c + "/searches", ""));
      byCase.put(
          "confirm",
          (c, k) ->
              attacker.post(
                  "/api/v1/cases/" + c + "/confirmations",
                  "{\"kind\":\"DNA\",\"reference\":\"lab-9\"}"));
      byCase.put(
          "close",
          (c, k) -> attacker.post("/api/v1/cases/" + c + "/status", "{\"status\":\"CLOSED\"}"));
      byCase.put("list assignments", (c, k) -> attacker.get("/api/v1/cases/" + c + "/assignments"));
      byCase.put(
          "assign",
          (c, k) ->
              attacker.post(
                  "/api/v1/cases/" + c + "/assignments",
                  "{\"organisation\":\"" + org + "\",\"role\":\"POLICE_INVESTIGATOR\"}"));
      byCase.put(
          "revoke assignment",
          (c, k) ->
              attacker.post(
                  "/api/v1/cases/" + c + "/assignments/" + unknown("g") + "/revocation", ""));
      for (var e : byCase.entrySet()) {
        same(
            a.getKey() + " " + e.getKey(),
            e.getValue().apply(missing, consent),
            e.getValue().apply(unknown("c"), unknown("k")),
            404);
      }

      same(
          a.getKey() + " verdict",
          attacker.post(
              "/api/v1/reviews/" + review + "/verdicts", "{\"verdict\":\"POTENTIAL_CANDIDATE\"}"),
          attacker.post(
              "/api/v1/reviews/" + unknown("r") + "/verdicts",
              "{\"verdict\":\"POTENTIAL_CANDIDATE\"}"),
          404);
      same(
          a.getKey() + " notify family",
          attacker.post("/api/v1/reviews/" + review + "/notifications", ""),
          attacker.post("/api/v1/reviews/" + unknown("r") + "/notifications", ""),
          404);
      same(
          a.getKey() + " aligned face",
          attacker.get("/api/v1/reviews/" + review + "/faces/missing"),
          attacker.get("/api/v1/reviews/" + unknown("r") + "/faces/missing"),
          404);
      // The side is checked after the reach: a bad side tells an outsider nothing either.
      same(
          a.getKey() + " aligned face, bad side",
          attacker.get("/api/v1/reviews/" + review + "/faces/left"),
          attacker.get("/api/v1/reviews/" + unknown("r") + "/faces/left"),
          404);
      AlignedFaces.refusedInParallel(attacker, review);
      same(
          a.getKey() + " image",
          attacker.get("/api/v1/photos/" + childPhoto + "/image"),
          attacker.get("/api/v1/photos/" + unknown("p") + "/image"),
          404);
      // Export is refused for every id (rule 15): a foreign id too, and in the same words.
      same(
          a.getKey() + " export",
          attacker.get("/api/v1/photos/" + childPhoto + "/export"),
          attacker.get("/api/v1/photos/" + unknown("p") + "/export"),
          403);
    }

    // Nothing changed: the case is open, its consent neither verified again nor withdrawn, its
    // photo still there, no assignment handed out.
    JsonNode after = json(cw.get("/api/v1/cases/" + missing), 200);
    assertThat(after.get("status").asText()).isEqualTo("OPEN");
    assertThat(
            after.get("consents").get(0).path("withdrawnAt").isMissingNode()
                || after.get("consents").get(0).path("withdrawnAt").isNull())
        .isTrue();
    assertThat(after.get("photos")).hasSize(1);
    assertThat(json(cw.get("/api/v1/cases/" + missing + "/assignments"), 200)).isEmpty();
  }

  private static void same(
      String what, HttpResponse<String> foreign, HttpResponse<String> unknownId, int status) {
    assertThat(foreign.statusCode()).as(what + ": " + foreign.body()).isEqualTo(status);
    assertThat(unknownId.statusCode()).as(what + " (unknown id)").isEqualTo(status);
    assertThat(problem(foreign.body()))
        .as(what + ": answered as an id that does not exist")
        .isEqualTo(problem(unknownId.body()));
  }
}
