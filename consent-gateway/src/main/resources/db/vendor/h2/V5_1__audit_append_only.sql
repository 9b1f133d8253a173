-- H2 only (PostgreSQL has V2_1's PL/pgSQL triggers): the audit records and checkpoints refuse UPDATE and DELETE
-- (io.homeward.gateway.db.AppendOnlyTrigger), and TRUNCATE, which fires no trigger in H2, is refused because a
-- (always empty) table references each of them. This stops mistakes and injected SQL; H2 has no roles that bind
-- whoever holds the database file, who can drop all of this: the keyed chain (HMAC, key outside the database) and
-- the signed checkpoints in the file outside the database are what catch such a rewrite.
create trigger audit_records_append_only before update, delete on audit_records
  for each row call 'io.homeward.gateway.db.AppendOnlyTrigger';
create trigger audit_checkpoints_append_only before update, delete on audit_checkpoints
  for each row call 'io.homeward.gateway.db.AppendOnlyTrigger';

create table audit_records_truncate_guard (
  seq bigint references audit_records (seq)
);
create table audit_checkpoints_truncate_guard (
  seq bigint references audit_checkpoints (seq)
);
