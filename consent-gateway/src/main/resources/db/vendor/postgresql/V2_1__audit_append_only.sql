-- PostgreSQL only (H2 cannot parse PL/pgSQL): the audit tables refuse UPDATE, DELETE and TRUNCATE. This stops
-- mistakes and injected SQL running as the application role; the table owner can still disable the triggers, so
-- tampering by a database administrator is caught by the hash chain and the signed checkpoints, not by this.
create function audit_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'the audit log is append-only (% on %)', tg_op, tg_table_name;
end
$$;

create trigger audit_records_append_only before update or delete on audit_records
  for each row execute function audit_refuse_change();
create trigger audit_records_no_truncate before truncate on audit_records
  for each statement execute function audit_refuse_change();
create trigger audit_checkpoints_append_only before update or delete on audit_checkpoints
  for each row execute function audit_refuse_change();
create trigger audit_checkpoints_no_truncate before truncate on audit_checkpoints
  for each statement execute function audit_refuse_change();
