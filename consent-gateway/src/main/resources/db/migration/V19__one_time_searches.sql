-- One-time searches with a stranger's photo (PRIVACY.md rules 7 and 20, issue 14). The photo is never enrolled: it
-- has no row in photos, no vector in the index, and its encrypted image is deleted (image_ref cleared, deleted_at
-- set) at delete_after (24 h), or when the browser session it was uploaded in ends if no case is named (rule 20),
-- unless a case is opened from it (kept_case_id: the image is then kept with that case, still never indexed). The
-- audit log holds the image's keyed hash only. No foreign keys: a case's purge deletes these rows itself.
create table one_time_searches (
  id              varchar(40)  primary key,
  organisation_id varchar(64)  not null,
  requester       varchar(128) not null,
  under_case_id   varchar(40),
  session_hash    varchar(64),
  image_ref       varchar(80),
  created_at      timestamp with time zone not null,
  delete_after    timestamp with time zone not null,
  searched_at     timestamp with time zone,
  kept_case_id    varchar(40),
  kept_at         timestamp with time zone,
  deleted_at      timestamp with time zone,
  deleted_why     varchar(16)
);
create index one_time_searches_due on one_time_searches (deleted_at, delete_after);
create index one_time_searches_session on one_time_searches (session_hash);
create index one_time_searches_requester on one_time_searches (requester, created_at);

-- Police-authorised public alert posters (PRIVACY.md rule 15, issue 14): the subject's approved photo (a live photo
-- of the case), watermarked, with the contact of the police unit that authorised it (typed by police; the family's
-- contact is never on it), a written justification (sealed), an expiry; withdrawn by the retention job within 1 h
-- of the case leaving OPEN (FOUND, REUNIFIED, CLOSED) and at a withdrawal of consent. No foreign keys: a case's
-- purge deletes these rows itself.
create table alert_posters (
  id                    varchar(40)  primary key,
  case_id               varchar(40)  not null,
  photo_id              varchar(40)  not null,
  organisation_id       varchar(64)  not null,
  created_by            varchar(128) not null,
  police_unit           varchar(200) not null,
  unit_contact          varchar(200) not null,
  justification_sealed  bytea        not null,
  created_at            timestamp with time zone not null,
  expires_at            timestamp with time zone not null,
  withdrawn_at          timestamp with time zone,
  withdrawn_why         varchar(16)
);
create index alert_posters_organisation on alert_posters (organisation_id, created_at);
create index alert_posters_case on alert_posters (case_id);
