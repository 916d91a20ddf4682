-- Users whose UserDeleted study-service applied: a valid token of one of them is a deleted account
-- (401 user_not_found), while a token of a user in neither table is one whose UserRegistered has
-- not arrived yet (503, try again). Deletions from before this table need no backfill: their
-- access tokens (30 minutes) have long expired.
create table study_deleted_user (
  user_id    uuid primary key,
  deleted_at timestamptz not null
);
