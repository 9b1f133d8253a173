package io.homeward.gateway.attack;

import static org.assertj.core.api.Assertions.assertThat;

import io.homeward.gateway.attack.RunningSystem.Db;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Attack (issue 11, finding 3): read the gateway's metrics, health details and OpenAPI document on
 * the public port 9120, without a token and with an administrator's token; reach the management
 * port from another interface than loopback.
 *
 * <p>Safe answer: the public port answers 404 for every {@code /q/*} path, whoever asks; health,
 * metrics and the OpenAPI document exist only on the management port, bound to 127.0.0.1, so a
 * connection to it through any other address of the machine is refused.
 */
class OpenManagementAttackIT {
  private static final List<String> PATHS =
      List.of(
          "/q/metrics",
          "/q/health",
          "/q/health/ready",
          "/q/health/live",
          "/q/openapi",
          "/q/openapi?format=json",
          "/q/swagger-ui/",
          "/q/dev-ui/");

  @ParameterizedTest
  @EnumSource(Db.class)
  void managementEndpointsAreNotOnThePublicPort(Db db) throws Exception {
    RunningSystem system = RunningSystem.on(db);
    Client admin = system.as(system.token("m-admin", "local", "ADMIN"), "ADMINISTRATION");
    for (String path : PATHS) {
      HttpResponse<String> anonymous =
          RunningSystem.HTTP.send(
              HttpRequest.newBuilder(system.uri(path)).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(anonymous.statusCode())
          .as("anonymous GET %s on the public port", path)
          .isIn(401, 404);
      assertThat(anonymous.body()).doesNotContain("# TYPE").doesNotContain("openapi:");
      HttpResponse<String> withToken = admin.get(path);
      assertThat(withToken.statusCode()).as("admin GET %s on the public port", path).isIn(401, 404);
      assertThat(withToken.body()).doesNotContain("# TYPE").doesNotContain("openapi:");
    }
    // They exist: on the loopback management port.
    assertThat(get(system.managementUri("/q/metrics")).statusCode()).isEqualTo(200);
    assertThat(get(system.managementUri("/q/health/ready")).statusCode()).isEqualTo(200);
    assertThat(get(system.managementUri("/q/openapi")).body()).contains("/api/v1/cases");
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void theManagementPortRefusesEveryAddressButLoopback(Db db) throws Exception {
    RunningSystem system = RunningSystem.on(db);
    int port = system.managementUri("/").getPort();
    Optional<InetAddress> outside = nonLoopbackAddress();
    org.junit.jupiter.api.Assumptions.assumeTrue(
        outside.isPresent(), "this machine has no address but loopback");
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(outside.get(), port), 2000);
      throw new AssertionError(
          "the management port accepted a connection on " + outside.get().getHostAddress());
    } catch (IOException refused) {
      // The safe answer: nothing listens there but on 127.0.0.1.
    }
  }

  private static HttpResponse<String> get(java.net.URI uri) throws Exception {
    return RunningSystem.HTTP.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
    for (NetworkInterface ni :
        java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!ni.isUp() || ni.isLoopback()) {
        continue;
      }
      for (InetAddress a : java.util.Collections.list(ni.getInetAddresses())) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
          return Optional.of(a);
        }
      }
    }
    return Optional.empty();
  }
}
