package io.homeward.search.domain;

/** A case's status; only OPEN cases are searched by default. */
public enum CaseStatus {
  PENDING,
  OPEN,
  FOUND,
  REUNIFIED,
  CLOSED
}
