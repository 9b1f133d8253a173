-- Bulk import (issue 14): a job per upload session, a row per client record. A record's key is the client's own
-- reference, unique within the organisation, so that a batch sent again (the command rerun after a crash) is
-- recognised and nothing is enrolled twice. The case, its photos and the record's DONE mark are written in one
-- transaction. The record's facts (subject, consent: sealed as in the case tables) and its staged photos (in the
-- encrypted image store) are kept only while the record waits; once done or refused both are cleared.
create table import_jobs (
  id               varchar(40)  primary key,
  organisation_id  varchar(64)  not null,
  created_by       varchar(128) not null,
  acting_as        varchar(32)  not null,
  roles            varchar(400) not null,
  auth_method      varchar(64)  not null,
  purpose          varchar(32)  not null,
  created_at       timestamp with time zone not null
);
create index import_jobs_by_organisation on import_jobs (organisation_id, created_at, id);

create table import_records (
  organisation_id  varchar(64)  not null,
  record_key       varchar(128) not null,
  job_id           varchar(40)  not null references import_jobs (id),
  seq              bigint       not null,
  status           varchar(16)  not null,
  facts_sealed     bytea,
  case_id          varchar(40),
  file_name        varchar(255),
  problem          varchar(64),
  reason           varchar(500),
  received_at      timestamp with time zone not null,
  finished_at      timestamp with time zone,
  primary key (organisation_id, record_key)
);
create index import_records_by_job on import_records (job_id, status, seq);

create table import_photos (
  organisation_id  varchar(64)  not null,
  record_key       varchar(128) not null,
  photo_no         integer      not null,
  file_name        varchar(255) not null,
  staged_ref       varchar(200),
  primary key (organisation_id, record_key, photo_no)
);
