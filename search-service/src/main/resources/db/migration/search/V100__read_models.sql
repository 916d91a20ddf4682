-- search-service's read models, fed from the public topics (docs/search.md).
create extension if not exists pg_trgm;

-- users from crescendo.identity.user.v1; deleted users are removed
create table search_user (
    user_id    uuid         primary key,
    email      varchar(320) not null,
    username   varchar(255) not null,
    created_at timestamptz  not null,
    updated_at timestamptz  not null
);

-- one row per live study, from crescendo.study.studygroup.v1
create table search_study (
    study_id     uuid         primary key,
    leader_id    uuid         not null,
    post_title   text         not null,
    study_name   text         not null,
    post_content text         not null,
    categories   text[]       not null,
    tags         text[]       not null,
    member_limit integer      not null,
    member_count integer      not null,
    start_date   date         not null,
    end_date     date         not null,
    deadline     date         not null,
    head_image   varchar(255),
    created_at   timestamptz  not null,
    updated_at   timestamptz  not null
);

create index search_study_created on search_study (created_at desc, study_id);
create index search_study_deadline on search_study (deadline, study_id);
create index search_study_title_trgm on search_study using gin (post_title gin_trgm_ops);
create index search_study_name_trgm on search_study using gin (study_name gin_trgm_ops);
create index search_study_categories on search_study using gin (categories);
create index search_study_tags on search_study using gin (tags);

create table search_membership (
    membership_id bigint      primary key,
    study_id      uuid        not null references search_study on delete cascade,
    user_id       uuid        not null,
    is_leader     boolean     not null,
    joined_at     timestamptz not null
);

create index search_membership_study on search_membership (study_id);
create index search_membership_user on search_membership (user_id);

-- join requests; withdrawn ones are deleted, approved and rejected ones kept
create table search_join_request (
    request_id      bigint      primary key,
    study_id        uuid        not null references search_study on delete cascade,
    user_id         uuid        not null,
    request_message text        not null,
    status          varchar(16) not null check (status in ('PENDING', 'APPROVED', 'REJECTED')),
    requested_at    timestamptz not null,
    decided_at      timestamptz
);

create index search_join_request_study on search_join_request (study_id, status, requested_at);
create index search_join_request_user on search_join_request (user_id);

-- every tag name ever used by a study
create table search_tag (
    name          text        primary key,
    first_seen_at timestamptz not null
);
