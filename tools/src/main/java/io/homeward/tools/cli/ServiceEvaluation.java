package io.homeward.tools.cli;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.homeward.proto.search.v1.Candidate;
import io.homeward.proto.search.v1.CaseCandidate;
import io.homeward.proto.search.v1.CaseProbe;
import io.homeward.proto.search.v1.CaseStatus;
import io.homeward.proto.search.v1.FaceRecord;
import io.homeward.proto.search.v1.GetStatsRequest;
import io.homeward.proto.search.v1.GetStatsResponse;
import io.homeward.proto.search.v1.ModelRef;
import io.homeward.proto.search.v1.ProbeContext;
import io.homeward.proto.search.v1.RemoveFacesRequest;
import io.homeward.proto.search.v1.SearchForCaseRequest;
import io.homeward.proto.search.v1.SearchForCaseResponse;
import io.homeward.proto.search.v1.SearchRequest;
import io.homeward.proto.search.v1.SearchResponse;
import io.homeward.proto.search.v1.SearchServiceGrpc;
import io.homeward.proto.search.v1.Side;
import io.homeward.proto.search.v1.SpaceStats;
import io.homeward.proto.search.v1.UpsertFacesRequest;
import io.homeward.proto.search.v1.YearRange;
import io.homeward.tools.eval.Counts;
import io.homeward.tools.eval.EvaluationResult;
import io.homeward.tools.eval.Evaluator;
import io.homeward.tools.eval.GroupMetrics;
import io.homeward.tools.eval.IdentificationMetrics;
import io.homeward.tools.eval.LabeledVector;
import io.homeward.tools.eval.ProbeOutcome;
import io.homeward.tools.eval.RankSummary;
import io.homeward.tools.eval.ScoreHistogram;
import io.homeward.tools.eval.Verification;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.ToDoubleFunction;

/**
 * Child-to-adult identification on LAG through the search service: the adult gallery is upserted as
 * FOUND faces, each young probe searches the FOUND side, and the faces are removed afterwards.
 * Three rankings come back: face only (no probe metadata, so no metadata evidence applies and the
 * calibration, monotonic in the cosine, keeps the raw order), with simulated metadata, and with
 * simulated metadata carrying recollection errors; plus the recall of the service's index against
 * exact search over the same vectors.
 *
 * <p>Subjects are sent as fresh pseudonymous case references (a salted digest, new every run); the
 * subject-to-reference map lives only in this object. The service must serve the embedding's vector
 * space with an empty index for it, so that the figures are LAG's alone and removing the LAG cases
 * leaves the index as it was.
 */
final class ServiceEvaluation implements AutoCloseable {
  /** Candidates asked for: the service's maximum. */
  static final int K = 100;

  static final int RECALL_K = 10;

  /** Faces per upsert: 500 x 512 floats is 1 MB, well under gRPC's 4 MB message limit. */
  static final int UPSERT_BATCH = 500;

  static final String FACE_ONLY = "face-only";
  static final String METADATA = "calibrated+metadata(sim)";
  static final String NOISY = "metadata-noisy(sim)";

  static final String ONE_PHOTO = "one photo (mean over the case's photos)";
  static final String FUSED = "case search (service fusion)";
  static final String FUSED_BEST = "case search, best pair only";
  static final String FUSED_MEAN = "case search, mean of best matches only";
  static final String FUSED_BLEND = "case search, (best pair + mean) / 2";
  static final String FUSED_METADATA = "case search + metadata(sim)";

  private static final long SEARCH_DEADLINE_S = 10;
  private static final long UPSERT_DEADLINE_S = 60;

  /** A failure talking to the service, with a message fit for the console. */
  static final class ServiceException extends Exception {
    ServiceException(String message) {
      super(message);
    }
  }

  /**
   * What the service runs gave.
   *
   * @param byConfiguration figures per ranking, in the order face-only, metadata, noisy
   * @param recallAt10 mean recall@10 of a k=10 search (the service's default call) against exact
   *     search
   * @param recallAt10Of100 the same for the top 10 of the k=100 face-only lists
   * @param agreeWithDirect face-only probes whose rank equals the direct evaluation's, among those
   *     the direct evaluation ranks within K ({@code comparableWithDirect})
   * @param unsortedLists face-only lists not in non-increasing raw score order (expected 0)
   * @param noisySubjects subjects whose probe-side birth year is wrong in the noisy run
   * @param fusion case-level figures for the subjects with several young photos
   */
  record Result(
      String indexKind,
      String calibrationVersion,
      Map<String, GroupMetrics> byConfiguration,
      double recallAt10,
      double recallAt10Of100,
      int agreeWithDirect,
      int comparableWithDirect,
      int unsortedLists,
      int noisySubjects,
      int subjects,
      CaseFusion fusion) {}

