package io.homeward.gateway.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.homeward.gateway.domain.AlertKind;
import io.homeward.gateway.domain.Band;
import io.homeward.gateway.domain.CaseStatus;
import io.homeward.gateway.domain.ConsentGiver;
import io.homeward.gateway.domain.FaceIssue;
import io.homeward.gateway.domain.FacialFeature;
import io.homeward.gateway.domain.FeatureAssessment;
import io.homeward.gateway.domain.LegalBasis;
import io.homeward.gateway.domain.PhotoSource;
import io.homeward.gateway.domain.ReviewOrigin;
import io.homeward.gateway.domain.ReviewStatus;
import io.homeward.gateway.domain.Sex;
import io.homeward.gateway.domain.Side;
import io.homeward.gateway.domain.Verdict;
import io.homeward.gateway.search.CandidateView;
import io.homeward.gateway.store.AlertStore;
import io.homeward.gateway.store.PhotoState;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of the REST API. */
public final class Dtos {
  private Dtos() {}

  /** Registers a case. */
  public record CreateCase(
      @Schema(implementation = Side.class) String side,
      Subject subject,
      String policeCaseNumber,
      Consent consent) {}

  /**
   * The person a case is about (no name). {@code sex} is a {@link Sex} in any case, read by the
   * resource so that a bad value answers a problem listing the accepted ones.
   */
  public record Subject(
      @Schema(implementation = Sex.class) String sex,
      Integer birthYearFrom,
      Integer birthYearTo,
      String eventDate,
      String regionCode,
      String location,
      Boolean protectedPerson,
      Boolean disclosureRefused,
      Boolean lacksCapacity,
      Boolean guardianFlagged) {}

  /** A consent or legal basis. */
  public record Consent(
      @Schema(implementation = LegalBasis.class) String basis,
      @Schema(implementation = ConsentGiver.class) String givenBy,
      String relationship,
      Boolean trainingConsent,
      String justification) {}

  /** A case as returned. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record CaseView(
      String id,
      @Schema(implementation = Side.class) String side,
      @Schema(implementation = CaseStatus.class) String status,
      boolean verified,
      String createdAt,
      SubjectView subject,
      List<ConsentView> consents,
      List<PhotoView> photos) {}

  /** A subject as returned: the location only to roles that may see it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SubjectView(
      Sex sex,
      Integer birthYearFrom,
      Integer birthYearTo,
      String eventDate,
      String regionCode,
      String location,
      boolean protectedPerson) {}

  /** A consent as returned. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ConsentView(
      String id,
      @Schema(implementation = LegalBasis.class) String basis,
      @Schema(implementation = ConsentGiver.class) String givenBy,
      boolean verified,
      String expiresAt,
      String withdrawnAt) {}

  /** A photo's metadata as returned. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PhotoView(
      String id,
      @Schema(implementation = PhotoSource.class) String source,
      Float ageAtPhoto,
      Integer photoYear,
      @Schema(implementation = PhotoState.class) String state) {}

  /**
   * A photo just enrolled, with what the quality gate saw in it.
   *
   * @param verdict what the quality gate saw; null in the answer to a repeated request (same
   *     Idempotency-Key), which stored nothing and did not ask the gate again
   * @param casePhotos the case's photos now, this one included
   * @param morePhotosAdvised true while the case has fewer than three photos: a case search fuses
   *     all of them, and with every photo the right person came first 75 times in 100 on held-out
   *     data against 64 with one
   */
  public record EnrolledPhotoView(
      String id,
      @Schema(implementation = PhotoSource.class) String source,
      Float ageAtPhoto,
      Integer photoYear,
      @Schema(implementation = PhotoState.class) String state,
      VerdictView verdict,
      int casePhotos,
      boolean morePhotosAdvised) {}

  /**
   * What the quality gate saw in a photo: its size after EXIF orientation (the boxes' pixels) and
   * each face's box and issues.
   *
   * @param manualBox whether the uploader gave a hand-drawn box (used when no face is detected)
   */
  public record VerdictView(int width, int height, boolean manualBox, List<FaceView> faces) {}

  /** A face the gate judged: where it is and what is wrong with it (empty: nothing). */
  public record FaceView(
      BoxView box,
      @Schema(type = SchemaType.ARRAY, implementation = FaceIssue.class) List<String> issues) {}

