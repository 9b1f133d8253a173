package io.homeward.gateway.attack;

import static io.homeward.gateway.attack.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
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
 * grace period; the gateway restarts during the job, which resumes. Then it switches back, so the
 * shared system is left as it was found.
 *
 * <p>Prints the re-embedding rate and the search latency before and during the job.
 */
class ModelChangeIT {
  private static final int PHOTOS = 240;
  // Missing children's cases, one photo each; the one the job reads first is withdrawn during it.
  private static final int CHILDREN = 6;
  // Case searches while the job runs, at most.
  private static final int DURING = 30;
  private static final String ORG = "mc-police";
  // The job's throttle: photos per second (the property overrides it to measure the unthrottled
  // rate).
  // 10 a second binds on an idle CI machine, so the job lasts long enough for what happens during
  // it.
  private static final String THROTTLE = System.getProperty("homeward.it.reembed-rate", "10");
  private static final Map<String, String> REEMBED =
      Map.of(
          "homeward.gateway.reembed.every", "1s",
          "homeward.gateway.reembed.photos-per-second", THROTTLE,
          "homeward.gateway.reembed.photos-per-pass", "25",
          "homeward.gateway.reembed.grace", "PT10S");

  private RunningSystem system;
  private int police;
  private int searcher;

  @Test
  void theLiveSpaceSwitchesToIdentityWithoutMixingSpaces() throws Exception {
    system = RunningSystem.on(Db.H2);
    system.restartGateway(REEMBED);
    try {
      switchAndBack();
    } finally {
      system.restartGateway(Map.of());
    }
  }

  private void switchAndBack() throws Exception {
    Client admin = system.as(system.token("mc-admin", "mc-admin-org", "ADMIN"), "ADMINISTRATION");
    // A privacy officer reads the audit of the own organisation only: the administrator's, and the
    // searching police's.
    Client officer =
        system.as(system.token("mc-officer", "mc-admin-org", "PRIVACY_OFFICER"), "PRIVACY_AUDIT");
    JsonNode live = liveSpace(admin);
    String oldProjection = live.get("projection").asText();
    assertThat(oldProjection)
        .as("the packaged system starts with the bundled projection")
        .isNotEqualTo("identity");

    // Missing children's cases: the one whose photo the job reads first (it reads photos in id
    // order, and ids are random) is withdrawn once the job has put it into the new space, so that
    // only the outbox's removal can take it out of there again.
    Client cw = system.as(system.token("mc-cw-1", "mc-ngo", "NGO_CASEWORKER"), "FAMILY_TRACING");
    Client cw2 = system.as(system.token("mc-cw-2", "mc-ngo", "NGO_CASEWORKER"), "FAMILY_TRACING");
    List<String> young = lagPhotos("young");
    Enrolled child = null;
    String withdrawn = null;
    for (int k = 0; k < CHILDREN; k++) {
      String caseId = Fixtures.openMissingChildCase(cw, cw2);
      Enrolled e =
          enrolFirstAccepted(cw, caseId, young.subList(k * 20, k * 20 + 20), "FAMILY", 2018);
      if (child == null || e.photoId().compareTo(child.photoId()) < 0) {
        child = e;
        withdrawn = caseId;
      }
    }

    // A few hundred real photos, one found adult's case per LAG subject.
    List<String> cases = new ArrayList<>();
    long t0 = System.nanoTime();
    int enrolled = enrolLagAdults(cases);
    assertThat(enrolled).isGreaterThanOrEqualTo(PHOTOS);
    awaitIndexed();
    System.out.printf(
        "model change: %d photos of %d cases enrolled and indexed in %d s%n",
        enrolled, cases.size(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0));

    ManagedChannel search =
        InternalChannels.asGateway(system.searchGrpcPort(), RunningSystem.tlsDir());
    ManagedChannel embedder =
        InternalChannels.asGateway(RunningSystem.embedderGrpcPort(), RunningSystem.tlsDir());
    try {
      new Job(admin, officer, live, search, embedder).run(cw, withdrawn, child.file(), cases);
    } finally {
      search.shutdownNow();
      embedder.shutdownNow();
    }

    // Back to the bundled projection, so the other attacks meet the system they expect.
    json(admin.post("/api/v1/admin/spaces", "{\"projection\":\"" + oldProjection + "\"}"), 202);
    await(admin, live.get("id").asText(), s -> s.get("status").asText().equals("LIVE"));
  }

