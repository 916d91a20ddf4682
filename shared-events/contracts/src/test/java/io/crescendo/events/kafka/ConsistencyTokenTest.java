package io.crescendo.events.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.crescendo.events.kafka.ConsistencyToken.Position;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsistencyTokenTest {

  static final String STUDY = "crescendo.study.studygroup.v1";

  @Test
  void keepsTheLastSequencePerTopicAndSubjectAndRoundTrips() {
    var token =
        ConsistencyToken.of(
            List.of(
                new Position(STUDY, "s-1", 3),
                new Position(STUDY, "s-1", 4),
                new Position("crescendo.identity.user.v1", "s-1", 0),
                new Position(STUDY, "s-2", 0)));

    assertThat(token.positions())
        .containsExactly(
            new Position(STUDY, "s-1", 4),
            new Position("crescendo.identity.user.v1", "s-1", 0),
            new Position(STUDY, "s-2", 0));
    assertThat(ConsistencyToken.parse(token.format())).isEqualTo(token);
  }

  @Test
  void subjectsWithSeparatorsSurviveTheTextForm() {
    var token = ConsistencyToken.of(List.of(new Position(STUDY, "a;b,c d%", 7)));

    assertThat(token.format()).isEqualTo(STUDY + ";a%3Bb%2Cc+d%25;7");
    assertThat(ConsistencyToken.parse(token.format())).isEqualTo(token);
  }

  @Test
  void malformedTextIsRefused() {
    assertThatIllegalArgumentException().isThrownBy(() -> ConsistencyToken.parse(STUDY + ";x"));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ConsistencyToken.parse(STUDY + ";x;seven"));
    assertThatIllegalArgumentException().isThrownBy(() -> ConsistencyToken.parse(STUDY + ";x;-1"));
    assertThatIllegalArgumentException().isThrownBy(() -> ConsistencyToken.parse(";x;1"));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ConsistencyToken.parse((STUDY + ";x;1,").repeat(300)));
    assertThat(ConsistencyToken.parse("").isEmpty()).isTrue();
  }
}
