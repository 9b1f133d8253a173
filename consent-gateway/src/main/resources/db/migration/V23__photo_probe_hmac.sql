-- Issue 15: a case search no longer decrypts its probe photos. The keyed hash of each photo's image (rule 16: what
-- the audit records and the per-case probe count counts) is kept with the photo from its enrolment, with the id of
-- the key that made it: after a key rotation the search hashes the image again with the new key and keeps that.
-- It is an HMAC (no image can be recovered from it, and without the key no known photo can be matched to it), the same
-- value the audit already holds for the photo's enrolment; an erased photo loses it with its image.
alter table photos add column probe_hmac varchar(64);
alter table photos add column probe_key varchar(16);
