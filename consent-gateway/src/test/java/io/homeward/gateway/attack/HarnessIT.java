package io.homeward.gateway.attack;

import static io.homeward.gateway.attack.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.homeward.gateway.attack.RunningSystem.Db;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The attack suite's baseline: on each database the packaged system registers a missing child and a
 * found adult in two organisations, indexes their photos and raises the pair for review. Every
 * attack starts from this; if it fails, the attacks prove nothing.
 */
class HarnessIT {
  @ParameterizedTest
  @EnumSource(Db.class)
  void theSystemRegistersIndexesAndRaisesAPairForReview(Db db) {
    RunningSystem system = RunningSystem.on(db);
    Client cw = system.as(system.token("h-cw-1", "h-ngo-1", "NGO_CASEWORKER"), "FAMILY_TRACING");
    Client cw2 = system.as(system.token("h-cw-2", "h-ngo-1", "NGO_CASEWORKER"), "FAMILY_TRACING");
    Client police =
        system.as(system.token("h-pol-1", "h-police-1", "POLICE_INVESTIGATOR"), "IDENTIFICATION");
    String missing = Fixtures.openMissingChildCase(cw, cw2);
    String found = Fixtures.openFoundAdultCase(police, "PC-H-1");
    Fixtures.enrol(cw, missing, Fixtures.SAME_PERSON_A, "FAMILY", 2018);
    Fixtures.enrol(police, found, Fixtures.SAME_PERSON_B, "POLICE", 2024);

    // The police are party to the found case, so they see the pair their photo raised.
    JsonNode item = Fixtures.awaitReviewItem(police, missing, found);
    assertThat(item.get("band").asText()).isNotBlank();
    JsonNode hit = null;
    for (JsonNode c :
        json(police.post("/api/v1/cases/" + found + "/searches", ""), 200).get("candidates")) {
      if (c.get("caseId").asText().equals(missing)) {
        hit = c;
      }
    }
    assertThat(hit).as("the same person is found across the two registries").isNotNull();
    assertThat(system.logFile()).exists();
  }
}
