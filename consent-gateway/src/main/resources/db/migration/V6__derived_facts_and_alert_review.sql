-- Issue 11, derived facts over typed facts: a photo's age at the photo is stored as the range the case's birth years
-- and the photo year give (or the age estimator's reading), with where it came from. age_at_photo keeps the youngest
-- age the range allows, which is what the display rules (rule 11) decide on.
alter table photos add column age_from real;
alter table photos add column age_to real;
alter table photos add column age_basis varchar(16);

-- Issue 11, alerts: a privacy officer acknowledges and resolves an alert, each with a note (sealed: it may name a
-- person). resolved_by / resolved_at exist since V1.
alter table alerts add column acknowledged_by varchar(128);
alter table alerts add column acknowledged_at timestamp with time zone;
alter table alerts add column acknowledgement_note_sealed bytea;
alter table alerts add column resolution_note_sealed bytea;
create index alerts_newest on alerts (raised_at desc, id desc);
