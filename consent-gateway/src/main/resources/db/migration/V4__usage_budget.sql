-- Rule 16 under concurrency. One counter per user, day and kind of face-data access (searches, image views,
-- enrolments and the standing searches they trigger, new cases), reserved before any work by a conditional
-- update (used + n <= limit) that the database serialises on the row: two parallel requests can never both take
-- the last unit. The same SQL runs on PostgreSQL and on H2 in PostgreSQL mode.
create table usage_counters (
  subject    varchar(128) not null,
  usage_day  date         not null,
  kind       varchar(16)  not null,
  used       integer      not null,
  primary key (subject, usage_day, kind)
);

-- The searches already counted today carry over.
insert into usage_counters (subject, usage_day, kind, used)
  select subject, usage_day, 'SEARCH', searches from search_usage;
drop table search_usage;

-- Distinct probe faces per user and day, across cases (a new case must not bring a fresh allowance). The case
-- is kept so that purging a case purges its probe HMACs too; rows of past days are purged daily.
create table user_probes (
  subject     varchar(128) not null,
  usage_day   date         not null,
  probe_hmac  varchar(64)  not null,
  case_id     varchar(40)  not null,
  primary key (subject, usage_day, probe_hmac)
);
create index user_probes_case on user_probes (case_id);
