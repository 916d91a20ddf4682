package io.crescendo.search;

import io.crescendo.search.projection.rebuild.RebuildCommand;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The read side: every GET of the contract, from the public topics. With {@code
 * --crescendo.search.rebuild=true} it rebuilds the read models instead and exits ({@link
 * RebuildCommand}, docs/read-model-rebuild.md).
 */
@SpringBootApplication
public class SearchServiceApplication {

  public static void main(String[] args) {
    RebuildCommand.exitWhenDone(
        RebuildCommand.application(SearchServiceApplication.class).run(args));
  }
}
