package io.crescendo.identity.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.crescendo.events.identity.UserDeleted;
import io.crescendo.events.identity.UserRegistered;
import io.crescendo.events.identity.UsernameChanged;
import io.crescendo.identity.api.ChangeUsername;
import io.crescendo.identity.api.DeleteUser;
import io.crescendo.identity.api.EmailAlreadyRegistered;
import io.crescendo.identity.api.InvalidUsername;
import io.crescendo.identity.api.PasswordSet;
import io.crescendo.identity.api.RegisterUser;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventsourcing.AggregateDeletedException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UserTest {

  private static final Instant NOW = Instant.parse("2026-03-05T05:07:09Z");
  private static final UUID KIM = UUID.fromString("5f0c7a2e-0000-4000-8000-000000000001");
  private static final UUID LEE = UUID.fromString("5f0c7a2e-0000-4000-8000-000000000002");

  private final InMemoryEmailClaims claims = new InMemoryEmailClaims();
  private FixtureConfiguration<User> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(User.class);
    fixture.registerInjectableResource(claims);
    fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void registeringWithAPasswordPublishesTheAccountAndKeepsTheHashInternal() {
    fixture
        .givenNoPriorActivity()
        .when(new RegisterUser(KIM, "Kim@Example.com", " kim ", "$argon2id$hash"))
        .expectEvents(
            new UserRegistered(KIM, "kim@example.com", "kim", NOW),
            new PasswordSet(KIM, "$argon2id$hash"));
    assertThat(claims.holder("kim@example.com")).isEqualTo(KIM);
  }

  @Test
  void registeringWithoutAPasswordCreatesAGoogleOnlyAccount() {
    fixture
        .givenNoPriorActivity()
        .when(new RegisterUser(KIM, "kim@example.com", "Kim", null))
        .expectEvents(new UserRegistered(KIM, "kim@example.com", "Kim", NOW));
  }

  @Test
  void anEmailAlreadyClaimedInAnyCaseIsRefused() {
    claims.claim("kim@example.com", LEE);
    fixture
        .givenNoPriorActivity()
        .when(new RegisterUser(KIM, "KIM@example.com", "kim", "$argon2id$hash"))
        .expectException(EmailAlreadyRegistered.class)
        .expectNoEvents();
  }

  @Test
  void aBlankUsernameIsRefused() {
    fixture
        .givenNoPriorActivity()
        .when(new RegisterUser(KIM, "kim@example.com", "   ", null))
        .expectException(InvalidUsername.class);
  }

  @Test
  void aUsernameLongerThan64CharactersIsRefused() {
    fixture
        .given(registered())
        .when(new ChangeUsername(KIM, "k".repeat(65)))
        .expectException(InvalidUsername.class);
  }

  @Test
  void renamingPublishesTheNewUsername() {
    fixture
        .given(registered())
        .when(new ChangeUsername(KIM, "kimchi"))
        .expectEvents(new UsernameChanged(KIM, "kimchi", NOW));
  }

  @Test
  void renamingToTheSameUsernameChangesNothing() {
    fixture.given(registered()).when(new ChangeUsername(KIM, "kim")).expectNoEvents();
  }

  @Test
  void deletingPublishesTheDeletionAndFreesTheEmail() {
    claims.claim("kim@example.com", KIM);
    fixture
        .given(registered())
        .when(new DeleteUser(KIM))
        .expectEvents(new UserDeleted(KIM, NOW))
        .expectMarkedDeleted();
    assertThat(claims.holder("kim@example.com")).isNull();
  }

  @Test
  void aDeletedAccountTakesNoMoreCommands() {
    fixture
        .given(registered(), new UserDeleted(KIM, NOW))
        .when(new ChangeUsername(KIM, "ghost"))
        .expectException(AggregateDeletedException.class);
  }

  private static UserRegistered registered() {
    return new UserRegistered(KIM, "kim@example.com", "kim", NOW);
  }

  /** The claim rule in memory: this is an aggregate unit test, the JDBC claims are tested apart. */
  private static final class InMemoryEmailClaims implements EmailClaims {

    private final Map<String, UUID> holders = new HashMap<>();

    @Override
    public boolean claim(String email, UUID userId) {
      return holders.putIfAbsent(email, userId) == null;
    }

    @Override
    public void release(UUID userId) {
      holders.values().removeIf(userId::equals);
    }

    UUID holder(String email) {
      return holders.get(email);
    }
  }
}
