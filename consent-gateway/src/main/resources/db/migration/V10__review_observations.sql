-- Face examiners' observations, feature by feature (FISWG morphological comparison), stored with the verdict they
-- support: one row per examiner and feature. The note is free text about a person: sealed like other free text
-- (security/SealedColumn lists it, so the field-key rotation re-seals it); an erasure deletes the rows.
create table review_observations (
  id            varchar(40)  primary key,
  review_id     varchar(40)  not null references review_items (id),
  examiner      varchar(128) not null,
  feature       varchar(32)  not null,
  assessment    varchar(24)  not null,
  note_sealed   bytea,
  recorded_at   timestamp with time zone not null,
  unique (review_id, examiner, feature)
);
create index review_observations_item on review_observations (review_id);

-- The DNA referral of a pair that two examiners found a potential candidate: who referred it and when (the
-- confirmation itself goes to confirmations, as any other).
alter table review_items add column dna_referred_at timestamp with time zone;
alter table review_items add column dna_referred_by varchar(128);
