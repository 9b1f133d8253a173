package io.homeward.search.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The service's readiness carries the index check: its kind and whether it answers. (A check that
 * the container does not pick up is silently absent; this is what would notice.)
 */
@QuarkusTest
class IndexReadinessTest {
  @Test
  void readinessSaysWhichIndexAnswers() throws Exception {
    int port = ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode index = null;
    for (JsonNode check : new ObjectMapper().readTree(r.body()).path("checks")) {
      if ("index".equals(check.path("name").asText())) {
        index = check;
      }
    }
    assertThat(index).as(r.body()).isNotNull();
    assertThat(index.path("status").asText()).isEqualTo("UP");
    assertThat(index.path("data").path("kind").asText()).isEqualTo("embedded");
    assertThat(index.path("data").path("embedded").asText()).isEqualTo("up");
  }
}
