-- Set-based rule "one account per e-mail": written in the same transaction as the User events.
create table user_email_claim (
    email   varchar(320) primary key,
    user_id uuid         not null unique
);

-- Read model of accounts, updated by a subscribing processor in the command's transaction.
create table user_account (
    user_id       uuid         primary key,
    email         varchar(320) not null unique,
    username      varchar(64)  not null,
    password_hash varchar(255),
    created_at    timestamptz  not null,
    updated_at    timestamptz  not null
);
