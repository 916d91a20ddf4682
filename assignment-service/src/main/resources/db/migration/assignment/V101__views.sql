-- The studies assignment-service knows, from crescendo.study.studygroup.v1 (subscription
-- assignment-service.studies). A deleted study stays as a tombstone (deleted = true).
create table study_roster (
  study_id   uuid primary key,
  leader_id  uuid    not null,
  start_date date    not null,
  deleted    boolean not null default false
);

create table study_member (
  membership_id bigint primary key,
  study_id      uuid not null references study_roster on delete cascade,
  user_id       uuid not null
);
create index study_member_study_user_idx on study_member (study_id, user_id);

-- assignment-service's own views of its aggregates, kept by the subscribing "assignment-views"
-- processor in the command's transaction.
create table assignment_view (
  assignment_id bigint primary key,
  study_id      uuid        not null,
  author_id     uuid        not null,
  title         text        not null,
  content       text        not null,
  created_at    timestamptz not null,
  updated_at    timestamptz not null
);
create index assignment_view_study_idx on assignment_view (study_id);

create table submission_view (
  submission_id bigint primary key,
  assignment_id bigint      not null,
  study_id      uuid        not null,
  author_id     uuid        not null,
  title         text        not null,
  content       text        not null,
  created_at    timestamptz not null,
  updated_at    timestamptz not null
);
create index submission_view_assignment_idx on submission_view (assignment_id);
create index submission_view_author_idx on submission_view (author_id);

-- One submission per member and assignment: written by the Submission command handler through
-- the command's own transaction (rolled back with a failed command), released on delete.
create table submission_claim (
  assignment_id bigint not null,
  user_id       uuid   not null,
  submission_id bigint not null,
  primary key (assignment_id, user_id)
);
