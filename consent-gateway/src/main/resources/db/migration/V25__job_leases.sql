-- Issue 18 (cluster): several gateways share one database. Work that must run in one place at a time (the outbox's
-- deliveries, whose order matters; re-embedding; the reconciler; retention; each import job) is done by whichever
-- gateway holds its lease: a row naming the holder (a random id per process) and when the lease runs out unless
-- renewed. A gateway that dies stops renewing and another takes over after the lease runs out.
create table job_leases (
  name       varchar(100) primary key,
  holder     varchar(64),
  expires_at timestamp with time zone
);
