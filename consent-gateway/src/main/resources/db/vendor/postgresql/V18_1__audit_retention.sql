-- PostgreSQL only: audit retention's narrow door (see V18__audit_retention_anchor.sql). The anchors are append-only
-- like the records; the records refuse DELETE except inside audit_remove_anchored, which runs as the tables' owner
-- (security definer) and removes only records older than 3 years up to a stored anchor. The application's role may
-- call it (afterMigrate grants it), set the flag itself to no effect (the trigger also asks who is deleting), and do
-- nothing else to the audit tables. The 3 years are a floor here, on the database's own clock: a longer retention is
-- configuration, a shorter one is refused.
create or replace function audit_refuse_change() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' and tg_table_name = 'audit_records'
     and current_setting('homeward.audit_removal', true) = 'on'
     and current_user = (select tableowner from pg_tables
                         where schemaname = tg_table_schema and tablename = tg_table_name) then
    return old;
  end if;
  raise exception 'the audit log is append-only (% on %)', tg_op, tg_table_name;
end
$$;

create trigger audit_anchors_append_only before update or delete on audit_anchors
  for each row execute function audit_refuse_change();
create trigger audit_anchors_no_truncate before truncate on audit_anchors
  for each statement execute function audit_refuse_change();

create function audit_remove_anchored(p_through bigint) returns bigint
language plpgsql security definer set search_path from current as $$
declare
  v_before timestamp with time zone;
  v_removed bigint;
begin
  select removed_before into v_before from audit_anchors where seq = p_through;
  if v_before is null then
    raise exception 'no retention anchor at record %', p_through;
  end if;
  if v_before > now() - interval '3 years' then
    raise exception 'audit records are kept 3 years';
  end if;
  if exists (select 1 from audit_records where seq <= p_through and occurred_at >= v_before) then
    raise exception 'a record up to % is younger than its anchor''s bound', p_through;
  end if;
  perform set_config('homeward.audit_removal', 'on', true);
  delete from audit_records where seq <= p_through;
  get diagnostics v_removed = row_count;
  perform set_config('homeward.audit_removal', 'off', true);
  return v_removed;
end
$$;
revoke all on function audit_remove_anchored(bigint) from public;
