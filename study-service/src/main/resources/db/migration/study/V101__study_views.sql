-- study-service's own view of its studies, kept by the subscribing "study-views" processor in the
-- transaction of the command that changed the study: a write is visible to the next read.
create table study_view (
  study_id      uuid primary key,
  leader_id     uuid        not null,
  post_title    text        not null,
  study_name    text        not null,
  post_content  text        not null,
  categories    text[]      not null,
  tags          text[]      not null,
  member_limit  integer     not null,
  member_count  integer     not null,
  start_date    date        not null,
  end_date      date        not null,
  deadline      date        not null,
  head_image    text,
  created_at    timestamptz not null,
  updated_at    timestamptz not null,
  -- the aggregate sequence number of the last event applied
  last_sequence bigint      not null
);
create index study_view_leader_idx on study_view (leader_id);

create table study_membership_view (
  membership_id bigint primary key,
  study_id      uuid        not null references study_view on delete cascade,
  user_id       uuid        not null,
  is_leader     boolean     not null,
  joined_at     timestamptz not null
);
create index study_membership_view_study_idx on study_membership_view (study_id);
create index study_membership_view_user_idx on study_membership_view (user_id);

create table study_join_request_view (
  request_id      bigint primary key,
  study_id        uuid        not null references study_view on delete cascade,
  user_id         uuid        not null,
  request_message text        not null,
  status          text        not null check (status in ('PENDING', 'APPROVED', 'REJECTED')),
  requested_at    timestamptz not null,
  decided_at      timestamptz
);
create index study_join_request_view_study_idx on study_join_request_view (study_id);
create index study_join_request_view_user_idx on study_join_request_view (user_id);

-- The users study-service knows, from crescendo.identity.user.v1 (deleted users are removed).
create table study_user (
  user_id  uuid primary key,
  email    text not null,
  username text not null
);
