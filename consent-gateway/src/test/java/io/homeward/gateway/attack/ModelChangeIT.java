package io.homeward.gateway.attack;

import static io.homeward.gateway.attack.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.homeward.gateway.attack.RunningSystem.Db;
import io.homeward.gateway.support.InternalChannels;
import io.homeward.proto.embedder.v1.EmbedRequest;
import io.homeward.proto.embedder.v1.EmbedderServiceGrpc;
import io.homeward.proto.embedder.v1.FacePolicy;
import io.homeward.proto.search.v1.GetStatsRequest;
import io.homeward.proto.search.v1.ModelRef;
import io.homeward.proto.search.v1.SearchRequest;
import io.homeward.proto.search.v1.SearchServiceGrpc;
import io.homeward.proto.search.v1.Side;
import io.homeward.proto.search.v1.SpaceStats;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, "Model change without mixing scores", on the packaged system with a few hundred real
 * photos (LAG adults): an administrator switches the live space from the bundled projection to
 * {@code identity}. Searches during the job answer from the old space (its calibration, its model
 * version in the audit), afterwards from the new one; the two spaces hold the same faces when they
 * swap; an enrolment and a withdrawal during the job reach both; the old space is dropped after the
 * grace period. Then it switches back, so the shared system is left as it was found.
 *
 * <p>Prints the re-embedding rate and the search latency before and during the job.
 */
class ModelChangeIT {
  private static final int PHOTOS = 240;
  private static final String ORG = "mc-police";

  private RunningSystem system;
  private int police;
  private int searcher;

  @Test
  void theLiveSpaceSwitchesToIdentityWithoutMixingSpaces() throws Exception {
    system = RunningSystem.on(Db.H2);
    system.restartGateway(
        Map.of(
            "homeward.gateway.reembed.every", "1s",
            "homeward.gateway.reembed.photos-per-second", "25",
            "homeward.gateway.reembed.photos-per-pass", "25",
            "homeward.gateway.reembed.grace", "PT10S"));
    try {
      switchAndBack();
    } finally {
      system.restartGateway(Map.of());
    }
  }

