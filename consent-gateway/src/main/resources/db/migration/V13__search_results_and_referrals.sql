-- What each candidate a case search showed was (issue 13, "refer a candidate to examiners"): the searched case and the
-- organisation that searched, the probe photo and the candidate's matched photo, the band and score, the model. Keyed
-- by a random id returned with the candidate (it carries nothing about the subject), so that the person who searched
-- can refer that candidate to the examiners without the client naming photos or faces. Ids and figures only, like the
-- search's audit record; deleted when homeward.gateway.retention.search-result has passed (expires_at), or with either
-- case when it is purged.
create table search_results (
  id                  varchar(40)  primary key,
  case_id             varchar(40)  not null,
  organisation_id     varchar(64)  not null,
  searched_by         varchar(128) not null,
  probe_photo_id      varchar(40)  not null,
  probe_face_id       bigint       not null,
  candidate_case_id   varchar(40)  not null,
  candidate_photo_id  varchar(40)  not null,
  candidate_face_id   bigint       not null,
  band                varchar(16)  not null,
  raw_score           real         not null,
  model_version       varchar(128) not null,
  shown_at            timestamp with time zone not null,
  expires_at          timestamp with time zone not null
);
create index search_results_case on search_results (case_id);
create index search_results_candidate on search_results (candidate_case_id);
create index search_results_expires on search_results (expires_at);

-- Where a review item came from: the standing search (the system) or a referral from a case search. A referral of a
-- pair the standing search already raised keeps that origin and records the referral too. The referrer is recorded;
-- the note is free text about a person, sealed like other free text (security/SealedColumn lists it).
alter table review_items add column origin varchar(16) default 'STANDING_SEARCH' not null;
alter table review_items add column referred_by varchar(128);
alter table review_items add column referred_role varchar(32);
alter table review_items add column referred_at timestamp with time zone;
alter table review_items add column referral_note_sealed bytea;
