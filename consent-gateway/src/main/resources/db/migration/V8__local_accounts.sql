-- Local accounts and browser sessions (issue 13, sign-in on one machine). A local account is a row of V1's accounts
-- table with a username: the same subject, organisation and lock state as a bearer user (a privacy officer unlocks
-- both alike), plus what signing in needs. Bearer users keep rows without a username (NULLs are distinct in the
-- unique index on PostgreSQL and H2). Passwords are Argon2id hashes in PHC form; the TOTP secret is sealed with the
-- field keys (SealedColumn), an enrolment in progress apart from the confirmed secret; totp_last_step refuses a code
-- used twice. failed_sign_ins locks the account after a configured number (homeward.gateway.accounts).
alter table accounts add column username varchar(64);
alter table accounts add column role varchar(32);
alter table accounts add column password_hash varchar(256);
alter table accounts add column totp_secret_sealed bytea;
alter table accounts add column totp_pending_sealed bytea;
alter table accounts add column totp_last_step bigint;
alter table accounts add column failed_sign_ins integer not null default 0;
alter table accounts add column must_change_password boolean not null default false;
alter table accounts add column locale varchar(8);
alter table accounts add column created_at timestamp with time zone;
alter table accounts add column updated_at timestamp with time zone;
create unique index accounts_username on accounts (username);

-- Browser sessions: only a SHA-256 hash of the session id (the cookie) and of its CSRF token is stored, so a copy of
-- the database opens no session. A session ends on sign-out, after the idle timeout or the absolute lifetime.
create table browser_sessions (
  id_hash       varchar(64)  primary key,
  subject       varchar(128) not null references accounts (subject),
  csrf_hash     varchar(64)  not null,
  auth_method   varchar(32)  not null,
  created_at    timestamp with time zone not null,
  last_seen_at  timestamp with time zone not null,
  ended_at      timestamp with time zone
);
create index browser_sessions_subject on browser_sessions (subject);

-- The one-time link that creates the first administrator: a hash of the token, valid once and until it expires,
-- only while no local account exists.
create table setup_tokens (
  token_hash  varchar(64) primary key,
  created_at  timestamp with time zone not null,
  expires_at  timestamp with time zone not null,
  used_at     timestamp with time zone
);
