package io.crescendo.study.command;

/**
 * Hands out membership and join request ids: positive integers, unique across all studies, at most
 * 2^53 - 1 so that JSON readers keep them exact (API-v1 §1.1).
 */
public interface IdentifierAllocator {

  long nextMembershipId();

  long nextRequestId();
}
