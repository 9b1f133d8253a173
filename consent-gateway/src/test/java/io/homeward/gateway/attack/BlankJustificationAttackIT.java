package io.homeward.gateway.attack;

import static io.homeward.gateway.attack.Fixtures.expect;
import static io.homeward.gateway.attack.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.homeward.gateway.attack.RunningSystem.Db;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Attack (issue 11, finding 5): police register a case under {@code VITAL_EMERGENCY} with {@code
 * "justification":" "}: it was created (201) and searchable at once, though rule 2 requires a
 * written justification.
 *
 * <p>Safe answer: a blank, empty, missing or token justification (under 20 characters after
 * trimming, configurable) is refused with a 400 {@code justification-required} problem and nothing
 * is stored; a real one is accepted.
 */
class BlankJustificationAttackIT {
  private static final String CASE =
      """
      {"side":"MISSING","policeCaseNumber":"PC-BJ","subject":{"birthYearFrom":2015,"birthYearTo":2015},
       "consent":{"basis":"VITAL_EMERGENCY","givenBy":"POLICE"%s}}""";

  @ParameterizedTest
  @EnumSource(Db.class)
  void aVitalEmergencyNeedsAJustificationOfSubstance(Db db) {
    RunningSystem system = RunningSystem.on(db);
    Client police =
        system.as(
            system.token("bj-pol-1", "bj-police-" + db, "POLICE_INVESTIGATOR"), "IDENTIFICATION");
    for (String justification :
        List.of(
            ",\"justification\":\" \"",
            ",\"justification\":\"\"",
            "",
            ",\"justification\":\"urgent!\"")) {
      HttpResponse<String> r = police.post("/api/v1/cases", CASE.formatted(justification));
      expect(r, 400);
      assertThat(r.body()).contains("https://homeward.io/problems/justification-required");
    }
    json(
        police.post(
            "/api/v1/cases",
            CASE.formatted(
                ",\"justification\":\"child seen leaving the school with an unknown adult\"")),
        201);
  }
}
