-- PostgreSQL only, after every migration run (a Flyway callback, so roles can be separated on an existing database):
-- when the application connects as a role of its own (homeward.gateway.db.user differs from migration-user, which
-- owns the tables), that role gets what the application does and no more. On the audit tables: SELECT and INSERT on
-- the records and checkpoints (no UPDATE, DELETE or TRUNCATE; not the owner, so it cannot disable the triggers),
-- SELECT and UPDATE on the head row (a convenience the verifier never trusts), and DELETE on the subject keys
-- (erasure destroys them). Every other table: ordinary reads and writes, for tables later migrations create too.
-- ${app_role} is empty when the application is the owner (one machine): then nothing is granted.
do $$
declare
  app text := '${app_role}';
  audit_tables text[] := array['audit_records', 'audit_checkpoints', 'audit_subject_keys', 'audit_head',
                                'audit_anchors'];
  t record;
begin
  if app = '' or app = current_user then
    return;
  end if;
  if not exists (select 1 from pg_roles where rolname = app) then
    raise exception 'the application''s database role % does not exist: create it (see .ci/run)', app;
  end if;
  for t in select tablename, tableowner from pg_tables where schemaname = current_schema() loop
    if t.tableowner = app then
      raise exception 'table % is owned by the application''s role %: run REASSIGN OWNED BY % TO % first',
        t.tablename, app, app, current_user;
    end if;
  end loop;
  execute format('grant usage on schema %I to %I', current_schema(), app);
  for t in select tablename from pg_tables
           where schemaname = current_schema()
             and tablename <> all (audit_tables)
             and tablename <> 'flyway_schema_history'
             and tablename not like 'audit\_%\_truncate\_guard' loop
    execute format('grant select, insert, update, delete on %I to %I', t.tablename, app);
  end loop;
  execute format('grant usage, select on all sequences in schema %I to %I', current_schema(), app);
  execute format('revoke all on audit_records, audit_checkpoints, audit_subject_keys, audit_head, audit_anchors'
    || ' from %I', app);
  execute format('grant select, insert on audit_records, audit_checkpoints, audit_anchors to %I', app);
  -- Audit retention: the one way the application removes audit records (V18_1, older than 3 years, anchored).
  execute format('grant execute on function audit_remove_anchored(bigint) to %I', app);
  execute format('grant select, insert, delete on audit_subject_keys to %I', app);
  execute format('grant select, update on audit_head to %I', app);
  execute format('alter default privileges in schema %I grant select, insert, update, delete on tables to %I',
    current_schema(), app);
  execute format('alter default privileges in schema %I grant usage, select on sequences to %I',
    current_schema(), app);
end
$$;
