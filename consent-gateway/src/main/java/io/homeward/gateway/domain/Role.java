package io.homeward.gateway.domain;

/** The roles of PRIVACY.md. A person may hold several; each request acts in one. */
public enum Role {
  NGO_VOLUNTEER,
  NGO_CASEWORKER,
  POLICE_INVESTIGATOR,
  FACE_EXAMINER,
  /** Audit only: never face data. */
  PRIVACY_OFFICER,
  /** Configuration only: never face data. */
  ADMIN
}
