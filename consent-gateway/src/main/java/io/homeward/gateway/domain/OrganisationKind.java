package io.homeward.gateway.domain;

/** What kind of organisation works with Homeward (the administrators' list groups them so). */
public enum OrganisationKind {
  /** A family-tracing NGO (volunteers and caseworkers). */
  NGO,
  /** A police force or unit. */
  POLICE,
  /** Anything else: the machine's own organisation, examiners' institutes, oversight bodies. */
  OTHER
}
