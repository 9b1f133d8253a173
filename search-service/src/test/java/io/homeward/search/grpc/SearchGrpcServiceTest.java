package io.homeward.search.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.homeward.proto.search.v1.Band;
import io.homeward.proto.search.v1.CandidateEvent;
import io.homeward.proto.search.v1.CaseProbe;
import io.homeward.proto.search.v1.CaseStatus;
import io.homeward.proto.search.v1.DropSpaceRequest;
import io.homeward.proto.search.v1.FaceIds;
import io.homeward.proto.search.v1.FaceRecord;
import io.homeward.proto.search.v1.GetStatsRequest;
import io.homeward.proto.search.v1.ModelRef;
import io.homeward.proto.search.v1.ProbeContext;
import io.homeward.proto.search.v1.RemoveFacesRequest;
import io.homeward.proto.search.v1.SearchForCaseRequest;
import io.homeward.proto.search.v1.SearchRequest;
import io.homeward.proto.search.v1.SearchService;
import io.homeward.proto.search.v1.SearchServiceGrpc.SearchServiceBlockingStub;
import io.homeward.proto.search.v1.Sex;
import io.homeward.proto.search.v1.Side;
import io.homeward.proto.search.v1.UpsertFacesRequest;
import io.homeward.proto.search.v1.UpsertFacesResponse;
import io.homeward.proto.search.v1.WatchCandidatesRequest;
import io.homeward.proto.search.v1.YearRange;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The search service through its real gRPC server with the embedded index. */
@QuarkusTest
class SearchGrpcServiceTest {
  private static final ModelRef MODEL =
      ModelRef.newBuilder()
          .setId("mobilefacenet-faceplugin")
          .setVersion("faceplugin-1.0.3")
          .build();
  private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() * 1000);

  @GrpcClient("search")
  SearchServiceBlockingStub blocking;

  @GrpcClient("search")
  SearchService client;

  // Fresh vectors per test (and per run: the test index persists under target/), so tests never
  // meet.
  private final Random random = new Random();

  @Test
  void aNewFoundFaceRaisesTheMissingChildOnceOnTheStream() {
    AssertSubscriber<CandidateEvent> watcher =
        client
            .watchCandidates(WatchCandidatesRequest.getDefaultInstance())
            .subscribe()
            .withSubscriber(AssertSubscriber.create(10));
    float[] child = unit();
    String missingCase = "m" + IDS.incrementAndGet();
    long childFace = IDS.incrementAndGet();
    upsert(
        face(
            childFace,
            missingCase,
            Side.SIDE_MISSING,
            CaseStatus.CASE_STATUS_OPEN,
            child,
            2010,
            4,
            2014));

    float[] adult = near(child, 0.45f);
    long adultFace = IDS.incrementAndGet();
    var response =
        upsert(
            face(
                adultFace,
                "f" + IDS.incrementAndGet(),
                Side.SIDE_FOUND,
                CaseStatus.CASE_STATUS_OPEN,
                adult,
                2010,
                24,
                2034));

    assertThat(response.getCandidatesRaised()).isEqualTo(1);
    assertThat(response.getStandingCandidatesList())
        .extracting(e -> e.getCandidate().getFaceId())
        .containsExactly(childFace);
    watcher.awaitItems(1, Duration.ofSeconds(10));
    CandidateEvent event = watcher.getItems().get(0);
    assertThat(event.getProbeFaceId()).isEqualTo(adultFace);
    assertThat(event.getCandidate().getFaceId()).isEqualTo(childFace);
    assertThat(event.getCandidate().getCaseRef()).isEqualTo(missingCase);
    assertThat(event.getCandidate().getBand().getNumber())
        .isGreaterThanOrEqualTo(Band.BAND_PROBABLE_VALUE);

    // The same pair is not raised again, from either side; a retried upsert still returns it as a
    // standing candidate, so a caller whose first acknowledgement was lost does not miss it.
    var retried =
        upsert(
            face(
                adultFace,
                "f" + IDS.incrementAndGet(),
                Side.SIDE_FOUND,
                CaseStatus.CASE_STATUS_OPEN,
                adult,
                2010,
                24,
                2034));
    assertThat(retried.getCandidatesRaised()).isZero();
    assertThat(retried.getStandingCandidatesList())
        .extracting(e -> e.getCandidate().getFaceId())
        .containsExactly(childFace);
    assertThat(
            upsert(
                    face(
                        childFace,
                        missingCase,
                        Side.SIDE_MISSING,
                        CaseStatus.CASE_STATUS_OPEN,
                        child,
                        2010,
                        4,
                        2014))
                .getCandidatesRaised())
        .isZero();
    watcher.cancel();
  }

  @Test
  void pendingCasesAreNeitherSearchedNorSearchedWith() {
    float[] child = unit();
    long pending = IDS.incrementAndGet();
    upsert(
        face(
            pending,
            "p" + IDS.incrementAndGet(),
            Side.SIDE_MISSING,
            CaseStatus.CASE_STATUS_PENDING,
            child,
            0,
            -1,
            0));
    var raised =
        upsert(
            face(
                IDS.incrementAndGet(),
                "f" + IDS.incrementAndGet(),
                Side.SIDE_FOUND,
                CaseStatus.CASE_STATUS_OPEN,
                near(child, 0.3f),
                0,
                -1,
                0));
    assertThat(raised.getCandidatesRaised()).isZero();

    var result = blocking.search(search(near(child, 0.3f), Side.SIDE_MISSING, 10));
    assertThat(result.getCandidatesList()).noneMatch(c -> c.getFaceId() == pending);
    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                blocking.search(
                    search(child, Side.SIDE_MISSING, 10).toBuilder()
                        .addStatuses(CaseStatus.CASE_STATUS_PENDING)
                        .build()));
    assertRefused(e, Status.Code.INVALID_ARGUMENT, "INVALID_REQUEST");
  }

  @Test
  void searchReturnsRankedBandedCandidatesWithReasons() {
    float[] child = unit();
    long target = IDS.incrementAndGet();
    upsert(
        face(
            target,
            "m" + IDS.incrementAndGet(),
            Side.SIDE_MISSING,
            CaseStatus.CASE_STATUS_OPEN,
            child,
            2000,
            5,
            2005));
    var result = blocking.search(search(near(child, 0.5f), Side.SIDE_MISSING, 5));
    assertThat(result.getCandidates(0).getFaceId()).isEqualTo(target);
    assertThat(result.getCandidates(0).getRank()).isEqualTo(1);
    assertThat(result.getCandidates(0).getReasonsList()).isNotEmpty();
    assertThat(result.getCalibrationVersion()).isEqualTo("lag-far-v0");
    assertThat(result.getCandidatesCount()).isLessThanOrEqualTo(5);
  }

  @Test
  void aCaseSearchFusesPhotosPerCandidateCase() {
    float[] person = unit();
    String foundCase = "f" + IDS.incrementAndGet();
    upsert(
        face(
            IDS.incrementAndGet(),
            foundCase,
            Side.SIDE_FOUND,
            CaseStatus.CASE_STATUS_OPEN,
            near(person, 0.5f),
            0,
            -1,
            0));
    var request =
        SearchForCaseRequest.newBuilder()
            .setModel(MODEL)
            .setTargetSide(Side.SIDE_FOUND)
            .addProbes(CaseProbe.newBuilder().addAllVector(list(near(person, 0.5f))))
            .addProbes(CaseProbe.newBuilder().addAllVector(list(near(person, 0.5f))))
            .build();
    var cases = blocking.searchForCase(request);
    assertThat(cases.getCandidates(0).getCaseRef()).isEqualTo(foundCase);
    assertThat(cases.getCandidates(0).getMatchesCount()).isEqualTo(2);
  }

  @Test
  void aCaseSearchWithStoredProbesSearchesTheirStoredVectorsAsTheVectorsWould() {
    float[] person = unit();
    String foundCase = "f" + IDS.incrementAndGet();
    upsert(
        face(
            IDS.incrementAndGet(),
            foundCase,
            Side.SIDE_FOUND,
            CaseStatus.CASE_STATUS_OPEN,
            near(person, 0.5f),
            0,
            -1,
            0));
    String missingCase = "m" + IDS.incrementAndGet();
    float[] first = near(person, 0.5f);
    float[] second = near(person, 0.5f);
    long firstFace = IDS.incrementAndGet();
    long secondFace = IDS.incrementAndGet();
    upsert(
        face(
            firstFace,
            missingCase,
            Side.SIDE_MISSING,
            CaseStatus.CASE_STATUS_OPEN,
            first,
            2000,
            4,
            2004));
    upsert(
        face(
            secondFace,
            missingCase,
            Side.SIDE_MISSING,
            CaseStatus.CASE_STATUS_OPEN,
            second,
            2000,
            6,
            2006));

    var byVectors =
        blocking.searchForCase(
            SearchForCaseRequest.newBuilder()
                .setModel(MODEL)
                .setTargetSide(Side.SIDE_FOUND)
                .addProbes(probe(first, 4))
                .addProbes(probe(second, 6))
                .build());
    // The second probe's age is left to the one stored with its face.
    var byStored =
        blocking.searchForCase(
            SearchForCaseRequest.newBuilder()
                .setModel(MODEL)
                .setCaseRef(missingCase)
                .setTargetSide(Side.SIDE_FOUND)
                .addProbes(stored(firstFace, 4))
                .addProbes(stored(secondFace, -1))
                .build());

    assertThat(byStored.getMissingFaceIdsList()).isEmpty();
    assertThat(byStored.getCandidates(0).getCaseRef()).isEqualTo(foundCase);
    assertThat(byStored.getCandidatesList()).isEqualTo(byVectors.getCandidatesList());
  }

  @Test
  void storedProbesNotInTheSpaceAreNamedAndNothingIsSearched() {
    String missingCase = "m" + IDS.incrementAndGet();
    long indexed = IDS.incrementAndGet();
    long notIndexed = IDS.incrementAndGet();
    upsert(
        face(
            indexed,
            missingCase,
            Side.SIDE_MISSING,
            CaseStatus.CASE_STATUS_OPEN,
            unit(),
            0,
            -1,
            0));

    var response =
        blocking.searchForCase(
            SearchForCaseRequest.newBuilder()
                .setModel(MODEL)
                .setCaseRef(missingCase)
                .setTargetSide(Side.SIDE_FOUND)
                .addProbes(stored(indexed, -1))
                .addProbes(stored(notIndexed, -1))
                .addProbes(CaseProbe.newBuilder().addAllVector(list(unit())))
                .build());

    assertThat(response.getMissingFaceIdsList()).containsExactly(notIndexed);
    assertThat(response.getCandidatesList()).isEmpty();
  }

  @Test
  void aStoredProbeOfAnotherCaseOrSideIsRefused() {
    String ownCase = "m" + IDS.incrementAndGet();
    String otherCase = "m" + IDS.incrementAndGet();
    long other = IDS.incrementAndGet();
    long foundFace = IDS.incrementAndGet();
    upsert(
        face(other, otherCase, Side.SIDE_MISSING, CaseStatus.CASE_STATUS_OPEN, unit(), 0, -1, 0));
    upsert(
        face(foundFace, ownCase, Side.SIDE_FOUND, CaseStatus.CASE_STATUS_OPEN, unit(), 0, -1, 0));

    for (long face : List.of(other, foundFace)) {
      assertThatThrownBy(
              () ->
                  blocking.searchForCase(
                      SearchForCaseRequest.newBuilder()
                          .setModel(MODEL)
                          .setCaseRef(ownCase)
                          .setTargetSide(Side.SIDE_FOUND)
                          .addProbes(stored(face, -1))
                          .build()))
          .isInstanceOf(StatusRuntimeException.class)
          .hasMessageContaining("INVALID_ARGUMENT")
          .hasMessageContaining("not a face of the searched case");
    }
    // Without the case reference, or with a vector and an id at once.
    assertThatThrownBy(
            () ->
                blocking.searchForCase(
                    SearchForCaseRequest.newBuilder()
                        .setModel(MODEL)
                        .setTargetSide(Side.SIDE_FOUND)
                        .addProbes(stored(other, -1))
                        .build()))
        .hasMessageContaining("names its case reference");
    assertThatThrownBy(
            () ->
                blocking.searchForCase(
                    SearchForCaseRequest.newBuilder()
                        .setModel(MODEL)
                        .setCaseRef(otherCase)
                        .setTargetSide(Side.SIDE_FOUND)
                        .addProbes(stored(other, -1).toBuilder().addAllVector(list(unit())))
                        .build()))
        .hasMessageContaining("not both");
  }

  private static CaseProbe probe(float[] vector, float age) {
    return CaseProbe.newBuilder()
        .addAllVector(list(vector))
        .setProbe(ProbeContext.newBuilder().setAgeAtPhoto(age))
        .build();
  }

  private static CaseProbe stored(long faceId, float age) {
    return CaseProbe.newBuilder()
        .setFaceId(faceId)
        .setProbe(ProbeContext.newBuilder().setAgeAtPhoto(age))
        .build();
  }

  @Test
  void removalByIdsAndByCase() {
    float[] v = unit();
    String caseRef = "m" + IDS.incrementAndGet();
    long a = IDS.incrementAndGet();
    long b = IDS.incrementAndGet();
    upsert(face(a, caseRef, Side.SIDE_MISSING, CaseStatus.CASE_STATUS_OPEN, v, 0, -1, 0));
    upsert(
        face(b, caseRef, Side.SIDE_MISSING, CaseStatus.CASE_STATUS_OPEN, near(v, 0.2f), 0, -1, 0));

    assertThat(
            blocking
                .removeFaces(
                    RemoveFacesRequest.newBuilder()
                        .setFaceIds(FaceIds.newBuilder().addIds(a))
                        .build())
                .getRemoved())
        .isEqualTo(1);
    assertThat(
            blocking
                .removeFaces(RemoveFacesRequest.newBuilder().setCaseRef(caseRef).build())
                .getRemoved())
        .isEqualTo(1);
    assertThat(blocking.search(search(v, Side.SIDE_MISSING, 10)).getCandidatesList())
        .noneMatch(c -> c.getCaseRef().equals(caseRef));
  }

  @Test
  void badInputGetsItsSpecificStatus() {
    float[] nan = unit();
    nan[3] = Float.NaN;
    assertRefused(
        catchThrowableOfType(
            StatusRuntimeException.class, () -> blocking.search(search(nan, Side.SIDE_FOUND, 10))),
        Status.Code.INVALID_ARGUMENT,
        "INVALID_VECTOR");
    assertRefused(
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> blocking.search(search(new float[512], Side.SIDE_FOUND, 10))),
        Status.Code.INVALID_ARGUMENT,
        "INVALID_VECTOR");
    float[] short8 = new float[8];
    short8[0] = 1;
    assertRefused(
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> blocking.search(search(short8, Side.SIDE_FOUND, 10))),
        Status.Code.INVALID_ARGUMENT,
        "WRONG_DIMENSION");
    assertRefused(
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> blocking.search(search(unit(), Side.SIDE_UNSPECIFIED, 10))),
        Status.Code.INVALID_ARGUMENT,
        "UNKNOWN_SIDE");
    assertRefused(
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> blocking.search(search(unit(), Side.SIDE_FOUND, 101))),
        Status.Code.INVALID_ARGUMENT,
        "K_OUT_OF_RANGE");
    assertRefused(
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> blocking.search(search(unit(), Side.SIDE_FOUND, -1))),
        Status.Code.INVALID_ARGUMENT,
        "K_OUT_OF_RANGE");
    SearchRequest otherModel =
        search(unit(), Side.SIDE_FOUND, 10).toBuilder()
            .setModel(ModelRef.newBuilder().setId("arcface-r100").setVersion("1"))
            .build();
    assertRefused(
        catchThrowableOfType(StatusRuntimeException.class, () -> blocking.search(otherModel)),
        Status.Code.FAILED_PRECONDITION,
        "MODEL_MISMATCH");
    FaceRecord badCase =
        face(
            IDS.incrementAndGet(),
            "no spaces allowed",
            Side.SIDE_MISSING,
            CaseStatus.CASE_STATUS_OPEN,
            unit(),
            0,
            -1,
            0);
    assertRefused(
        catchThrowableOfType(StatusRuntimeException.class, () -> upsert(badCase)),
        Status.Code.INVALID_ARGUMENT,
        "INVALID_REQUEST");
    assertRefused(
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> blocking.removeFaces(RemoveFacesRequest.getDefaultInstance())),
        Status.Code.INVALID_ARGUMENT,
        "INVALID_REQUEST");
  }

  @Test
  void eachSpaceIsSearchedOnItsOwnAndDroppedWhole() {
    // The bundled projection's space, beside the configured one: a re-embedding job fills it.
    ModelRef projected =
        ModelRef.newBuilder()
            .setId("mobilefacenet-faceplugin")
            .setVersion("faceplugin-1.0.3_lag-agewccn-v1")
            .setDimension(512)
            .build();
    float[] v = unit();
    String caseRef = "p" + IDS.incrementAndGet();
    long faceId = IDS.incrementAndGet();
    FaceRecord there =
        face(faceId, caseRef, Side.SIDE_FOUND, CaseStatus.CASE_STATUS_OPEN, v, 1990, 30, 2020)
            .toBuilder()
            .setModel(projected)
            .build();
    UpsertFacesResponse filled =
        blocking.upsertFaces(
            UpsertFacesRequest.newBuilder().addFaces(there).setBackfill(true).build());
    assertThat(filled.getUpserted()).isEqualTo(1);
    assertThat(filled.getStandingCandidatesCount()).isZero();

    var inProjected =
        blocking.search(search(v, Side.SIDE_FOUND, 10).toBuilder().setModel(projected).build());
    assertThat(inProjected.getCandidatesList()).extracting(c -> c.getCaseRef()).contains(caseRef);
    assertThat(inProjected.getCalibrationVersion()).isNotEmpty();
    var inConfigured = blocking.search(search(v, Side.SIDE_FOUND, 10));
    assertThat(inConfigured.getCandidatesList())
        .extracting(c -> c.getCaseRef())
        .doesNotContain(caseRef);
    assertThat(inConfigured.getCalibrationVersion())
        .isNotEqualTo(inProjected.getCalibrationVersion());

    var removed =
        blocking.removeFaces(
            RemoveFacesRequest.newBuilder()
                .setFaceIds(FaceIds.newBuilder().addIds(faceId))
                .setModel(projected)
                .build());
    assertThat(removed.getRemoved()).isEqualTo(1);
    assertThat(
            blocking
                .dropSpace(DropSpaceRequest.newBuilder().setModel(projected).build())
                .getDropped())
        .isTrue();
    assertRefused(
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                blocking.search(
                    search(v, Side.SIDE_FOUND, 10).toBuilder().setModel(projected).build())),
        Status.Code.FAILED_PRECONDITION,
        "MODEL_MISMATCH");
  }

  @Test
  void aSpaceWithoutCalibrationTakesBackfillButIsNeverSearched() {
    ModelRef uncalibrated =
        ModelRef.newBuilder()
            .setId("test-model")
            .setVersion("v1-uncalibrated")
            .setDimension(512)
            .build();
    float[] v = unit();
    FaceRecord f =
        face(
                IDS.incrementAndGet(),
                "u" + IDS.incrementAndGet(),
                Side.SIDE_FOUND,
                CaseStatus.CASE_STATUS_OPEN,
                v,
                1990,
                30,
                2020)
            .toBuilder()
            .setModel(uncalibrated)
            .build();
    assertThat(
            blocking
                .upsertFaces(UpsertFacesRequest.newBuilder().addFaces(f).setBackfill(true).build())
                .getUpserted())
        .isEqualTo(1);
    assertRefused(
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> blocking.upsertFaces(UpsertFacesRequest.newBuilder().addFaces(f).build())),
        Status.Code.FAILED_PRECONDITION,
        "NO_CALIBRATION");
    assertRefused(
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                blocking.search(
                    search(v, Side.SIDE_FOUND, 10).toBuilder().setModel(uncalibrated).build())),
        Status.Code.FAILED_PRECONDITION,
        "NO_CALIBRATION");
    var stats = blocking.getStats(GetStatsRequest.newBuilder().addModels(uncalibrated).build());
    var space =
        stats.getSpacesList().stream()
            .filter(s -> s.getModel().getVersion().equals("v1-uncalibrated"))
            .findFirst()
            .orElseThrow();
    assertThat(space.getCalibrationVersion()).isEmpty();
    assertThat(space.getFound()).isEqualTo(1);
    assertThat(
            blocking
                .dropSpace(DropSpaceRequest.newBuilder().setModel(uncalibrated).build())
                .getDropped())
        .isTrue();
  }

  @Test
  void statsNameTheIndexAndCountEachSide() {
    upsert(
        face(
            IDS.incrementAndGet(),
            "s" + IDS.incrementAndGet(),
            Side.SIDE_FOUND,
            CaseStatus.CASE_STATUS_CLOSED,
            unit(),
            0,
            -1,
            0));
    var stats = blocking.getStats(GetStatsRequest.getDefaultInstance());
    assertThat(stats.getIndexKind()).isEqualTo("embedded");
    assertThat(stats.getSpaces(0).getFound()).isPositive();
  }

  private UpsertFacesResponse upsert(FaceRecord f) {
    return blocking.upsertFaces(UpsertFacesRequest.newBuilder().addFaces(f).build());
  }

  private static SearchRequest search(float[] v, Side target, int k) {
    return SearchRequest.newBuilder()
        .addAllVector(list(v))
        .setModel(MODEL)
        .setTargetSide(target)
        .setK(k)
        .setProbe(ProbeContext.newBuilder().setAgeAtPhoto(-1))
        .build();
  }

  private static FaceRecord face(
      long id,
      String caseRef,
      Side side,
      CaseStatus status,
      float[] v,
      int birthYear,
      float age,
      int photoYear) {
    return FaceRecord.newBuilder()
        .setFaceId(id)
        .setCaseRef(caseRef)
        .setSide(side)
        .setSex(Sex.SEX_UNSPECIFIED)
        .setBirthYear(YearRange.newBuilder().setFrom(birthYear).setTo(birthYear))
        .setAgeAtPhoto(age)
        .setPhotoYear(photoYear)
        .setCaseStatus(status)
        .setModel(MODEL)
        .addAllVector(list(v))
        .build();
  }

  private float[] unit() {
    float[] v = new float[512];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return normalise(v);
  }

  /** A vector whose cosine with {@code v} is about {@code 1 / sqrt(1 + noise^2)}. */
  private float[] near(float[] v, float noise) {
    float[] n = unit();
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] + noise * n[i];
    }
    return normalise(out);
  }

  private static float[] normalise(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x * x;
    }
    float inv = (float) (1 / Math.sqrt(s));
    for (int i = 0; i < v.length; i++) {
      v[i] *= inv;
    }
    return v;
  }

  private static List<Float> list(float[] v) {
    List<Float> l = new ArrayList<>(v.length);
    for (float x : v) {
      l.add(x);
    }
    return l;
  }

  private static void assertRefused(StatusRuntimeException e, Status.Code code, String reason) {
    assertThat(e).isNotNull();
    assertThat(e.getStatus().getCode()).isEqualTo(code);
    var status = StatusProto.fromThrowable(e);
    assertThat(status).isNotNull();
    List<String> reasons = new ArrayList<>();
    for (var d : status.getDetailsList()) {
      try {
        reasons.add(d.unpack(ErrorInfo.class).getReason());
      } catch (InvalidProtocolBufferException ex) {
        throw new AssertionError(ex);
      }
    }
    assertThat(reasons).containsExactly(reason);
    assertThat(e.getStatus().getDescription()).doesNotContain("Exception", "java.", "io.homeward");
  }
}
