-- H2 only: audit retention's door (see V18__audit_retention_anchor.sql). The anchors are append-only like the
-- records (io.homeward.gateway.db.AppendOnlyTrigger); the records refuse DELETE except from
-- io.homeward.gateway.db.AuditRemoval, which removes only records older than 3 years up to a stored anchor. As for
-- every H2 guard, whoever holds the file can drop it; the signed anchor and the keyed chain catch what they do.
create trigger audit_anchors_append_only before update, delete on audit_anchors
  for each row call 'io.homeward.gateway.db.AppendOnlyTrigger';
create table audit_anchors_truncate_guard (
  seq bigint references audit_anchors (seq)
);
create alias audit_remove_anchored for 'io.homeward.gateway.db.AuditRemoval.removeAnchored';
