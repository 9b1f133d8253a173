package io.homeward.search.ranking;

/** A piece of evidence behind a candidate's rank. Mirrors {@code RankReason.Kind}. */
public enum EvidenceKind {
  FACE_SIMILARITY,
  AGE_GAP,
  BIRTH_YEARS_OVERLAP,
  BIRTH_YEARS_DISAGREE,
  SEX_AGREES,
  SEX_DISAGREES,
  FOUND_AFTER_DISAPPEARED,
  FOUND_BEFORE_DISAPPEARED,
  SEVERAL_PHOTOS_AGREE
}
