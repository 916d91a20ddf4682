-- Assignment and submission ids: positive integers (API-v1 §1.1), at most 2^53 - 1 so that JSON
-- readers keep them exact. ONE sequence for both kinds: they are Axon aggregate identifiers in the
-- same event store, whose (aggregate_identifier, sequence_number) is unique regardless of the
-- aggregate type, so an assignment and a submission must never share an id. Gaps are normal.
create sequence assignment_service_id_seq as bigint minvalue 1 maxvalue 9007199254740991 no cycle;
