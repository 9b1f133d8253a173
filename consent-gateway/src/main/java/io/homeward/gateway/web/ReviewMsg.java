package io.homeward.gateway.web;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The review page's texts for the examiners' observations (FISWG feature list) and the DNA steps:
 * English here, Simplified Chinese in {@code messages/rvw_zh.properties}. A bundle of its own so
 * that the shared {@link Msg} stays as it is.
 */
@MessageBundle(value = "rvw", locale = "en")
public interface ReviewMsg {
  @Message("Observations, feature by feature (FISWG morphological comparison)")
  String fiswgHeading();

  @Message(
      "For each facial feature, whether the two faces are similar, dissimilar or the feature cannot"
          + " be assessed; add a note where it helps. Features left unmarked are not recorded.")
  String fiswgIntro();

  @Message("Similar")
  String assessment_SIMILAR();

  @Message("Dissimilar")
  String assessment_DISSIMILAR();

  @Message("Not assessable")
  String assessment_NOT_ASSESSABLE();

  @Message("Note")
  String note();

  @Message("Skin")
  String feature_SKIN();

  @Message("Face/head outline")
  String feature_FACE_HEAD_OUTLINE();

  @Message("Face/head composition")
  String feature_FACE_HEAD_COMPOSITION();

  @Message("Hair")
  String feature_HAIR();

  @Message("Forehead")
  String feature_FOREHEAD();

  @Message("Eyebrows")
  String feature_EYEBROWS();

  @Message("Eyes")
  String feature_EYES();

  @Message("Cheeks")
  String feature_CHEEKS();

  @Message("Nose")
  String feature_NOSE();

  @Message("Ears")
  String feature_EARS();

  @Message("Mouth")
  String feature_MOUTH();

  @Message("Chin/jaw")
  String feature_CHIN_JAW();

  @Message("Neck")
  String feature_NECK();

  @Message("Facial hair")
  String feature_FACIAL_HAIR();

  @Message("Facial lines")
  String feature_FACIAL_LINES();

  @Message("Scars")
  String feature_SCARS();

  @Message("Facial marks (moles, birthmarks, freckles)")
  String feature_FACIAL_MARKS();

  @Message("Alterations (tattoos, piercings, surgery)")
  String feature_ALTERATIONS();

  @Message("The other examiner's verdict and observations stay hidden until both verdicts are in.")
  String blindNote();

  @Message("Both verdicts are in")
  String bothInHeading();

  @Message("Examiner")
  String examiner();

  @Message("Verdict")
  String verdict();

  @Message("Feature")
  String feature();

  @Message("Observation")
  String observation();

  @Message("DNA comparison")
  String dnaHeading();

  @Message(
      "After two POTENTIAL_CANDIDATE verdicts the pair may be referred to DNA comparison; the"
          + " laboratory's confirmation is then recorded here.")
  String dnaIntro();

  @Message("Refer to DNA comparison")
  String referDna();

  @Message("Referred to DNA comparison by $1, $2.")
  String dnaReferred();

  @Message("Laboratory reference")
  String dnaReference();

  @Message("Record the DNA confirmation")
  String confirmDna();

  @Message("The DNA confirmation is recorded; the missing case may now be marked reunified.")
  String dnaConfirmed();

  @Message(
      "Refused: the two-person rule is not met. Two examiners must both record “potentially the"
          + " same person” first.")
  String twoPersonNotMet();

  @Message("Refused: refer the pair to DNA comparison first.")
  String referFirst();

  @Message("Show")
  String showWhat();

  @Message("Aligned faces")
  String alignedFaces();

  @Message("Whole photos")
  String wholePhotos();

  @Message(
      "Both faces aligned the way the matcher aligns them: eyes, nose and mouth corners at the same"
          + " place and the same scale.")
  String alignedNote();

  @Message("The whole photos, as uploaded (each at its own scale).")
  String photosNote();

  @Message("aligned face")
  String alignedFace();

  @Message("Flicker")
  String flicker();
}
