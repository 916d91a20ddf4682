-- The test read model: one row per handler application, so that double application shows.
create table applied_event (
    id        bigserial    primary key,
    event_id  varchar(255) not null,
    subject   varchar(255) not null,
    sequence  bigint       not null,
    type      varchar(255) not null,
    username  varchar(255)
);
