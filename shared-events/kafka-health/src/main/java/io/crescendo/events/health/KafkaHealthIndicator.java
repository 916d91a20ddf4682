package io.crescendo.events.health;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The {@code kafka} component of {@code /actuator/health}: asks the cluster to describe itself
 * (Admin {@code describeCluster}) and waits at most {@code timeout}. UP with the cluster id and the
 * number of brokers; DOWN with the reason (and the bootstrap servers) when the cluster does not
 * answer in time or the client cannot be created.
 *
 * <p>Never blocks the caller's thread: the answer completes on the Admin client's own network
 * thread. One Admin client serves every check; it is created at the first check, on {@code
 * boundedElastic} since it resolves the bootstrap addresses (an unresolvable address is then a
 * DOWN, not a failed start, and the next check tries again), and closed by {@link #close()}.
 */
public final class KafkaHealthIndicator implements ReactiveHealthIndicator, AutoCloseable {

  private static final Duration BACKSTOP = Duration.ofMillis(250);

  private final String bootstrapServers;
  private final Duration timeout;
  private final Map<String, Object> adminConfig;

  private Admin admin; // guarded by this
  private boolean closed; // guarded by this

  /**
   * @param bootstrapServers the cluster ({@code crescendo.kafka.bootstrap-servers})
   * @param clientId the Admin client's id, e.g. {@code search-service-health}
   * @param timeout longest wait for the cluster's answer
   */
  public KafkaHealthIndicator(String bootstrapServers, String clientId, Duration timeout) {
    this.bootstrapServers = bootstrapServers;
    this.timeout = timeout;
    int millis = Math.toIntExact(timeout.toMillis());
    this.adminConfig =
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            AdminClientConfig.CLIENT_ID_CONFIG, clientId,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
  }

  @Override
  public Mono<Health> health() {
    return admin()
        .flatMap(this::describeCluster)
        // a backstop for the first check, which also creates the client; describeCluster's own
        // deadline answers first otherwise, with Kafka's reason
        .timeout(timeout.plus(BACKSTOP))
        .onErrorResume(e -> Mono.just(down(e)));
  }

  private Mono<Admin> admin() {
    synchronized (this) {
      if (admin != null) {
        return Mono.just(admin);
      }
    }
    return Mono.fromCallable(this::createAdmin).subscribeOn(Schedulers.boundedElastic());
  }

  private synchronized Admin createAdmin() {
    if (closed) {
      throw new IllegalStateException("the health indicator is closed");
    }
    if (admin == null) {
      admin = Admin.create(adminConfig);
    }
    return admin;
  }

  private Mono<Health> describeCluster(Admin client) {
    DescribeClusterResult cluster =
        client.describeCluster(
            new DescribeClusterOptions().timeoutMs(Math.toIntExact(timeout.toMillis())));
    return Mono.fromCompletionStage(
        cluster
            .clusterId()
            .toCompletionStage()
            .thenCombine(
                cluster.nodes().toCompletionStage(),
                (clusterId, nodes) ->
                    Health.up()
                        .withDetail("clusterId", Objects.requireNonNullElse(clusterId, "unknown"))
                        .withDetail("nodes", nodes.size())
                        .build()));
  }

  private Health down(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return Health.down()
        .withDetail("bootstrapServers", bootstrapServers)
        .withDetail("error", reason(cause))
        .build();
  }

  private String reason(Throwable cause) {
    String noAnswer = "no answer from Kafka within " + timeout.toMillis() + " ms";
    if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
      return noAnswer + " (" + cause.getMessage() + ")";
    }
    if (cause instanceof TimeoutException) {
      return noAnswer; // the backstop (Reactor's message names operators, not the cause)
    }
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = cause.getClass().getSimpleName() + ": " + cause.getMessage();
    return root == cause ? message : message + ": " + root.getMessage();
  }

  /** Closes the Admin client (a check after this is DOWN). */
  @Override
  public void close() {
    Admin toClose;
    synchronized (this) {
      closed = true;
      toClose = admin;
      admin = null;
    }
    if (toClose != null) {
      toClose.close(timeout);
    }
  }
}
