-- Audit retention (PRIVACY.md "Audit record": kept 3 years). Records older than that are removed from the oldest on,
-- up to a point the chain is anchored at: the anchor names the last removed record's sequence number and hash, the
-- bound every removed record occurred before, and is signed with the checkpoint key (Ed25519). The first record kept
-- links to the anchor's hash, so the chain verifies from the anchor on; an anchor that does not verify, or a record
-- missing or altered after it, breaks the chain. The application role inserts anchors and removes records only
-- through the narrow function of db/vendor/<kind>/V18_1 (older than 3 years, under an anchor, never more).
create table audit_anchors (
  seq             bigint        primary key,
  head_hash       varchar(64)   not null,
  removed_before  timestamp with time zone not null,
  removed_records bigint        not null,
  signed_at       timestamp with time zone not null,
  key_id          varchar(64)   not null,
  signature       bytea         not null
);
