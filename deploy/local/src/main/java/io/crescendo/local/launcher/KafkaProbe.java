package io.crescendo.local.launcher;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Asks the broker for its cluster metadata: up once it answers with a controller. One admin client
 * for the launcher's lifetime (it reconnects by itself), so that polling does not log a client's
 * whole configuration every time.
 */
final class KafkaProbe implements ReadinessProbe {

  private final String bootstrapServers;
  private Admin admin;

  KafkaProbe(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  @Override
  public boolean isUp() {
    try {
      return admin()
              .describeCluster(new DescribeClusterOptions().timeoutMs(2_000))
              .controller()
              .get(3, TimeUnit.SECONDS)
          != null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      return false;
    }
  }

  private synchronized Admin admin() {
    if (admin == null) {
      admin =
          Admin.create(
              Map.of(
                  AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                  AdminClientConfig.CLIENT_ID_CONFIG, "crescendo-launcher-probe",
                  AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
                  AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000,
                  AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000));
    }
    return admin;
  }
}