  /** The job from the old space to {@code identity}, and what is checked during and after it. */
  private final class Job {
    private final Client admin;
    private final Client officer;
    private final Client policeOfficer;
    private final ManagedChannel search;
    private final ManagedChannel embedder;
    private final String oldSpace;
    private final String oldProjection;
    private final ModelRef oldRef;

    Job(
        Client admin,
        Client officer,
        JsonNode live,
        ManagedChannel search,
        ManagedChannel embedder) {
      this.admin = admin;
      this.officer = officer;
      this.policeOfficer =
          system.as(system.token("mc-officer-police", ORG, "PRIVACY_OFFICER"), "PRIVACY_AUDIT");
      this.search = search;
      this.embedder = embedder;
      this.oldSpace = live.get("id").asText();
      this.oldProjection = live.get("projection").asText();
      this.oldRef = ref(live);
    }

    void run(Client cw, String withdrawn, String childPhoto, List<String> cases) throws Exception {
      assertThat(foundIn(search, embedder, oldProjection, oldRef, childPhoto, Side.SIDE_MISSING))
          .as("the child is found in the live space before the job")
          .contains(withdrawn);

      // Searches before the job: the old space.
      List<Long> before = new ArrayList<>();
      List<String> searchedBefore = cases.subList(0, 10);
      String oldCalibration = null;
      for (String c : searchedBefore) {
        oldCalibration = timedSearch(c, before).get("calibration").asText();
      }

      // The job.
      long jobStart = System.nanoTime();
      JsonNode started =
          json(admin.post("/api/v1/admin/spaces", "{\"projection\":\"identity\"}"), 202);
      String newSpace = started.get("id").asText();
      assertThat(started.get("status").asText()).isEqualTo("BUILDING");
      assertThat(newSpace).isNotEqualTo(oldSpace);
      Fixtures.expect(admin.post("/api/v1/admin/spaces", "{\"projection\":\"identity\"}"), 409);
      JsonNode audited =
          json(
              officer.get("/api/v1/oversight/audit/records?action=MODEL_CHANGE&actor=mc-admin"),
              200);
      assertThat(audited).extracting(r -> r.path("modelVersion").asText()).contains(newSpace);
      ModelRef newRef = ref(space(admin, newSpace));

      // Resumable: the gateway stops in the middle of the job and starts again; the job goes on
      // from its cursor (progress kept, nothing counted twice: checked after the switch).
      JsonNode beforeRestart = await(admin, newSpace, s -> s.get("photosDone").asInt() > 0);
      system.restartGateway(REEMBED);
      JsonNode afterRestart = space(admin, newSpace);
      assertThat(afterRestart.get("status").asText()).isEqualTo("BUILDING");
      assertThat(afterRestart.get("photosDone").asInt())
          .as("progress survives a restart")
          .isGreaterThanOrEqualTo(beforeRestart.get("photosDone").asInt());

      // The job has embedded the child's photo into the new space: now it is withdrawn, and a
      // found adult is enrolled, both while the job runs.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!foundInIfOpen(newRef, childPhoto, Side.SIDE_MISSING).contains(withdrawn)) {
        assertThat(System.nanoTime()).as("the job reaches the child's photo").isLessThan(deadline);
        Thread.sleep(200);
      }
      Client police = nextPolice();
      String lateCase = Fixtures.openFoundAdultCase(police, "MC-LATE");
      List<String> unused = new ArrayList<>(lagPhotos("adult"));
      Collections.reverse(unused);
      String latePhoto = enrolFirstAccepted(police, lateCase, unused, "POLICE", 2016).file();
      Client dataProtection =
          system.as(system.token("mc-cw-1", "mc-ngo", "NGO_CASEWORKER"), "DATA_PROTECTION");
      String consent =
          json(cw.get("/api/v1/cases/" + withdrawn), 200).get("consents").get(0).get("id").asText();
      json(
          dataProtection.post(
              "/api/v1/cases/" + withdrawn + "/consents/" + consent + "/withdrawal", ""),
          200);
      assertThat(space(admin, newSpace).get("completedAt").isNull())
          .as("the enrolment and the withdrawal happened while the job ran")
          .isTrue();