  private void switchAndBack() throws Exception {
    Client admin = system.as(system.token("mc-admin", "mc-admin-org", "ADMIN"), "ADMINISTRATION");
    Client officer =
        system.as(system.token("mc-officer", "mc-po-org", "PRIVACY_OFFICER"), "PRIVACY_AUDIT");
    JsonNode live = liveSpace(admin);
    String oldSpace = live.get("id").asText();
    String oldProjection = live.get("projection").asText();
    assertThat(oldProjection)
        .as("the packaged system starts with the bundled projection")
        .isNotEqualTo("identity");

    // A few hundred real photos, one found adult's case per LAG subject.
    List<String> cases = new ArrayList<>();
    int enrolled = enrolLagAdults(cases);
    assertThat(enrolled).isGreaterThanOrEqualTo(PHOTOS);
    Client cw = system.as(system.token("mc-cw-1", "mc-ngo", "NGO_CASEWORKER"), "FAMILY_TRACING");
    Client cw2 = system.as(system.token("mc-cw-2", "mc-ngo", "NGO_CASEWORKER"), "FAMILY_TRACING");
    String withdrawn = Fixtures.openMissingChildCase(cw, cw2);
    String childPhoto = enrolFirstAccepted(cw, withdrawn, lagPhotos("child"), "FAMILY", 2018);
    awaitIndexed();

    // Searches before the job: the old space.
    List<Long> before = new ArrayList<>();
    String oldCalibration = null;
    for (int i = 0; i < 5; i++) {
      JsonNode r = timedSearch(cases.get(i), before);
      oldCalibration = r.get("calibration").asText();
    }

    // The job.
    JsonNode started =
        json(admin.post("/api/v1/admin/spaces", "{\"projection\":\"identity\"}"), 202);
    String newSpace = started.get("id").asText();
    assertThat(started.get("status").asText()).isEqualTo("BUILDING");
    assertThat(newSpace).isNotEqualTo(oldSpace);
    Fixtures.expect(admin.post("/api/v1/admin/spaces", "{\"projection\":\"identity\"}"), 409);
    JsonNode audited =
        json(
            officer.get("/api/v1/oversight/audit/records?action=MODEL_CHANGE&actor=mc-admin"), 200);
    assertThat(audited).extracting(r -> r.path("modelVersion").asText()).contains(newSpace);

    List<Long> during = new ArrayList<>();
    List<String> searchedDuring = new ArrayList<>();
    Client police = nextPolice();
    String lateCase = Fixtures.openFoundAdultCase(police, "MC-LATE");
    List<String> unused = new ArrayList<>(lagPhotos("adult"));
    Collections.reverse(unused);
    String latePhoto = enrolFirstAccepted(police, lateCase, unused, "POLICE", 2016);
    Client dataProtection =
        system.as(system.token("mc-cw-1", "mc-ngo", "NGO_CASEWORKER"), "DATA_PROTECTION");
    String consent =
        json(cw.get("/api/v1/cases/" + withdrawn), 200).get("consents").get(0).get("id").asText();
    json(
        dataProtection.post(
            "/api/v1/cases/" + withdrawn + "/consents/" + consent + "/withdrawal", ""),
        200);
    int i = 5;
    while (i < cases.size()) {
      String c = cases.get(i++);
      List<Long> one = new ArrayList<>();
      JsonNode r = timedSearch(c, one);
      if (!space(admin, newSpace).get("completedAt").isNull()) {
        // This search may have met the switch: only searches that ended before it count.
        break;
      }
      during.addAll(one);
      searchedDuring.add(c);
      assertThat(r.get("calibration").asText())
          .as("a search during the job answers from the old space")
          .isEqualTo(oldCalibration);
    }
    assertThat(searchedDuring).as("searches ran during the job").hasSizeGreaterThanOrEqualTo(3);

    JsonNode switched = await(admin, newSpace, s -> s.get("status").asText().equals("LIVE"));
    double rate = switched.get("photosPerSecond").asDouble();
    JsonNode done = space(admin, newSpace);
    assertThat(done.get("photosFailed").asInt()).isZero();
    assertThat(space(admin, oldSpace).get("status").asText()).isIn("RETIRING", "DROPPED");

    // Both spaces held the same faces when they swapped, with the late enrolment and without the
    // withdrawn child, each in its own vectors.
    ManagedChannel search =
        InternalChannels.asGateway(system.searchGrpcPort(), RunningSystem.tlsDir());
    ManagedChannel embedder =
        InternalChannels.asGateway(RunningSystem.embedderGrpcPort(), RunningSystem.tlsDir());
    try {
      ModelRef oldRef = ref(live);
      ModelRef newRef = ref(done);
      // Read before the grace period ends (10 s): a dropped space's count would be zero.
      Map<String, Long> counts = counts(search, oldRef, newRef);
      assertThat(counts.get(newSpace)).isEqualTo(counts.get(oldSpace)).isPositive();
      assertThat(foundIn(search, embedder, oldProjection, oldRef, latePhoto, Side.SIDE_FOUND))
          .contains(lateCase);
      assertThat(foundIn(search, embedder, "identity", newRef, latePhoto, Side.SIDE_FOUND))
          .contains(lateCase);
      assertThat(foundIn(search, embedder, "identity", newRef, childPhoto, Side.SIDE_MISSING))
          .doesNotContain(withdrawn);
      assertThat(foundIn(search, embedder, oldProjection, oldRef, childPhoto, Side.SIDE_MISSING))
          .doesNotContain(withdrawn);

      // Searches now answer from the new space.
      List<Long> after = new ArrayList<>();
      JsonNode r = timedSearch(cases.get(cases.size() - 1), after);
      assertThat(r.get("calibration").asText()).isNotEqualTo(oldCalibration);

      // The audit records the space of every search.
      assertThat(modelVersions(officer, cases.get(0))).containsExactly(oldSpace);
      for (String c : searchedDuring) {
        assertThat(modelVersions(officer, c))
            .as("audited space of a search during the job")
            .containsExactly(oldSpace);
      }
      assertThat(modelVersions(officer, cases.get(cases.size() - 1))).containsExactly(newSpace);

      // The old space is dropped after the grace period.
      await(admin, oldSpace, s -> s.get("status").asText().equals("DROPPED"));
      assertThat(
              SearchServiceGrpc.newBlockingStub(search)
                  .withDeadlineAfter(30, TimeUnit.SECONDS)
                  .getStats(GetStatsRequest.getDefaultInstance())
                  .getSpacesList())
          .extracting(s -> s.getModel().getVersion())
          .doesNotContain(oldRef.getVersion());
      assertThat(
              Files.exists(
                  system
                      .searchDataDir()
                      .resolve(
                          ("faces_"
                                  + oldRef.getId()
                                  + "_"
                                  + oldRef.getVersion()
                                  + "_"
                                  + oldRef.getDimension())
                              .replaceAll("[^A-Za-z0-9_]", "_"))))
          .as("the dropped space's index folder")
          .isFalse();

      System.out.printf(
          "model change: %d photos re-embedded at %.1f photos/s; search p50 before %d ms, during %d ms (%d searches)%n",
          done.get("photosDone").asInt(), rate, median(before), median(during), during.size());
    } finally {
      search.shutdownNow();
      embedder.shutdownNow();
    }

    // Back to the bundled projection, so the other attacks meet the system they expect.
    json(admin.post("/api/v1/admin/spaces", "{\"projection\":\"" + oldProjection + "\"}"), 202);
    await(admin, oldSpace, s -> s.get("status").asText().equals("LIVE"));
  }

