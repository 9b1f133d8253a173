-- The privacy officers' audit browser (GET /api/v1/oversight/audit/records): newest first by sequence number, filtered
-- by actor, organisation (also its scope) or case, and by time. Plain indexes: the records stay append-only.
create index audit_records_actor on audit_records (actor_id, seq);
create index audit_records_organisation on audit_records (organisation, seq);
create index audit_records_case on audit_records (case_id, seq);
create index audit_records_occurred on audit_records (occurred_at, seq);
