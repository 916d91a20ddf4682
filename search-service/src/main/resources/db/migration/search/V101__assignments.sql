-- Assignments and submissions, from crescendo.assignment.assignment.v1 and
-- crescendo.assignment.submission.v1 (docs/search.md). The topics are read independently of the
-- study topic and of each other, so there is no foreign key: an assignment may arrive before its
-- study, a submission before its assignment (the reads only show rows whose study and assignment
-- are known).

create table search_assignment (
    assignment_id bigint      primary key,
    study_id      uuid        not null,
    author_id     uuid        not null,
    title         text        not null,
    content       text        not null,
    created_at    timestamptz not null,
    updated_at    timestamptz not null
);

-- the study's page, newest first (keyset: created_at, assignment_id, both descending)
create index search_assignment_page on search_assignment (study_id, created_at desc, assignment_id desc);
create index search_assignment_author on search_assignment (author_id);

create table search_submission (
    submission_id bigint      primary key,
    assignment_id bigint      not null,
    study_id      uuid        not null,
    author_id     uuid        not null,
    title         text        not null,
    content       text        not null,
    created_at    timestamptz not null,
    updated_at    timestamptz not null
);

-- the assignment's page, newest first (keyset: created_at, submission_id, both descending)
create index search_submission_page on search_submission (assignment_id, created_at desc, submission_id desc);
create index search_submission_study on search_submission (study_id);
create index search_submission_author on search_submission (author_id);

-- my studies as leader, and the studies an account deletion takes along
create index search_study_leader on search_study (leader_id);

-- Tombstones (ids only; a deleted account also its deletion time, from its event). The topics are
-- read independently, so an event may arrive after a deletion that will cascade over what it
-- creates (a membership of a deleted account, an assignment of a deleted study, a submission of a
-- deleted assignment): it is not applied. The read models then look at once as they will after the
-- cascades of study-service and assignment-service, and they hold the same rows whatever the
-- interleaving of the topics (a rebuild compares them row by row).
create table search_deleted_user (
    user_id    uuid        primary key,
    deleted_at timestamptz not null
);

-- deleted studies, and those led by a deleted account (study-service deletes them)
create table search_deleted_study (
    study_id uuid primary key
);

create table search_deleted_assignment (
    assignment_id bigint primary key
);
