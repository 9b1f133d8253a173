package io.homeward.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.homeward.gateway.support.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Health, metrics and the OpenAPI document live on the management interface (its own port, bound to
 * loopback), never on the public port, with or without a token (issue 11, finding 3).
 */
@QuarkusTest
@QuarkusTestResource(TestKeys.class)
class ManagementInterfaceTest {
  private static final String ADMIN = TestKeys.token("admin", "local", "ADMIN");

  /** The management interface's port in this test run (a random one). */
  static int managementPort() {
    return ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"/q/metrics", "/q/health", "/q/health/ready", "/q/health/live", "/q/openapi"})
  void thePublicPortDoesNotServeManagementEndpoints(String path) {
    assertThat(managementPort()).isNotEqualTo(io.restassured.RestAssured.port);
    given().get(path).then().statusCode(404);
    given()
        .auth()
        .oauth2(ADMIN)
        .header("Homeward-Purpose", "ADMINISTRATION")
        .get(path)
        .then()
        .statusCode(404);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/q/metrics", "/q/health/ready", "/q/health/live", "/q/openapi"})
  void theManagementInterfaceServesThem(String path) {
    given().port(managementPort()).get(path).then().statusCode(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/q/metrics", "/q/openapi"})
  void parallelRequestsOnThePublicPortAreAllRefused(String path) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        answers.add(pool.submit(() -> given().get(path).then().extract().statusCode()));
      }
      for (Future<Integer> a : answers) {
        assertThat(a.get()).isEqualTo(404);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @org.junit.jupiter.api.Test
  void metricsOnTheManagementInterfaceAreThePrometheusText() {
    given()
        .port(managementPort())
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("# TYPE"));
  }

  @Test
  void readinessNamesEachDependency() {
    // In this test run the database is up and neither service runs: ready (only the database
    // decides), and the two services reported down.
    given()
        .port(managementPort())
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks.find { it.name == 'dependencies' }.data.database", equalTo("up"))
        .body("checks.find { it.name == 'dependencies' }.data.embedder", equalTo("down"))
        .body("checks.find { it.name == 'dependencies' }.data.search", equalTo("down"));
  }
}
