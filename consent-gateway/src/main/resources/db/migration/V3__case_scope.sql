-- Scope by organisation and case (issue 11). A case is within reach of the organisation that registered it and of
-- those it assigned; every list is filtered by that in its query. The same SQL runs on PostgreSQL and H2.

-- An assignment gives one role of another organisation (optionally one named user of it) access to a case:
-- a face examiner to review it, or another force's police to investigate it. Revoked rows are kept (revoked_at set)
-- so the history stays with the case until the case itself is purged.
create table case_assignments (
  id                     varchar(40)  primary key,
  case_id                varchar(40)  not null,
  assignee_organisation  varchar(64)  not null,
  assignee_subject       varchar(128),
  role                   varchar(24)  not null,
  assigned_by            varchar(128) not null,
  assigned_at            timestamp with time zone not null,
  revoked_by             varchar(128),
  revoked_at             timestamp with time zone
);
create index case_assignments_case on case_assignments (case_id, revoked_at);
create index case_assignments_assignee on case_assignments (assignee_organisation, role, revoked_at);

-- The candidate photos a case's search showed (rule 10's redacted candidates): a photo listed here may be shown,
-- redacted as the search showed it, to whoever may see the searching case, and to nobody else.
create table search_disclosures (
  case_id       varchar(40) not null,
  photo_id      varchar(40) not null,
  disclosed_at  timestamp with time zone not null,
  primary key (case_id, photo_id)
);
create index search_disclosures_photo on search_disclosures (photo_id);

-- The review queue filters and pages on these.
create index review_items_missing_case on review_items (missing_case_id);
create index review_items_found_case on review_items (found_case_id);
create index review_items_status_created on review_items (status, created_at, id);
create index cases_organisation on cases (organisation_id);
create index alerts_case on alerts (case_id);