  /**
   * Case-level identification of the subjects that have at least two enrolled young photos: the
   * rank of the right case among candidate cases (each case once), by ranking. "One photo" is each
   * photo searched alone, averaged over the case's photos (what a family with a single photo would
   * get); the case searches send all of them in one SearchForCase call. The two simple fusions
   * re-order the service's own case candidates by their best raw pair score, or by the mean of each
   * photo's best raw match (a photo that missed the case counts zero).
   *
   * @param cases subjects searched as cases
   * @param photos their young photos, in all
   * @param byRanking rank summary per ranking, in the order one photo, service fusion, best pair,
   *     mean, their average, service fusion with metadata
   */
  record CaseFusion(int cases, int photos, Map<String, RankSummary> byRanking) {}

  private final String target;
  private final String transport;
  private final ManagedChannel channel;
  private final SearchServiceGrpc.SearchServiceBlockingStub stub;
  private final PrintStream err;

  private ServiceEvaluation(String target, ServiceChannels.Opened opened, PrintStream err) {
    this.target = target;
    this.transport = opened.transport();
    this.channel = opened.channel();
    this.stub = SearchServiceGrpc.newBlockingStub(channel);
    this.err = err;
  }

  /**
   * A channel to {@code hostPort}: over mTLS with the gateway's certificates in {@code tlsDir} when
   * the service asks for TLS, in plaintext on loopback when it runs without (see {@link
   * ServiceChannels}).
   */
  static ServiceEvaluation connect(String hostPort, Path tlsDir, PrintStream err)
      throws ServiceException {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new ServiceException("--through-service wants HOST:PORT, e.g. 127.0.0.1:9111");
    }
    String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
    int port;
    try {
      port = Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new ServiceException("--through-service: '" + hostPort + "' has no valid port");
    }
    ServiceChannels.Opened opened = ServiceChannels.open(host, port, tlsDir);
    err.println("homeward eval: the search service at " + hostPort + ", " + opened.transport());
    return new ServiceEvaluation(hostPort, opened, err);
  }

  /**
   * Checks that the service serves the model's space and that its index for it is empty.
   *
   * @return the index kind ("embedded" or "milvus")
   */
  String checkReady(ModelRef model) throws ServiceException {
    GetStatsResponse stats =
        call(
            "GetStats",
            () ->
                stub.withDeadlineAfter(SEARCH_DEADLINE_S, TimeUnit.SECONDS)
                    .getStats(GetStatsRequest.getDefaultInstance()));
    for (SpaceStats s : stats.getSpacesList()) {
      if (s.getModel().getId().equals(model.getId())
          && s.getModel().getVersion().equals(model.getVersion())) {
        if (s.getMissing() + s.getFound() > 0) {
          throw new ServiceException(
              "the search service at "
                  + target
                  + " already holds "
                  + (s.getMissing() + s.getFound())
                  + " faces in this space; run the evaluation against a service with an empty"
                  + " index (e.g. -Dhomeward.search.embedded.dir=<new folder>), so that the figures"
                  + " are LAG's alone and no other face is touched");
        }
        return stats.getIndexKind();
      }
    }
    throw new ServiceException(
        "the search service at "
            + target
            + " does not serve "
            + model.getId()
            + "@"
            + model.getVersion()
            + "; start it with homeward.search.space.model-id/model-version set to the embedding's");
  }

  /**
   * Upserts the enrolled gallery as FOUND, runs the searches, and removes the faces again (also
   * when a search fails). {@code direct} is the local evaluation of the same probes, in the same
   * order, for the agreement check.
   */
  Result evaluate(
      ModelRef model,
      String indexKind,
      List<LabeledVector> probes,
      List<LabeledVector> gallery,
      EvaluationResult direct)
      throws ServiceException {
    Map<String, String> caseRefs = pseudonyms(probes, gallery);
    List<float[]> enrolledVectors = new ArrayList<>();
    List<Long> enrolledIds = new ArrayList<>();
    List<FaceRecord> records = new ArrayList<>();
    long nextFaceId = 1;
    for (LabeledVector g : gallery) {
      if (!g.enrolled()) {
        continue;
      }
      long faceId = nextFaceId++;
      SimulatedMetadata.Facts f = SimulatedMetadata.gallery(g.subject(), g.id());
      FaceRecord.Builder r =
          FaceRecord.newBuilder()
              .setFaceId(faceId)
              .setCaseRef(caseRefs.get(g.subject()))
              .setSide(Side.SIDE_FOUND)
              .setBirthYear(range(f.birthYearFrom(), f.birthYearTo()))
              .setAgeAtPhoto(f.ageAtPhoto())
              .setPhotoYear(f.photoYear())
              .setCaseStatus(CaseStatus.CASE_STATUS_OPEN)
              .setModel(model);
      for (float v : g.vector()) {
        r.addVector(v);
      }
      records.add(r.build());
      enrolledVectors.add(g.vector());
      enrolledIds.add(faceId);
    }

    Set<String> upsertedCases = new LinkedHashSet<>();
    String calibrationVersion = "";
    Map<String, GroupMetrics> byConfiguration = new LinkedHashMap<>();
    try {
      upsert(records, upsertedCases);

      RankingRun faceOnly =
          run(FACE_ONLY, model, K, probes, caseRefs, (p, i) -> noMetadata(), true);
      calibrationVersion = faceOnly.calibrationVersion;
      RankingRun metadata =
          run(
              METADATA,
              model,
              K,
              probes,
              caseRefs,
              (p, i) -> context(SimulatedMetadata.probe(p.subject(), p.id())),
              false);
      RankingRun noisy =
          run(
              NOISY,
              model,
              K,
              probes,
              caseRefs,
              (p, i) -> context(SimulatedMetadata.noisyProbe(p.subject(), p.id())),
              false);
      RankingRun top10 =
          run(
              FACE_ONLY + " k=" + RECALL_K,
              model,
              RECALL_K,
              probes,
              caseRefs,
              (p, i) -> noMetadata(),
              true);

      Set<String> gallerySubjects = new LinkedHashSet<>();
      gallery.forEach(g -> gallerySubjects.add(g.subject()));
      for (RankingRun run : List.of(faceOnly, metadata, noisy)) {
        byConfiguration.put(
            run.name, metrics(run, probes, gallery, gallerySubjects, enrolledIds.size()));
      }

      double recall10 = 0;
      double recall10Of100 = 0;
      int searched = 0;
      int agree = 0;
      int comparable = 0;
      for (int i = 0; i < probes.size(); i++) {
        LabeledVector p = probes.get(i);
        if (!p.enrolled()) {
          continue;
        }
        int[] exact = CandidateRanks.exactTopK(p.vector(), enrolledVectors, RECALL_K);
        long[] exactIds = new long[exact.length];
        for (int j = 0; j < exact.length; j++) {
          exactIds[j] = enrolledIds.get(exact[j]);
        }
        recall10 += CandidateRanks.recall(top10.faceIds.get(i), exactIds);
        long[] first10 = faceOnly.faceIds.get(i);
        recall10Of100 +=
            CandidateRanks.recall(
                Arrays.copyOf(first10, Math.min(RECALL_K, first10.length)), exactIds);
        searched++;
        int directRank = direct.probes().get(i).imageRank();
        if (directRank != ProbeOutcome.NOT_FOUND && directRank <= K) {
          comparable++;
          if (faceOnly.imageRanks[i] == directRank) {
            agree++;
          }
        }
      }
      Set<String> subjects = new LinkedHashSet<>();
      probes.forEach(p -> subjects.add(p.subject()));
      int noisySubjects = 0;
      for (String s : subjects) {
        if (SimulatedMetadata.birthYearError(s) != 0) {
          noisySubjects++;
        }
      }
      CaseFusion fusion = caseFusion(model, probes, caseRefs, gallerySubjects, faceOnly);
      return new Result(
          indexKind,
          calibrationVersion,
          byConfiguration,
          searched == 0 ? Double.NaN : recall10 / searched,
          searched == 0 ? Double.NaN : recall10Of100 / searched,
          agree,
          comparable,
          faceOnly.unsortedLists,
          noisySubjects,
          subjects.size(),
          fusion);
    } finally {
      removeAll(upsertedCases, records.size());
    }
  }

  /** See {@link CaseFusion}. */
  private CaseFusion caseFusion(
      ModelRef model,
      List<LabeledVector> probes,
      Map<String, String> caseRefs,
      Set<String> gallerySubjects,
      RankingRun faceOnly)
      throws ServiceException {
    Map<String, List<Integer>> photosOf = new LinkedHashMap<>();
    for (int i = 0; i < probes.size(); i++) {
      LabeledVector p = probes.get(i);
      if (p.enrolled() && gallerySubjects.contains(p.subject())) {
        photosOf.computeIfAbsent(p.subject(), s -> new ArrayList<>()).add(i);
      }
    }
    photosOf.values().removeIf(photos -> photos.size() < 2);
    List<int[]> onePhoto = new ArrayList<>();
    List<int[]> fused = new ArrayList<>();
    List<int[]> best = new ArrayList<>();
    List<int[]> mean = new ArrayList<>();
    List<int[]> blend = new ArrayList<>();
    List<int[]> fusedMetadata = new ArrayList<>();
    int photos = 0;
    Progress progress = new Progress("LAG via service, case searches", photosOf.size() * 2, err);
    for (Map.Entry<String, List<Integer>> e : photosOf.entrySet()) {
      String wanted = caseRefs.get(e.getKey());
      List<Integer> indexes = e.getValue();
      photos += indexes.size();
      int[] alone = new int[indexes.size()];
      for (int j = 0; j < alone.length; j++) {
        alone[j] = faceOnly.identityRanks[indexes.get(j)];
      }
      onePhoto.add(alone);

      List<CaseCandidate> plain = searchCase(model, probes, indexes, false);
      fused.add(new int[] {caseRank(plain, wanted)});
      best.add(new int[] {caseRank(reordered(plain, CaseCandidate::getBestScore), wanted)});
      mean.add(new int[] {caseRank(reordered(plain, CaseCandidate::getMeanTopScore), wanted)});
      blend.add(
          new int[] {
            caseRank(reordered(plain, c -> (c.getBestScore() + c.getMeanTopScore()) / 2.0), wanted)
          });
      progress.step();
      fusedMetadata.add(new int[] {caseRank(searchCase(model, probes, indexes, true), wanted)});
      progress.step();
    }
    int depth = Math.min(K, gallerySubjects.size());
    Map<String, RankSummary> byRanking = new LinkedHashMap<>();
    byRanking.put(ONE_PHOTO, CandidateRanks.meanSummary(onePhoto, depth));
    byRanking.put(FUSED, CandidateRanks.meanSummary(fused, depth));
    byRanking.put(FUSED_BEST, CandidateRanks.meanSummary(best, depth));
    byRanking.put(FUSED_MEAN, CandidateRanks.meanSummary(mean, depth));
    byRanking.put(FUSED_BLEND, CandidateRanks.meanSummary(blend, depth));
    byRanking.put(FUSED_METADATA, CandidateRanks.meanSummary(fusedMetadata, depth));
    return new CaseFusion(photosOf.size(), photos, byRanking);
  }

  private List<CaseCandidate> searchCase(
      ModelRef model, List<LabeledVector> probes, List<Integer> indexes, boolean withMetadata)
      throws ServiceException {
    SearchForCaseRequest.Builder req =
        SearchForCaseRequest.newBuilder().setModel(model).setTargetSide(Side.SIDE_FOUND).setK(K);
    for (int i : indexes) {
      LabeledVector p = probes.get(i);
      CaseProbe.Builder probe =
          CaseProbe.newBuilder()
              .setProbe(
                  withMetadata
                      ? context(SimulatedMetadata.probe(p.subject(), p.id()))
                      : noMetadata());
      for (float v : p.vector()) {
        probe.addVector(v);
      }
      req.addProbes(probe);
    }
    SearchForCaseResponse response =
        call(
            "SearchForCase",
            () ->
                stub.withDeadlineAfter(SEARCH_DEADLINE_S, TimeUnit.SECONDS)
                    .searchForCase(req.build()));
    return response.getCandidatesList();
  }

  /** The same case candidates, best first by {@code score} (stable for ties). */
  private static List<CaseCandidate> reordered(
      List<CaseCandidate> candidates, ToDoubleFunction<CaseCandidate> score) {
    List<CaseCandidate> sorted = new ArrayList<>(candidates);
    sorted.sort(Comparator.comparingDouble(score).reversed());
    return sorted;
  }

  private static int caseRank(List<CaseCandidate> candidates, String wanted) {
    List<String> refs = new ArrayList<>(candidates.size());
    candidates.forEach(c -> refs.add(c.getCaseRef()));
    return CandidateRanks.identityRank(refs, wanted);
  }

  /** One ranking's raw outcome per probe, in probe order. */
  private static final class RankingRun {
    final String name;
    final int[] imageRanks;
    final int[] identityRanks;
    final List<long[]> faceIds = new ArrayList<>();
    String calibrationVersion = "";
    int unsortedLists;

    RankingRun(String name, int probes) {
      this.name = name;
      this.imageRanks = new int[probes];
      this.identityRanks = new int[probes];
    }
  }

  private RankingRun run(
      String name,
      ModelRef model,
      int k,
      List<LabeledVector> probes,
      Map<String, String> caseRefs,
      BiFunction<LabeledVector, Integer, ProbeContext> contextOf,
      boolean checkOrder)
      throws ServiceException {
    RankingRun run = new RankingRun(name, probes.size());
    Progress progress = new Progress("LAG via service, " + name, probes.size(), err);
    for (int i = 0; i < probes.size(); i++) {
      LabeledVector p = probes.get(i);
      if (!p.enrolled()) {
        run.faceIds.add(new long[0]);
        progress.step();
        continue;
      }
      SearchRequest.Builder req =
          SearchRequest.newBuilder()
              .setModel(model)
              .setTargetSide(Side.SIDE_FOUND)
              .setProbe(contextOf.apply(p, i))
              .setK(k);
      for (float v : p.vector()) {
        req.addVector(v);
      }
      SearchResponse response =
          call(
              "Search",
              () ->
                  stub.withDeadlineAfter(SEARCH_DEADLINE_S, TimeUnit.SECONDS).search(req.build()));
      run.calibrationVersion = response.getCalibrationVersion();
      List<String> refs = new ArrayList<>(response.getCandidatesCount());
      long[] ids = new long[response.getCandidatesCount()];
      float previous = Float.POSITIVE_INFINITY;
      boolean sorted = true;
      for (int c = 0; c < ids.length; c++) {
        Candidate cand = response.getCandidates(c);
        refs.add(cand.getCaseRef());
        ids[c] = cand.getFaceId();
        sorted &= cand.getRawScore() <= previous;
        previous = cand.getRawScore();
      }
      if (checkOrder && !sorted) {
        run.unsortedLists++;
      }
      String wanted = caseRefs.get(p.subject());
      run.imageRanks[i] = CandidateRanks.imageRank(refs, wanted);
      run.identityRanks[i] = CandidateRanks.identityRank(refs, wanted);
      run.faceIds.add(ids);
      progress.step();
    }
    return run;
  }

  /**
   * Figures in {@link Evaluator}'s shape and with its denominators. Only ranks: a candidate list
   * gives no full score matrix, so verification figures are empty (n/a).
   */
  private static GroupMetrics metrics(
      RankingRun run,
      List<LabeledVector> probes,
      List<LabeledVector> gallery,
      Set<String> gallerySubjects,
      int enrolledGallery) {
    int failed = 0;
    int absent = 0;
    List<Integer> image = new ArrayList<>();
    List<Integer> identity = new ArrayList<>();
    for (int i = 0; i < probes.size(); i++) {
      LabeledVector p = probes.get(i);
      if (!p.enrolled()) {
        failed++;
      }
      if (!gallerySubjects.contains(p.subject())) {
        absent++;
        continue;
      }
      image.add(run.imageRanks[i]);
      identity.add(run.identityRanks[i]);
    }
    int ranked = image.size();
    int galleryFailed = gallery.size() - enrolledGallery;
    Counts counts =
        new Counts(
            probes.size(),
            failed,
            absent,
            ranked,
            gallery.size(),
            galleryFailed,
            gallerySubjects.size(),
            0,
            0);
    IdentificationMetrics identification =
        new IdentificationMetrics(
            ranked,
            CandidateRanks.summary(toArray(image), Math.min(K, enrolledGallery)),
            CandidateRanks.summary(toArray(identity), Math.min(K, gallerySubjects.size())));
    float[] none = new float[0];
    return new GroupMetrics(
        counts,
        identification,
        Verification.compute(none, none),
        ScoreHistogram.of(none, none, ScoreHistogram.DEFAULT_BINS));
  }

  private void upsert(List<FaceRecord> records, Set<String> upsertedCases) throws ServiceException {
    Progress progress = new Progress("LAG gallery upsert to service", records.size(), err);
    for (int from = 0; from < records.size(); from += UPSERT_BATCH) {
      List<FaceRecord> batch = records.subList(from, Math.min(records.size(), from + UPSERT_BATCH));
      // Recorded before the call: a call that times out may still have stored the faces.
      batch.forEach(r -> upsertedCases.add(r.getCaseRef()));
      UpsertFacesRequest req = UpsertFacesRequest.newBuilder().addAllFaces(batch).build();
      call(
          "UpsertFaces",
          () -> stub.withDeadlineAfter(UPSERT_DEADLINE_S, TimeUnit.SECONDS).upsertFaces(req));
      batch.forEach(r -> progress.step());
    }
  }

  /** Removes every LAG case again; reports, rather than throws, what could not be removed. */
  private void removeAll(Set<String> cases, int expectedFaces) {
    if (cases.isEmpty()) {
      return;
    }
    Progress progress = new Progress("LAG cases removed from service", cases.size(), err);
    int removed = 0;
    int failedCases = 0;
    for (String ref : cases) {
      try {
        removed +=
            stub.withDeadlineAfter(SEARCH_DEADLINE_S, TimeUnit.SECONDS)
                .removeFaces(RemoveFacesRequest.newBuilder().setCaseRef(ref).build())
                .getRemoved();
      } catch (StatusRuntimeException e) {
        failedCases++;
      }
      progress.step();
    }
    if (failedCases > 0 || removed != expectedFaces) {
      err.println(
          "homeward eval: WARNING: removed "
              + removed
              + " of "
              + expectedFaces
              + " LAG faces from the search service ("
              + failedCases
              + " case removals failed); its index may still hold LAG faces: delete it");
    }
  }

  /**
   * A fresh pseudonymous case reference per subject: a digest salted anew each run, so names
   * (personal data) never reach the service and references cannot be linked across runs.
   */
  static Map<String, String> pseudonyms(List<LabeledVector> probes, List<LabeledVector> gallery) {
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    Map<String, String> refs = new HashMap<>();
    Set<String> used = new HashSet<>();
    for (List<LabeledVector> list : List.of(gallery, probes)) {
      for (LabeledVector v : list) {
        refs.computeIfAbsent(
            v.subject(),
            s -> {
              String ref = "lag-" + HexFormat.of().formatHex(digest(salt, s), 0, 12);
              if (!used.add(ref)) {
                throw new IllegalStateException("case reference collision; run again");
              }
              return ref;
            });
      }
    }
    return refs;
  }

  private static byte[] digest(byte[] salt, String subject) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(salt);
      return d.digest(subject.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  /** No metadata at all: age -1 (unknown; proto's default 0 would read as a newborn), years 0. */
  static ProbeContext noMetadata() {
    return ProbeContext.newBuilder().setAgeAtPhoto(-1).build();
  }

  static ProbeContext context(SimulatedMetadata.Facts f) {
    return ProbeContext.newBuilder()
        .setBirthYear(range(f.birthYearFrom(), f.birthYearTo()))
        .setAgeAtPhoto(f.ageAtPhoto())
        .setPhotoYear(f.photoYear())
        .build();
  }

  private static YearRange range(int from, int to) {
    return YearRange.newBuilder().setFrom(from).setTo(to).build();
  }

  private static int[] toArray(List<Integer> values) {
    return values.stream().mapToInt(Integer::intValue).toArray();
  }

  private interface Call<T> {
    T run();
  }

  private <T> T call(String what, Call<T> call) throws ServiceException {
    try {
      return call.run();
    } catch (StatusRuntimeException e) {
      Status s = e.getStatus();
      if (s.getCode() == Status.Code.UNAVAILABLE) {
        throw new ServiceException(
            "the search service at "
                + target
                + " is unavailable ("
                + what
                + ", "
                + transport
                + "): is it running and listening there for gRPC, and does it trust the"
                + " certificate shown?");
      }
      if (s.getCode() == Status.Code.DEADLINE_EXCEEDED) {
        throw new ServiceException(
            "the search service at " + target + " did not answer " + what + " in time");
      }
      throw new ServiceException(
          "the search service at "
              + target
              + " refused "
              + what
              + ": "
              + s.getCode()
              + (s.getDescription() == null ? "" : " " + s.getDescription()));
    }
  }

  @Override
  public void close() {
    channel.shutdown();
    try {
      if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
