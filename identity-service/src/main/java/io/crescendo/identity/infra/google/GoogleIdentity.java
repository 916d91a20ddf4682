package io.crescendo.identity.infra.google;

/**
 * A verified Google account.
 *
 * @param subject Google's stable user id ({@code sub})
 * @param email the verified e-mail address
 * @param name the profile name, or {@code null} when Google sent none
 */
public record GoogleIdentity(String subject, String email, String name) {}
