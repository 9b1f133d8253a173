package io.homeward.gateway.attack;

import static org.assertj.core.api.Assertions.assertThat;

import io.homeward.gateway.attack.RunningSystem.Db;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Attack (issue 11, finding 2): rule 16 allows 20 distinct probe faces per case, so a user who
 * wants to try more faces than that simply opens another case, and another: every new case brought
 * a fresh allowance.
 *
 * <p>Safe answer: new cases per user and day are limited (20 by default; the 21st is refused with
 * 429 and locks the account), and distinct probe faces are also counted per user and day across all
 * cases: a search whose faces would take the user over that budget is refused with 429, locks the
 * account and takes nothing, though the new case still has its own allowance.
 */
class NewCaseProbeAllowanceAttackIT {
  private static final int CASES_PER_DAY = 20;

  @ParameterizedTest
  @EnumSource(Db.class)
  void openingCaseAfterCaseIsStoppedAtTheDailyLimitOfNewCases(Db db) {
    RunningSystem system = RunningSystem.on(db);
    Client police =
        system.as(
            system.token("probe-pol-" + UUID.randomUUID(), "probe-police", "POLICE_INVESTIGATOR"),
            "IDENTIFICATION");
    String last = null;
    for (int i = 0; i < CASES_PER_DAY; i++) {
      last = Fixtures.openFoundAdultCase(police, "PC-NEW-" + i);
    }
    HttpResponse<String> one =
        police.post(
            "/api/v1/cases",
            """
            {"side":"FOUND","policeCaseNumber":"PC-NEW-X","subject":{"birthYearFrom":1960,
             "birthYearTo":1962},"consent":{"basis":"STATUTORY_DUTY","givenBy":"POLICE"}}""");
    assertThat(one.statusCode()).as(one.body()).isEqualTo(429);
    assertThat(one.body()).contains("https://homeward.io/problems/rate-limited");
    assertThat(police.get("/api/v1/cases/" + last).body())
        .contains("https://homeward.io/problems/account-locked");
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aNewCaseDoesNotBringMoreProbeFacesThanTheUsersDailyBudget(Db db) {
    RunningSystem system = RunningSystem.on(db);
    try {
      // A small daily budget of probe faces, so that two cases overrun it with three photos.
      system.restartGateway(Map.of("homeward.gateway.policy.probes-per-day", "2"));
      Client police =
          system.as(
              system.token("probe-pol-" + UUID.randomUUID(), "probe-police", "POLICE_INVESTIGATOR"),
              "IDENTIFICATION");
      String first = Fixtures.openFoundAdultCase(police, "PC-PROBE-1");
      Fixtures.enrol(police, first, Fixtures.SAME_PERSON_A, "POLICE", 2024);
      Fixtures.enrol(police, first, Fixtures.SAME_PERSON_B, "POLICE", 2024);
      String second = Fixtures.openFoundAdultCase(police, "PC-PROBE-2");
      Fixtures.enrol(police, second, Fixtures.OTHER_PERSON, "POLICE", 2024);

      Fixtures.expect(police.post("/api/v1/cases/" + first + "/searches", ""), 200);
      // The new case is within its own allowance of 20, but this is the user's third face today.
      HttpResponse<String> third = police.post("/api/v1/cases/" + second + "/searches", "");
      assertThat(third.statusCode()).as(third.body()).isEqualTo(429);
      assertThat(third.body()).contains("the daily limit of probe faces was exceeded");
      assertThat(police.get("/api/v1/cases/" + second).body())
          .contains("https://homeward.io/problems/account-locked");
    } finally {
      system.restartGateway(Map.of());
    }
  }
}
