package io.crescendo.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** A person with an e-mail account, logged in through the gateway (API-v1 §9). */
final class Account {

  static final String PASSWORD = "reliability-7f3k-Quartz!";

  /** Access tokens live 30 minutes; a longer suite logs in again well before that. */
  private static final Duration RENEW_AFTER = Duration.ofMinutes(15);

  private final Api api;
  private final String email;
  private final String name;
  private UUID uuid;
  private String access;
  private long issuedAt;

  private Account(Api api, String email, String name) {
    this.api = api;
    this.email = email;
    this.name = name;
  }

  /** A new account (201) with a unique e-mail address. */
  static Account signUp(Api api, String name) {
    String email = name + "-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
    Account account = new Account(api.fromOwnAddress(), email, name);
    var created =
        account.api.json(
            "POST",
            "/api/v1/auth/signup/",
            Map.of("email", email, "password", PASSWORD, "username", name),
            null);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    account.remember(created.json().path("access").asString());
    var me = account.api.get("/api/v1/auth/profiles/me/", account.access);
    assertThat(me.status()).as(me.toString()).isEqualTo(200);
    account.uuid = UUID.fromString(me.json().path("uuid").asString());
    return account;
  }

  /** Logs in again (after a restart with a shifted clock the old token has expired). */
  synchronized Account login() {
    var login =
        api.json("POST", "/api/v1/auth/login/", Map.of("email", email, "password", PASSWORD), null);
    assertThat(login.status()).as(login.toString()).isEqualTo(200);
    remember(login.json().path("access").asString());
    return this;
  }

  /** A valid access token. */
  synchronized String token() {
    if (System.nanoTime() - issuedAt > RENEW_AFTER.toNanos()) {
      login();
    }
    return access;
  }

  private void remember(String token) {
    this.access = token;
    this.issuedAt = System.nanoTime();
  }

  String email() {
    return email;
  }

  String name() {
    return name;
  }

  UUID uuid() {
    return uuid;
  }

  @Override
  public String toString() {
    return name + " <" + email + ">";
  }
}
