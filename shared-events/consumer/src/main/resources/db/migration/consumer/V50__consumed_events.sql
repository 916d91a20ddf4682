-- Exactly-once effect of Kafka consumers (shared-events-consumer): the last event applied per
-- subscription and aggregate. Updated in the same transaction as the read model, so a redelivered
-- or duplicated record (sequence <= last_sequence) is recognised and skipped.
-- Versions V1..V99 are reserved for shared modules; services number their migrations from V100.

create table consumed_event (
    subscription  varchar(249)  not null,
    subject       varchar(255)  not null,
    last_sequence bigint        not null,
    last_event_id varchar(255)  not null,
    applied_at    timestamptz   not null default now(),
    primary key (subscription, subject)
);