  /** Enrols the first photo the quality gate accepts; returns it. */
  private static String enrolFirstAccepted(
      Client client, String caseId, List<String> photos, String source, int year) {
    for (String photo : photos) {
      HttpResponse<String> r =
          client.postImage(
              "/api/v1/cases/" + caseId + "/photos?source=" + source + "&photoYear=" + year,
              Fixtures.photo("../datasets/lag/images/" + photo));
      if (r.statusCode() == 201) {
        return photo;
      }
      assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
    }
    throw new AssertionError("no photo passed the quality gate");
  }

  private int enrolLagAdults(List<String> cases) {
    int enrolled = 0;
    Client police = null;
    String currentSubject = null;
    String currentCase = null;
    int casesByThisUser = 0;
    int photosOfSubject = 0;
    int photosByThisUser = 0;
    for (String photo : lagPhotos("adult")) {
      if (enrolled >= PHOTOS) {
        break;
      }
      String subject = photo.substring(0, photo.indexOf('/'));
      if (subject.equals(currentSubject) && photosOfSubject >= 3) {
        continue;
      }
      if (!subject.equals(currentSubject)) {
        // Rule 16's daily budgets are per user: 20 cases, 100 enrolments.
        if (police == null || casesByThisUser >= 15 || photosByThisUser >= 80) {
          police = nextPolice();
          casesByThisUser = 0;
          photosByThisUser = 0;
        }
        currentSubject = subject;
        photosOfSubject = 0;
        currentCase = Fixtures.openFoundAdultCase(police, "MC-" + cases.size());
        cases.add(currentCase);
        casesByThisUser++;
      }
      photosOfSubject++;
      photosByThisUser++;
      HttpResponse<String> r =
          police.postImage(
              "/api/v1/cases/" + currentCase + "/photos?source=POLICE&photoYear=2015",
              Fixtures.photo("../datasets/lag/images/" + photo));
      if (r.statusCode() == 201) {
        enrolled++;
      } else {
        // The quality gate refused this one (a small or blurred face): only photos that pass count.
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
      }
    }
    return enrolled;
  }

  private Client nextPolice() {
    police++;
    return system.as(
        system.token("mc-police-" + police, ORG, "POLICE_INVESTIGATOR"), "IDENTIFICATION");
  }

