package io.crescendo.bench;

import java.util.List;
import reactor.core.publisher.Flux;

/** Data the measurements need, created through the public API like any user would. */
final class Fixtures {

  private Fixtures() {}

  /** {@code count} new users, in order. */
  static List<PlatformClient.User> users(PlatformClient api, String name, int count) {
    return Flux.range(0, count)
        .flatMapSequential(i -> api.signUp(name + i), 8)
        .collectList()
        .block();
  }

  /** One new user's access token. */
  static String token(PlatformClient api, String name) {
    return api.signUp(name).block().token();
  }

  /** {@code count} studies led by {@code leader}; their ids. */
  static List<String> studies(BenchContext context, String leader, int count, int memberLimit) {
    PlatformClient api = context.gateway();
    return Flux.range(0, count)
        .flatMapSequential(
            i ->
                api.createStudy(leader, "벤치마크 스터디 " + i, context.stack().today(), memberLimit)
                    .map(
                        answer -> PlatformClient.expect(answer, 201).json().get("uuid").asString()),
            8)
        .collectList()
        .block();
  }
}