      // Searches during the job: the old space.
      List<Long> during = new ArrayList<>();
      List<String> searchedDuring = new ArrayList<>();
      int i = searchedBefore.size();
      // The last case is kept for the search after the switch; a few dozen searches are enough
      // (each one competes with the job for the embedder).
      while (i < cases.size() - 1 && searchedDuring.size() < DURING) {
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
      long jobSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - jobStart);
      double rate = switched.get("photosPerSecond").asDouble();
      assertThat(rate).as("the finished job keeps its rate").isPositive();
      // Every photo read once (the late enrolment may be read too), none twice after the restart.
      assertThat(switched.get("photosDone").asInt() + switched.get("photosFailed").asInt())
          .isLessThanOrEqualTo(switched.get("photosTotal").asInt() + 1)
          .isGreaterThanOrEqualTo(switched.get("photosTotal").asInt() - 1);
      assertThat(switched.get("photosFailed").asInt()).isZero();
      assertThat(space(admin, oldSpace).get("status").asText()).isIn("RETIRING", "DROPPED");

      // Both spaces hold the same faces, with the late enrolment and without the withdrawn child,
      // each in its own vectors. Read before the grace period ends (10 s): a dropped space has
      // none.
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
      String searchedAfter = cases.get(cases.size() - 1);
      JsonNode r = timedSearch(searchedAfter, after);
      assertThat(r.get("calibration").asText()).isNotEqualTo(oldCalibration);

      // The audit records the space of every search.
      for (String c : searchedBefore) {
        assertThat(modelVersions(policeOfficer, c))
            .as("audited space of a search before the job")
            .containsExactly(oldSpace);
      }
      for (String c : searchedDuring) {
        assertThat(modelVersions(policeOfficer, c))
            .as("audited space of a search during the job")
            .containsExactly(oldSpace);
      }
      assertThat(modelVersions(policeOfficer, searchedAfter)).containsExactly(newSpace);

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
          "model change: %d photos re-embedded at %.1f photos/s (throttle %s/s; %d s from the"
              + " start to the switch); search p50 before %d ms (%d searches), during %d ms (%d"
              + " searches), after %d ms%n",
          switched.get("photosDone").asInt(),
          rate,
          THROTTLE,
          jobSeconds,
          median(before),
          before.size(),
          median(during),
          during.size(),
          median(after));
    }

    /** {@link #foundIn}, or nothing while the space does not exist yet. */
    private List<String> foundInIfOpen(ModelRef space, String lagPhoto, Side side) {
      try {
        return foundIn(search, embedder, "identity", space, lagPhoto, side);
      } catch (StatusRuntimeException e) {
        return List.of();
      }
    }
  }

  /** A LAG photo enrolled, and its id. */
  private record Enrolled(String file, String photoId) {}

  /** Enrols the first photo the quality gate accepts; returns it. */
  private static Enrolled enrolFirstAccepted(
      Client client, String caseId, List<String> photos, String source, int year) {
    for (String photo : photos) {
      HttpResponse<String> r =
          client.postImage(
              "/api/v1/cases/" + caseId + "/photos?source=" + source + "&photoYear=" + year,
              Fixtures.photo("../datasets/lag/images/" + photo));
      if (r.statusCode() == 201) {
        return new Enrolled(photo, json(r, 201).get("id").asText());
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
        currentCase = Fixtures.openFoundAdultCase(police, "MC-" + subject);
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
        if (!cases.contains(currentCase)) {
          // Only cases with a photo can be searched.
          cases.add(currentCase);
        }
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

  /** LAG photos of a group ({@code adult} or {@code young}), in the manifest's order. */
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
