-- Membership and join request ids: positive integers, unique across all studies (like the
-- original's database ids), allocated by the StudyGroup command handlers. The frontend reads them
-- as JSON numbers, so they must stay at or below 2^53 - 1 (API-v1 §1.1). nextval is not rolled
-- back with a failed command: gaps are normal.
create sequence study_membership_id_seq as bigint minvalue 1 maxvalue 9007199254740991 no cycle;
create sequence study_join_request_id_seq as bigint minvalue 1 maxvalue 9007199254740991 no cycle;
