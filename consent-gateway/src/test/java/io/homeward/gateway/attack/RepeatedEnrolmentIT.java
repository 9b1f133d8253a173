package io.homeward.gateway.attack;

import static io.homeward.gateway.attack.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.homeward.gateway.attack.RunningSystem.Db;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A client that lost an enrolment's answer sends it again with the same {@code Idempotency-Key}:
 * the photo is stored once, however many repeats there are and however they interleave, and every
 * answer names that photo. The key is the case's alone: another case, or another organisation's
 * caseworker, gets nothing from it.
 */
class RepeatedEnrolmentIT {
  private static final String PHOTOS = "/photos?source=POLICE&photoYear=2024";

  @ParameterizedTest
  @EnumSource(Db.class)
  void aRepeatStoresNothingAndAnswersWithTheFirstPhoto(Db db) {
    RunningSystem system = RunningSystem.on(db);
    Client police =
        system.as(system.token("re-pol-1", "re-police-1", "POLICE_INVESTIGATOR"), "IDENTIFICATION");
    String caseId = Fixtures.openFoundAdultCase(police, "PC-RE-1-" + db);
    String key = UUID.randomUUID().toString();
    byte[] photo = Fixtures.photo(Fixtures.SAME_PERSON_B);
    Client keyed = police.header("Idempotency-Key", key);

    JsonNode first = json(keyed.postImage("/api/v1/cases/" + caseId + PHOTOS, photo), 201);
    assertThat(first.get("verdict").isObject()).isTrue();
    HttpResponse<String> again = keyed.postImage("/api/v1/cases/" + caseId + PHOTOS, photo);
    JsonNode repeat = json(again, 200);
    assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
    assertThat(repeat.get("id").asText()).isEqualTo(first.get("id").asText());
    assertThat(repeat.get("verdict").isNull()).as("the gate was not asked again").isTrue();
    assertThat(photoIds(police, caseId)).containsExactly(first.get("id").asText());

    // The same key under another case is another enrolment.
    String other = Fixtures.openFoundAdultCase(police, "PC-RE-2-" + db);
    JsonNode elsewhere = json(keyed.postImage("/api/v1/cases/" + other + PHOTOS, photo), 201);
    assertThat(elsewhere.get("id").asText()).isNotEqualTo(first.get("id").asText());

    // Another organisation's caseworker repeating the key on this case learns nothing.
    Client stranger =
        system
            .as(system.token("re-pol-9", "re-police-9", "POLICE_INVESTIGATOR"), "IDENTIFICATION")
            .header("Idempotency-Key", key);
    HttpResponse<String> foreign = stranger.postImage("/api/v1/cases/" + caseId + PHOTOS, photo);
    assertThat(foreign.statusCode()).isIn(403, 404);
    assertThat(foreign.body()).doesNotContain(first.get("id").asText());
    assertThat(photoIds(police, caseId)).hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void parallelRepeatsStoreOnePhoto(Db db) throws Exception {
    RunningSystem system = RunningSystem.on(db);
    Client police =
        system.as(system.token("re-pol-2", "re-police-2", "POLICE_INVESTIGATOR"), "IDENTIFICATION");
    String caseId = Fixtures.openFoundAdultCase(police, "PC-RE-3-" + db);
    Client keyed = police.header("Idempotency-Key", "parallel-" + UUID.randomUUID());
    byte[] photo = Fixtures.photo(Fixtures.OTHER_PERSON);
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<HttpResponse<String>>> sent = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        sent.add(pool.submit(() -> keyed.postImage("/api/v1/cases/" + caseId + PHOTOS, photo)));
      }
      Set<String> ids = new HashSet<>();
      int created = 0;
      for (Future<HttpResponse<String>> f : sent) {
        HttpResponse<String> r = f.get();
        assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
        created += r.statusCode() == 201 ? 1 : 0;
        ids.add(json(r, r.statusCode()).get("id").asText());
      }
      assertThat(ids).as("every answer names one photo").hasSize(1);
      assertThat(created).as("one answer says it was created").isEqualTo(1);
      assertThat(photoIds(police, caseId)).containsExactlyElementsOf(ids);
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aMalformedKeyIsRefusedAndStoresNothing(Db db) {
    RunningSystem system = RunningSystem.on(db);
    Client police =
        system.as(system.token("re-pol-3", "re-police-3", "POLICE_INVESTIGATOR"), "IDENTIFICATION");
    String caseId = Fixtures.openFoundAdultCase(police, "PC-RE-4-" + db);
    for (String bad : List.of("a b", "x".repeat(101), "key/with/slashes", "key;drop")) {
      HttpResponse<String> r =
          police
              .header("Idempotency-Key", bad)
              .postImage(
                  "/api/v1/cases/" + caseId + PHOTOS, Fixtures.photo(Fixtures.SAME_PERSON_A));
      assertThat(r.statusCode()).as("key '%s'", bad).isEqualTo(400);
      assertThat(r.body()).contains("Idempotency-Key").doesNotContain(bad);
    }
    assertThat(photoIds(police, caseId)).isEmpty();
  }

  private static List<String> photoIds(Client client, String caseId) {
    List<String> ids = new ArrayList<>();
    for (JsonNode p : json(client.get("/api/v1/cases/" + caseId + "/photos?limit=200"), 200)) {
      ids.add(p.get("id").asText());
    }
    return ids;
  }
}
