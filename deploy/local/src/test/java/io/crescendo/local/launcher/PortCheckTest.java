package io.crescendo.local.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.crescendo.local.infra.FreePorts;
import io.crescendo.local.launcher.PortCheck.PortClaim;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortCheckTest {

  @Test
  void namesTheTakenPortAndTheVariableToChange() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = taken.getLocalPort();

      var conflict =
          PortCheck.firstConflict(
              List.of(
                  new PortClaim("127.0.0.1", FreePorts.pick(), "CRESCENDO_HTTP_PORT", "http"),
                  new PortClaim("127.0.0.1", port, "CRESCENDO_KAFKA_PORT", "kafka")));

      assertThat(conflict)
          .contains(
              "port "
                  + port
                  + " (kafka) is already in use; set CRESCENDO_KAFKA_PORT to a free port");
    }
  }

  @Test
  void aPortTakenOnTheWildcardAddressIsTakenOnLoopbackToo() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(0));
      var conflict =
          PortCheck.firstConflict(
              List.of(
                  new PortClaim(
                      "127.0.0.1", taken.getLocalPort(), "CRESCENDO_PG_PORT", "postgres")));

      assertThat(conflict).hasValueSatisfying(m -> assertThat(m).contains("CRESCENDO_PG_PORT"));
    }
  }

  @Test
  void rejectsOnePortForTwoPurposes() {
    int port = FreePorts.pick();
    var conflict =
        PortCheck.firstConflict(
            List.of(
                new PortClaim("127.0.0.1", port, "CRESCENDO_HTTP_PORT", "http"),
                new PortClaim("127.0.0.1", port, "CRESCENDO_KAFKA_PORT", "kafka")));

    assertThat(conflict)
        .contains(
            "port "
                + port
                + " is set for both http (CRESCENDO_HTTP_PORT) and kafka (CRESCENDO_KAFKA_PORT);"
                + " give each its own port");
  }

  @Test
  void freePortsPass() {
    assertThat(
            PortCheck.firstConflict(
                List.of(
                    new PortClaim("127.0.0.1", FreePorts.pick(), "CRESCENDO_HTTP_PORT", "http"))))
        .isEmpty();
  }
}
