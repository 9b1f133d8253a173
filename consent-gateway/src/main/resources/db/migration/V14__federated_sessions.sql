-- Browser sessions of users who signed in at the organisation's identity provider (issue 13, cluster sign-in with
-- OpenID Connect). Their role and organisation come from the ID token's claims at sign-in and hold for the session,
-- as a bearer token's hold for the token; a local account's session leaves both NULL (its account row says them).
-- The subject is the provider's sub claim, the same subject a bearer token of that user carries, so a privacy
-- officer's lock applies to both alike.
alter table browser_sessions add column role varchar(32);
alter table browser_sessions add column organisation_id varchar(64);
