-- The audit log (PRIVACY.md "Audit record"): append-only records chained by SHA-256, signed checkpoints, and the
-- per-subject keys that seal the personal fields. Deleting a subject's key row is erasure: the record keeps its
-- sealed bytes (so its hash still verifies) but nobody can open them any more.
-- The same SQL runs on PostgreSQL and on H2 in PostgreSQL mode; PostgreSQL additionally gets triggers refusing
-- UPDATE/DELETE/TRUNCATE (db/vendor/postgresql). The application itself only ever inserts into these tables.

-- One row: the sequence number and hash of the last record. Appends lock it (select ... for update), so the chain
-- stays linear under concurrency and a rolled-back append leaves no gap.
create table audit_head (
  id         integer      primary key,
  last_seq   bigint       not null,
  last_hash  varchar(64)  not null,
  constraint audit_head_single_row check (id = 1)
);
insert into audit_head (id, last_seq, last_hash)
  values (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- A subject's Tink AEAD keyset (AES-256-GCM), itself encrypted with the gateway's master keyset. Records name the
-- key by key_ref, never by subject id, so after erasure a record keeps only a pseudonymous tombstone.
create table audit_subject_keys (
  key_ref        varchar(40)  primary key,
  subject_id     varchar(128) not null unique,
  keyset_sealed  bytea        not null,
  created_at     timestamp with time zone not null
);

-- Non-personal fields in clear; personal fields (subject ids, candidates, verdicts, justification) sealed together
-- in personal_sealed with the key named by key_ref. record_hash = SHA-256 of the canonical form of every column
-- but itself (see io.homeward.gateway.audit.CanonicalForm).
create table audit_records (
  seq              bigint        primary key,
  prev_hash        varchar(64)   not null,
  record_hash      varchar(64)   not null,
  format           integer       not null,
  occurred_at      timestamp with time zone not null,
  actor_id         varchar(256)  not null,
  actor_role       varchar(64)   not null,
  organisation     varchar(128)  not null,
  auth_method      varchar(64)   not null,
  audit_action     varchar(32)   not null,
  purpose          varchar(64)   not null,
  legal_basis      varchar(32),
  case_id          varchar(64),
  consent_id       varchar(64),
  age_band         varchar(16),
  probe_hmac       varchar(128),
  model_version    varchar(128),
  threshold        varchar(64),
  displayed        varchar(16),
  allowed          boolean       not null,
  policy_ids       varchar(4000) not null,
  policy_version   varchar(128)  not null,
  override_used    boolean       not null,
  detail           varchar(1000),
  key_ref          varchar(40),
  personal_sealed  bytea
);

-- Ed25519 signatures over (seq, head hash, signed_at, key id); key_id names the public key that verifies it.
create table audit_checkpoints (
  seq        bigint       primary key,
  head_hash  varchar(64)  not null,
  signed_at  timestamp with time zone not null,
  key_id     varchar(64)  not null,
  signature  bytea        not null
);
