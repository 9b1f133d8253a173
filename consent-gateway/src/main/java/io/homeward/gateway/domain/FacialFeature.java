package io.homeward.gateway.domain;

/**
 * The facial features an examiner observes, following the FISWG "Facial Image Comparison Feature
 * List for Morphological Analysis" (its top-level components, in its order). A closed list: an
 * observation of anything else is refused, so that two examiners' forms stay comparable.
 */
public enum FacialFeature {
  SKIN,
  FACE_HEAD_OUTLINE,
  FACE_HEAD_COMPOSITION,
  HAIR,
  FOREHEAD,
  EYEBROWS,
  EYES,
  CHEEKS,
  NOSE,
  EARS,
  MOUTH,
  CHIN_JAW,
  NECK,
  FACIAL_HAIR,
  FACIAL_LINES,
  SCARS,
  FACIAL_MARKS,
  ALTERATIONS
}
