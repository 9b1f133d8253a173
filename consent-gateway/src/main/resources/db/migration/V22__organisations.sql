-- Organisations as administrators manage them (issue 13, "Administrators: users, roles, organisations"). The id is the
-- same opaque string every other table already holds as organisation_id (and a bearer token's org claim carries);
-- the display name is what people read; the kind is NGO, POLICE or OTHER (domain/OrganisationKind). A deactivated
-- organisation keeps its row and all its data; its users can no longer sign in or act (auth/RequestContext). No
-- foreign key from the other tables: in a cluster the identity provider is the source of truth for organisations, so
-- a token may name one this table does not know (it acts as before; see README "Organisations").
create table organisations (
  id            varchar(64)  primary key,
  display_name  varchar(128) not null,
  kind          varchar(16)  not null,
  active        boolean      not null default true,
  created_at    timestamp with time zone not null,
  created_by    varchar(128) not null,
  updated_at    timestamp with time zone,
  updated_by    varchar(128)
);

-- Every organisation id already in use (accounts, cases, search results, assignments, sessions, one-time searches,
-- alert posters, import jobs) becomes a row (display name = id, kind OTHER, active), so that existing users
-- and cases stay valid and the administrator can rename and classify them.
insert into organisations (id, display_name, kind, active, created_at, created_by)
select ids.id, ids.id, 'OTHER', true, current_timestamp, 'migration'
from (
  select organisation_id as id from accounts
  union select organisation_id from cases
  union select organisation_id from search_results
  union select assignee_organisation from case_assignments
  union select organisation_id from browser_sessions where organisation_id is not null
  union select organisation_id from one_time_searches
  union select organisation_id from alert_posters
  union select organisation_id from import_jobs
) ids
where ids.id is not null;

-- The users and cases an organisation has, counted for the administrators' list.
create index accounts_organisation on accounts (organisation_id);