  /** LAG photos of a group ({@code adult} or {@code child}), in the manifest's order. */
  private static List<String> lagPhotos(String group) {
    try {
      List<String> out = new ArrayList<>();
      for (String line :
          Files.readAllLines(Fixtures.sharedDir().resolve("datasets/lag/manifest.csv"))) {
        String[] f = line.split(",");
        if (f.length == 3 && f[2].equals(group)) {
          out.add(f[0]);
        }
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A case search by a police user of the case's organisation (searches are budgeted per user). */
  private JsonNode timedSearch(String caseId, List<Long> millis) {
    searcher++;
    Client c =
        system.as(
            system.token("mc-searcher-" + searcher, ORG, "POLICE_INVESTIGATOR"), "IDENTIFICATION");
    long t0 = System.nanoTime();
    JsonNode r = json(c.post("/api/v1/cases/" + caseId + "/searches", ""), 200);
    millis.add((System.nanoTime() - t0) / 1_000_000);
    return r;
  }

  private static JsonNode liveSpace(Client admin) {
    for (JsonNode s : json(admin.get("/api/v1/admin/spaces"), 200).get("items")) {
      if (s.get("status").asText().equals("LIVE")) {
        return s;
      }
    }
    throw new AssertionError("no live space");
  }

  private static JsonNode space(Client admin, String id) {
    for (JsonNode s : json(admin.get("/api/v1/admin/spaces"), 200).get("items")) {
      if (s.get("id").asText().equals(id)) {
        return s;
      }
    }
    throw new AssertionError("no space " + id);
  }

  private static JsonNode await(Client admin, String id, Predicate<JsonNode> until)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    JsonNode s = space(admin, id);
    while (!until.test(s)) {
      assertThat(System.nanoTime()).as("space %s: %s", id, s).isLessThan(deadline);
      Thread.sleep(250);
      s = space(admin, id);
    }
    return s;
  }

  /** Waits until the outbox delivered every enrolment (no photo of the gateway left unindexed). */
  private void awaitIndexed() throws InterruptedException {
    Client admin = system.as(system.token("mc-admin", "mc-admin-org", "ADMIN"), "ADMINISTRATION");
    ManagedChannel search =
        InternalChannels.asGateway(system.searchGrpcPort(), RunningSystem.tlsDir());
    try {
      ModelRef live = ref(liveSpace(admin));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      long last = -1;
      while (true) {
        long now = counts(search, live).values().iterator().next();
        if (now == last) {
          return;
        }
        assertThat(System.nanoTime()).isLessThan(deadline);
        last = now;
        Thread.sleep(3000);
      }
    } finally {
      search.shutdownNow();
    }
  }

  private static ModelRef ref(JsonNode space) {
    return ModelRef.newBuilder()
        .setId(space.get("modelId").asText())
        .setVersion(space.get("modelVersion").asText())
        .setDimension(space.get("dimension").asInt())
        .build();
  }

  private static Map<String, Long> counts(ManagedChannel search, ModelRef... models) {
    var stats =
        SearchServiceGrpc.newBlockingStub(search)
            .withDeadlineAfter(30, TimeUnit.SECONDS)
            .getStats(GetStatsRequest.newBuilder().addAllModels(List.of(models)).build());
    Map<String, Long> out = new java.util.LinkedHashMap<>();
    for (ModelRef m : models) {
      for (SpaceStats s : stats.getSpacesList()) {
        if (s.getModel().getId().equals(m.getId())
            && s.getModel().getVersion().equals(m.getVersion())) {
          out.put(m.getId() + "@" + m.getVersion(), s.getMissing() + s.getFound());
        }
      }
    }
    return out;
  }

  /** The case refs a space answers for a photo embedded into it (the space's own vectors). */
  private static List<String> foundIn(
      ManagedChannel search,
      ManagedChannel embedder,
      String projection,
      ModelRef space,
      String lagPhoto,
      Side side) {
    var embedded =
        EmbedderServiceGrpc.newBlockingStub(embedder)
            .withDeadlineAfter(60, TimeUnit.SECONDS)
            .embed(
                EmbedRequest.newBuilder()
                    .setImage(
                        ByteString.copyFrom(Fixtures.photo("../datasets/lag/images/" + lagPhoto)))
                    .setFacePolicy(FacePolicy.FACE_POLICY_LARGEST)
                    .setProjection(projection)
                    .build());
    assertThat(embedded.getModel().getVersion()).isEqualTo(space.getVersion());
    var answer =
        SearchServiceGrpc.newBlockingStub(search)
            .withDeadlineAfter(30, TimeUnit.SECONDS)
            .search(
                SearchRequest.newBuilder()
                    .addAllVector(embedded.getFaces(0).getEmbedding().getValuesList())
                    .setModel(space)
                    .setTargetSide(side)
                    .setK(10)
                    .build());
    return answer.getCandidatesList().stream().map(c -> c.getCaseRef()).toList();
  }

  private static List<String> modelVersions(Client officer, String caseId) {
    List<String> out = new ArrayList<>();
    for (JsonNode r :
        json(officer.get("/api/v1/oversight/audit/records?action=SEARCH&case=" + caseId), 200)) {
      out.add(r.path("modelVersion").asText());
    }
    return out;
  }

  private static long median(List<Long> values) {
    if (values.isEmpty()) {
      return -1;
    }
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
