-- Erasure (PRIVACY.md rule 18): a withdrawn subject's audit key is destroyed after the erasure commits. The request
-- is written in the erasure's own transaction, so a crash between the commit and the destruction leaves this row,
-- and the retention job destroys the key and deletes the row (idempotent: destroying an absent key is a no-op).
-- The row names the subject id only until its key is gone.
create table erasure_pending_keys (
  subject_id    varchar(128) primary key,
  requested_at  timestamp with time zone not null,
  attempts      integer      not null default 0
);