  /** A box in the photo's pixels after EXIF orientation. */
  public record BoxView(int x, int y, int width, int height) {}

  /** Changes a case's status. */
  public record StatusChange(@Schema(implementation = CaseStatus.class) String status) {}

  /** Records a DNA or document confirmation. */
  public record Confirmation(String kind, String reference) {}

  /** An examiner's verdict, with their observations feature by feature (optional). */
  public record VerdictRequest(
      @Schema(implementation = Verdict.class) String verdict,
      List<ObservationRequest> observations) {}

  /** One facial feature as an examiner observed it (FISWG morphological comparison). */
  public record ObservationRequest(
      @Schema(implementation = FacialFeature.class) String feature,
      @Schema(implementation = FeatureAssessment.class) String assessment,
      @Schema(maxLength = 500) String note) {}

  /** An observation shown back: whose, which feature, how it compares, the note. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ObservationView(
      String examiner, FacialFeature feature, FeatureAssessment assessment, String note) {}

  /** A DNA confirmation of a reviewed pair: the laboratory's reference. */
  public record DnaConfirmation(String reference) {}

  /** What a withdrawal did. */
  public record ErasureView(String caseId, int imagesDeleted, boolean indexRemovalQueued) {}

  /** A search's answer; each candidate as the search use case decided it. */
  public record SearchView(String caseId, List<CandidateView> candidates, String calibration) {}

  /** A review item. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ReviewView(
      String id,
      String missingCaseId,
      String foundCaseId,
      String missingPhotoId,
      String foundPhotoId,
      Band band,
      Float rawScore,
      @Schema(implementation = ReviewStatus.class) String status,
      List<String> myVerdict,
      List<ObservationView> observations,
      String dnaReferredBy,
      Instant dnaReferredAt,
      @Schema(
              description =
                  "raised by the system (the standing search) or referred from a case search")
          ReviewOrigin origin) {}

  /** Result of verifying the audit chain. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ChainView(
      boolean intact,
      long records,
      long checkpoints,
      long externalCheckpoints,
      long lastExternalCheckpoint,
      Long firstBrokenSequence,
      String problem,
      AnchorView anchor) {}

  /**
   * Audit retention's signed anchor: the records through {@code seq} (all older than {@code
   * removedBefore}) were removed, and the chain verifies from there on.
   */
  public record AnchorView(
      long seq, long removedRecords, Instant removedBefore, Instant signedAt, String keyId) {}

  /**
   * A silent alert, with its review state and the repeat-hit flag of the account it is about (rule
   * 14).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record AlertView(
      String id,
      @Schema(implementation = AlertKind.class) String kind,
      String about,
      String caseId,
      String raisedAt,
      @Schema(implementation = AlertStore.State.class) String state,
      String acknowledgedBy,
      String acknowledgedAt,
      String resolvedBy,
      String resolvedAt,
      boolean aboutFlagged,
      int aboutProtectedHits) {}

  /** A privacy officer's note on acknowledging or resolving an alert. */
  public record AlertNote(String note) {}

  /** An account with its flags (rule 14: repeated protected-person hits; rule 16: a lock). */
  public record AccountView(
      String subject,
      String organisation,
      boolean flagged,
      String flagReason,
      boolean locked,
      int protectedHits) {}

  /**
   * One line of a bulk import manifest (JSON lines): the client's record key, the case as for a
   * single registration, and its photos by file name in the batch.
   */
  public record ImportLine(
      String key,
      @Schema(implementation = Side.class) String side,
      Subject subject,
      String policeCaseNumber,
      Consent consent,
      List<ImportPhoto> photos) {}

  /** A photo of a manifest line: its file in the batch and what is known of it. */
  public record ImportPhoto(
      String file,
      @Schema(implementation = PhotoSource.class) String source,
      Float ageAtPhoto,
      Integer photoYear) {}

  /** An import job and how far it has come. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ImportJobView(
      String id,
      String createdAt,
      long done,
      long refused,
      long left,
      double recordsPerSecond,
      Long secondsLeft,
      boolean waitingForTomorrow) {}

  /** What a batch brought: records accepted, already known (sent before), refused at once. */
  public record ImportBatchView(int accepted, int alreadyKnown, int refused) {}
}
