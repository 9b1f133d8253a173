package io.homeward.gateway.domain;

/** A case's lifecycle. Only {@code OPEN} cases are searched and searched against. */
public enum CaseStatus {
  /** Stored, not searchable: consent not yet verified (PRIVACY.md rule 3). */
  PENDING,
  OPEN,
  FOUND,
  REUNIFIED,
  CLOSED
}
