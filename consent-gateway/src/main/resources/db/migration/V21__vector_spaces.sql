-- Vector spaces as the gateway's own state (issue 14, "Model change without mixing scores"). A space is one embedding
-- model with one projection: its vectors are never compared with another space's. Exactly one space is LIVE (every
-- search uses it, and the audit records it); a re-embedding job fills a BUILDING space from the stored images, the
-- outbox writes enrolments and removals to both, and when the job is complete and the counts match the two swap in
-- one transaction: the old space becomes RETIRING until drop_after, then DROPPED (its index deleted).
-- No face data here: the vectors live only in the search service.
create table vector_spaces (
  id varchar(140) primary key,
  model_id varchar(64) not null,
  model_version varchar(64) not null,
  projection varchar(64) not null,
  dimension integer not null,
  status varchar(16) not null,
  -- The re-embedding job that builds the space: live photos when it started, photos embedded so far, photos the
  -- embedder refused (their case keeps its other photos), and the last photo id done (the job resumes after it).
  photos_total integer not null default 0,
  photos_done integer not null default 0,
  photos_failed integer not null default 0,
  job_cursor varchar(64),
  -- Why the space cannot go live yet (a ProblemType name: SPACE_NOT_CALIBRATED, SPACE_COUNTS_DIFFER), or null.
  problem varchar(64),
  started_by varchar(200),
  started_at timestamp with time zone not null,
  completed_at timestamp with time zone,
  switched_at timestamp with time zone,
  drop_after timestamp with time zone,
  dropped_at timestamp with time zone,
  constraint vector_spaces_status check (status in ('BUILDING','LIVE','RETIRING','DROPPED'))
);
create index vector_spaces_by_status on vector_spaces (status);
