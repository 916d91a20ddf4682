package io.crescendo.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.crescendo.events.assignment.AssignmentCreated;
import io.crescendo.events.assignment.AssignmentDeleted;
import io.crescendo.events.assignment.AssignmentEvent;
import io.crescendo.events.assignment.AssignmentUpdated;
import io.crescendo.events.assignment.SubmissionCreated;
import io.crescendo.events.assignment.SubmissionDeleted;
import io.crescendo.events.assignment.SubmissionEvent;
import io.crescendo.events.assignment.SubmissionUpdated;
import io.crescendo.events.identity.IdentityEvent;
import io.crescendo.events.identity.UserDeleted;
import io.crescendo.events.identity.UserRegistered;
import io.crescendo.events.identity.UsernameChanged;
import io.crescendo.events.study.HeadImageChanged;
import io.crescendo.events.study.JoinRequestApproved;
import io.crescendo.events.study.JoinRequestRejected;
import io.crescendo.events.study.JoinRequestWithdrawn;
import io.crescendo.events.study.JoinRequested;
import io.crescendo.events.study.MemberRemoved;
import io.crescendo.events.study.StudyGroupCreated;
import io.crescendo.events.study.StudyGroupDeleted;
import io.crescendo.events.study.StudyGroupEvent;
import io.crescendo.events.study.StudyGroupUpdated;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.NewTopic;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class EventCatalogTest {

  /**
   * Sealed context interfaces checked even if none of their events is registered yet. Add each new
   * context here (study, assignment) when it gets its first event.
   */
  private static final List<Class<? extends PublicEvent>> CONTEXT_ROOTS =
      List.of(
          IdentityEvent.class, StudyGroupEvent.class, AssignmentEvent.class, SubmissionEvent.class);

  private final EventCatalog catalog = EventCatalog.standard();

  @Test
  void mapsEveryEventToItsTypeAndTopic() {
    assertThat(catalog.events())
        .extracting(EventDescriptor::type, EventDescriptor::eventClass, EventDescriptor::topic)
        .containsExactly(
            tuple(
                "crescendo.identity.UserRegistered.v1", UserRegistered.class, Topics.IDENTITY_USER),
            tuple(
                "crescendo.identity.UsernameChanged.v1",
                UsernameChanged.class,
                Topics.IDENTITY_USER),
            tuple("crescendo.identity.UserDeleted.v1", UserDeleted.class, Topics.IDENTITY_USER),
            study("StudyGroupCreated", StudyGroupCreated.class),
            study("StudyGroupUpdated", StudyGroupUpdated.class),
            study("HeadImageChanged", HeadImageChanged.class),
            study("StudyGroupDeleted", StudyGroupDeleted.class),
            study("JoinRequested", JoinRequested.class),
            study("JoinRequestApproved", JoinRequestApproved.class),
            study("JoinRequestRejected", JoinRequestRejected.class),
            study("JoinRequestWithdrawn", JoinRequestWithdrawn.class),
            study("MemberRemoved", MemberRemoved.class),
            assignment("AssignmentCreated", AssignmentCreated.class, Topics.ASSIGNMENT_ASSIGNMENT),
            assignment("AssignmentUpdated", AssignmentUpdated.class, Topics.ASSIGNMENT_ASSIGNMENT),
            assignment("AssignmentDeleted", AssignmentDeleted.class, Topics.ASSIGNMENT_ASSIGNMENT),
            assignment("SubmissionCreated", SubmissionCreated.class, Topics.ASSIGNMENT_SUBMISSION),
            assignment("SubmissionUpdated", SubmissionUpdated.class, Topics.ASSIGNMENT_SUBMISSION),
            assignment("SubmissionDeleted", SubmissionDeleted.class, Topics.ASSIGNMENT_SUBMISSION));
  }

  private static Tuple assignment(String name, Class<?> eventClass, TopicSpec topic) {
    return tuple("crescendo.assignment." + name + ".v1", eventClass, topic);
  }

  private static Tuple study(String name, Class<?> eventClass) {
    return tuple("crescendo.study." + name + ".v1", eventClass, Topics.STUDY_STUDYGROUP);
  }

  @Test
  void looksUpBothWays() {
    for (EventDescriptor descriptor : catalog.events()) {
      assertThat(catalog.byType(descriptor.type())).isEqualTo(descriptor);
      assertThat(catalog.byClass(descriptor.eventClass())).isEqualTo(descriptor);
    }
  }

  @Test
  void typesAreUniqueAndWellFormed() {
    List<String> types = catalog.events().stream().map(EventDescriptor::type).toList();
    assertThat(types).doesNotHaveDuplicates().isNotEmpty();
    assertThat(types)
        .allSatisfy(
            type ->
                assertThat(type)
                    .matches("crescendo\\.[a-z][a-z0-9]*\\.[A-Z][A-Za-z0-9]*\\.v[1-9][0-9]*"));
    // Simple names are the AsyncAPI message names, so they must be unique as well.
    assertThat(catalog.events().stream().map(d -> d.eventClass().getSimpleName()))
        .doesNotHaveDuplicates();
  }

  @Test
  void typeCarriesContextOfTopicAndSimpleName() {
    for (EventDescriptor descriptor : catalog.events()) {
      assertThat(descriptor.type())
          .isEqualTo(
              "crescendo."
                  + descriptor.topic().context()
                  + "."
                  + descriptor.eventClass().getSimpleName()
                  + ".v1");
      // Events live in the package of their publishing context.
      assertThat(descriptor.eventClass().getPackageName())
          .isEqualTo("io.crescendo.events." + descriptor.topic().context());
    }
  }

  @Test
  void unknownTypeThrowsCatchableException() {
    assertThatThrownBy(() -> catalog.byType("crescendo.identity.UserPromoted.v1"))
        .isInstanceOfSatisfying(
            UnknownEventTypeException.class,
            e -> assertThat(e.type()).isEqualTo("crescendo.identity.UserPromoted.v1"))
        .hasMessageContaining("crescendo.identity.UserPromoted.v1");
    assertThat(catalog.findByType("crescendo.identity.UserPromoted.v1")).isEmpty();
  }

  @Test
  void unregisteredClassIsAProgrammingError() {
    assertThatThrownBy(() -> catalog.byClass(Probe.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Probe.class.getName());
  }

  @Test
  void everyPermittedSubclassOfASealedContextIsRegistered() {
    Set<Class<?>> registered = new HashSet<>();
    catalog.events().forEach(d -> registered.add(d.eventClass()));

    Set<Class<?>> roots = new HashSet<>(CONTEXT_ROOTS);
    for (Class<?> eventClass : registered) {
      // Convention: every public event belongs to a sealed context interface.
      List<Class<?>> sealedParents =
          List.of(eventClass.getInterfaces()).stream()
              .filter(i -> i.isSealed() && PublicEvent.class.isAssignableFrom(i))
              .toList();
      assertThat(sealedParents)
          .as("%s implements a sealed context interface", eventClass.getName())
          .isNotEmpty();
      roots.addAll(sealedParents);
    }

    for (Class<?> root : roots) {
      assertThat(root.isSealed()).as("%s is sealed", root.getName()).isTrue();
      Deque<Class<?>> pending = new ArrayDeque<>(List.of(root.getPermittedSubclasses()));
      while (!pending.isEmpty()) {
        Class<?> permitted = pending.pop();
        if (permitted.isInterface()) {
          pending.addAll(List.of(permitted.getPermittedSubclasses()));
        } else {
          assertThat(registered)
              .as("%s (permitted by %s) is registered on a topic", permitted, root)
              .contains(permitted);
        }
      }
    }
  }

  @Test
  void rejectsAClassOnTwoTopics() {
    TopicSpec a = new TopicSpec("crescendo.test.a.v1", 1, Map.of(), List.of(Probe.class));
    TopicSpec b = new TopicSpec("crescendo.test.b.v1", 1, Map.of(), List.of(Probe.class));
    assertThatThrownBy(() -> new EventCatalog(List.of(a, b)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("more than one topic");
  }

  @Test
  void rejectsTwoClassesWithOneType() {
    TopicSpec topic =
        new TopicSpec("crescendo.test.a.v1", 1, Map.of(), List.of(Probe.class, Other.Probe.class));
    assertThatThrownBy(() -> new EventCatalog(List.of(topic)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("crescendo.test.Probe.v1");
  }

  @Test
  void eventVersionAnnotationSetsTheMajorVersion() {
    TopicSpec topic =
        new TopicSpec("crescendo.test.a.v1", 1, Map.of(), List.of(Probe.class, ProbeV2.class));
    EventCatalog testCatalog = new EventCatalog(List.of(topic));
    assertThat(testCatalog.byClass(Probe.class).type()).isEqualTo("crescendo.test.Probe.v1");
    assertThat(testCatalog.byClass(ProbeV2.class).type()).isEqualTo("crescendo.test.ProbeV2.v2");
  }

  @Test
  void topicsAreDeclaredAsSpecified() {
    assertThat(Topics.all())
        .extracting(TopicSpec::name)
        .containsExactly(
            "crescendo.identity.user.v1",
            "crescendo.study.studygroup.v1",
            "crescendo.assignment.assignment.v1",
            "crescendo.assignment.submission.v1")
        .doesNotHaveDuplicates();
    assertThat(Topics.all())
        .allSatisfy(
            topic -> {
              assertThat(topic.partitions()).isEqualTo(6);
              assertThat(topic.configs())
                  .containsExactlyInAnyOrderEntriesOf(
                      Map.of("cleanup.policy", "delete", "retention.ms", "-1"));
            });
    assertThat(Topics.IDENTITY_USER.context()).isEqualTo("identity");
    assertThat(Topics.ASSIGNMENT_SUBMISSION.context()).isEqualTo("assignment");
    assertThat(Topics.STUDY_STUDYGROUP.context()).isEqualTo("study");
    assertThat(Topics.ASSIGNMENT_ASSIGNMENT.context()).isEqualTo("assignment");
  }

  @Test
  void topicBecomesAnAdminNewTopic() {
    NewTopic withBrokerDefault = Topics.IDENTITY_USER.toNewTopic(Optional.empty());
    assertThat(withBrokerDefault.name()).isEqualTo("crescendo.identity.user.v1");
    assertThat(withBrokerDefault.numPartitions()).isEqualTo(6);
    assertThat(withBrokerDefault.replicationFactor()).isEqualTo((short) -1);
    assertThat(withBrokerDefault.configs()).isEqualTo(Topics.CONFIGS);
    assertThat(Topics.IDENTITY_USER.toNewTopic(Optional.of((short) 3)).replicationFactor())
        .isEqualTo((short) 3);
  }

  @Test
  void topicSpecRejectsBadNamesAndNonRecords() {
    assertThatThrownBy(() -> new TopicSpec("identity-user", 1, Map.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TopicSpec("crescendo.test.a.v1", 0, Map.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new TopicSpec("crescendo.test.a.v1", 1, Map.of(), List.of(NotARecord.class)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("records");
  }

  record Probe(String value) implements PublicEvent {}

  @EventVersion(2)
  record ProbeV2(String value) implements PublicEvent {}

  static final class NotARecord implements PublicEvent {}

  static final class Other {
    record Probe(String value) implements PublicEvent {}
  }
}
