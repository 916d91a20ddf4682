package io.crescendo.events.axon.publisher;

import io.crescendo.events.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates every topic declared in {@link Topics} if it is missing. Idempotent, so every replica of
 * every service may call it; the replication factor is left to the broker's default.
 */
public class KafkaTopicInitializer {

  private static final Logger log = LoggerFactory.getLogger(KafkaTopicInitializer.class);

  private final Admin admin;
  private final Duration timeout;
  private volatile boolean done;

  public KafkaTopicInitializer(Admin admin, Duration timeout) {
    this.admin = admin;
    this.timeout = timeout;
  }

  /** Creates the missing topics; throws while the broker cannot be reached. */
  public void ensureTopics() {
    if (done) {
      return;
    }
    List<NewTopic> topics =
        Topics.all().stream().map(spec -> spec.toNewTopic(Optional.empty())).toList();
    var result =
        admin.createTopics(topics, new CreateTopicsOptions().timeoutMs((int) timeout.toMillis()));
    for (var entry : result.values().entrySet()) {
      try {
        entry.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        log.info("Created Kafka topic {}", entry.getKey());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new EventPublicationException(
              "cannot create topic " + entry.getKey(), e.getCause());
        }
      } catch (TimeoutException e) {
        throw new EventPublicationException("timed out creating topic " + entry.getKey(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EventPublicationException("interrupted creating topic " + entry.getKey(), e);
      }
    }
    done = true;
  }
}
