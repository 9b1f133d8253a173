package io.homeward.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.homeward.gateway.audit.AuditAction;
import io.homeward.gateway.audit.AuditQuery;
import io.homeward.gateway.audit.AuditView;
import io.homeward.gateway.domain.AlertKind;
import io.homeward.gateway.domain.Band;
import io.homeward.gateway.domain.CaseStatus;
import io.homeward.gateway.domain.ConsentGiver;
import io.homeward.gateway.domain.Display;
import io.homeward.gateway.domain.LegalBasis;
import io.homeward.gateway.domain.PhotoSource;
import io.homeward.gateway.domain.Purpose;
import io.homeward.gateway.domain.ReviewStatus;
import io.homeward.gateway.domain.Role;
import io.homeward.gateway.domain.Side;
import io.homeward.gateway.domain.Verdict;
import io.homeward.gateway.store.AlertStore;
import io.homeward.gateway.store.PhotoState;
import io.homeward.gateway.support.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document (management interface) names the accepted values of every closed vocabulary
 * the API takes or returns, exactly the enum's constants, so that a client never reads them out of
 * the Java sources.
 */
@QuarkusTest
@QuarkusTestResource(TestKeys.class)
class OpenApiEnumsTest {
  private JsonNode doc;

  @BeforeEach
  void fetch() throws Exception {
    String json =
        given()
            .port(ManagementInterfaceTest.managementPort())
            .queryParam("format", "json")
            .get("/q/openapi")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    doc = new ObjectMapper().readTree(json);
  }

  private static List<String> names(Class<? extends Enum<?>> type) {
    return Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
  }

  /** The enum values of a schema node, following a $ref to the components. */
  private List<String> enumOf(JsonNode schema) {
    JsonNode s = schema;
    if (s.has("$ref")) {
      String ref = s.get("$ref").asText();
      s = doc.at("/components/schemas/" + ref.substring(ref.lastIndexOf('/') + 1));
    }
    if (s.has("allOf")) {
      for (JsonNode part : s.get("allOf")) {
        List<String> found = enumOf(part);
        if (!found.isEmpty()) {
          return found;
        }
      }
    }
    List<String> values = new ArrayList<>();
    s.path("enum").forEach(v -> values.add(v.asText()));
    return values;
  }

  private List<String> property(String schema, String property) {
    JsonNode p = doc.at("/components/schemas/" + schema + "/properties/" + property);
    assertThat(p.isMissingNode()).as(schema + "." + property).isFalse();
    return enumOf(p);
  }

  private JsonNode parameter(String path, String method, String name) {
    for (JsonNode p : doc.at("/paths/" + path.replace("/", "~1") + "/" + method + "/parameters")) {
      if (p.get("name").asText().equals(name)) {
        return p;
      }
    }
    throw new AssertionError(method + " " + path + " has no parameter " + name);
  }

  @Test
  void requestAndResponseBodiesNameTheirVocabularies() {
    Map<String, Class<? extends Enum<?>>> expected =
        Map.ofEntries(
            Map.entry("CreateCase.side", Side.class),
            Map.entry("Consent.basis", LegalBasis.class),
            Map.entry("Consent.givenBy", ConsentGiver.class),
            Map.entry("CaseView.side", Side.class),
            Map.entry("CaseView.status", CaseStatus.class),
            Map.entry("ConsentView.basis", LegalBasis.class),
            Map.entry("ConsentView.givenBy", ConsentGiver.class),
            Map.entry("PhotoView.source", PhotoSource.class),
            Map.entry("PhotoView.state", PhotoState.class),
            Map.entry("StatusChange.status", CaseStatus.class),
            Map.entry("VerdictRequest.verdict", Verdict.class),
            Map.entry("CandidateView.band", Band.class),
            Map.entry("ReviewView.band", Band.class),
            Map.entry("ReviewView.status", ReviewStatus.class),
            Map.entry("CaseSummaryView.side", Side.class),
            Map.entry("CaseSummaryView.status", CaseStatus.class),
            Map.entry("PersonalView.disclosure", AuditView.Disclosure.class),
            Map.entry("AuditRecordView.decision", AuditQuery.Decision.class),
            Map.entry("AlertView.kind", AlertKind.class),
            Map.entry("AlertView.state", AlertStore.State.class),
            Map.entry("NewAssignment.role", Role.class),
            Map.entry("AssignmentView.role", Role.class),
            Map.entry("AuditRecordView.action", AuditAction.class),
            Map.entry("AuditRecordView.displayed", Display.class),
            Map.entry("CandidateView.display", Display.class));
    expected.forEach(
        (field, type) -> {
          String[] parts = field.split("\\.");
          assertThat(property(parts[0], parts[1])).as(field).isEqualTo(names(type));
        });
  }

  @Test
  void everyAgreedVerdictIsAReviewStatus() {
    for (Verdict v : Verdict.values()) {
      assertThat(ReviewStatus.agreed(v).name()).isEqualTo(v.name());
    }
  }

  @Test
  void queryParametersNameTheirVocabularies() {
    assertThat(enumOf(parameter("/api/v1/cases/{id}/photos", "post", "source").get("schema")))
        .isEqualTo(names(PhotoSource.class));
    assertThat(enumOf(parameter("/api/v1/oversight/alerts", "get", "kind").get("schema")))
        .isEqualTo(names(AlertKind.class));
    assertThat(enumOf(parameter("/api/v1/oversight/alerts", "get", "state").get("schema")))
        .isEqualTo(names(AlertStore.State.class));
    assertThat(enumOf(parameter("/api/v1/cases", "get", "side").get("schema")))
        .isEqualTo(names(Side.class));
    assertThat(enumOf(parameter("/api/v1/cases", "get", "status").get("schema")))
        .isEqualTo(names(CaseStatus.class));
    assertThat(enumOf(parameter("/api/v1/oversight/audit/records", "get", "action").get("schema")))
        .isEqualTo(names(AuditAction.class));
  }

  @Test
  void everyOperationNamesThePurposeAndRoleHeaders() {
    int operations = 0;
    for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      if (!path.getKey().startsWith("/api/")) {
        continue;
      }
      for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
        Map.Entry<String, JsonNode> op = ops.next();
        if (!op.getValue().has("responses")) {
          continue;
        }
        operations++;
        JsonNode purpose = parameter(path.getKey(), op.getKey(), "Homeward-Purpose");
        assertThat(purpose.get("in").asText()).isEqualTo("header");
        assertThat(purpose.get("required").asBoolean()).isTrue();
        assertThat(enumOf(purpose.get("schema"))).isEqualTo(names(Purpose.class));
        JsonNode role = parameter(path.getKey(), op.getKey(), "Homeward-Role");
        assertThat(enumOf(role.get("schema"))).isEqualTo(names(Role.class));
      }
    }
    assertThat(operations).isGreaterThan(15);
  }
}
