package io.crescendo.search.projection.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class RebuildOptionsTest {

  @Test
  void defaultsSwitchWhenIdenticalAndIgnoreOnlyTheClaimTime() {
    RebuildOptions options = RebuildOptions.from(new MockEnvironment());

    assertThat(options).isEqualTo(RebuildOptions.defaults());
    assertThat(options.switchOver()).isTrue();
    assertThat(options.acceptDifferences()).isFalse();
    assertThat(options.keep()).isFalse();
    assertThat(options.replayParked()).isFalse();
    assertThat(options.parallelism()).isOne();
    assertThat(options.ignoredColumnsOf("consumed_event")).containsExactly("applied_at");
    assertThat(options.ignoredColumnsOf("search_user")).isEmpty();
  }

  @Test
  void everyOptionFromTheEnvironment() {
    MockEnvironment environment =
        new MockEnvironment()
            .withProperty("crescendo.search.rebuild", "true")
            .withProperty("crescendo.search.rebuild.switch", "false")
            .withProperty("crescendo.search.rebuild.accept-differences", "true")
            .withProperty("crescendo.search.rebuild.keep", "true")
            .withProperty("crescendo.search.rebuild.replay-parked", "true")
            .withProperty("crescendo.search.rebuild.batch-size", "500")
            .withProperty("crescendo.search.rebuild.parallelism", "3")
            .withProperty("crescendo.search.rebuild.lock-timeout", "750ms")
            .withProperty("crescendo.search.rebuild.switch-attempts", "2")
            .withProperty(
                "crescendo.search.rebuild.ignore-columns",
                "search_user.updated_at, search_study.updated_at,search_user.email")
            .withProperty("crescendo.search.rebuild.sample-rows", "0");

    RebuildOptions options = RebuildOptions.from(environment);

    assertThat(RebuildCommand.isRequested(environment)).isTrue();
    assertThat(options.switchOver()).isFalse();
    assertThat(options.acceptDifferences()).isTrue();
    assertThat(options.keep()).isTrue();
    assertThat(options.replayParked()).isTrue();
    assertThat(options.batchSize()).isEqualTo(500);
    assertThat(options.parallelism()).isEqualTo(3);
    assertThat(options.lockTimeout()).isEqualTo(Duration.ofMillis(750));
    assertThat(options.switchAttempts()).isEqualTo(2);
    assertThat(options.sampleRows()).isZero();
    assertThat(options.ignoredColumnsOf("search_user")).isEqualTo(Set.of("updated_at", "email"));
    assertThat(options.ignoredColumnsOf("search_study")).containsExactly("updated_at");
    assertThat(options.ignoredColumnsOf("consumed_event")).containsExactly("applied_at");
  }

  @Test
  void nonsenseIsRefused() {
    assertThatThrownBy(
            () ->
                RebuildOptions.from(
                    new MockEnvironment()
                        .withProperty("crescendo.search.rebuild.ignore-columns", "updated_at")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("table.column");
    assertThatThrownBy(
            () ->
                RebuildOptions.from(
                    new MockEnvironment()
                        .withProperty("crescendo.search.rebuild.parallelism", "0")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(RebuildCommand.isRequested(new MockEnvironment())).isFalse();
  }
}
