-- Issue 17: an enrolment a client sends again (its answer was lost: a dropped connection, a gateway killed after
-- the commit) must not store the photo twice. A client names each enrolment with an Idempotency-Key header; the key
-- is kept with the photo it stored, unique within the case, and a repeat with the same key answers with that photo.
-- The key is the client's opaque token (letters, digits and -_.:, at most 100), not anything about the person.
alter table photos add column request_key varchar(100);
create unique index photos_case_request_key on photos (case_id, request_key);
