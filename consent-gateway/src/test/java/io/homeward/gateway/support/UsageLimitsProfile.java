package io.homeward.gateway.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Small daily limits (rule 16), so that 100 parallel requests overrun each of them, and the
 * embedder and search service on a port where nothing listens: a search or an enrolment that got
 * past its reservation then fails as it would with the embedder down, which is what shows that a
 * failure after the reservation still counts.
 */
public class UsageLimitsProfile implements QuarkusTestProfile {
  public static final int SEARCHES_PER_DAY = 30;
  public static final int IMAGE_VIEWS_PER_DAY = 20;
  public static final int CASES_PER_DAY = 10;
  public static final int ENROLMENTS_PER_DAY = 5;
  public static final int PROBES_PER_DAY = 5;

  @Override
  public Map<String, String> getConfigOverrides() {
    // Port 1 (tcpmux) on loopback: nothing listens there, connections are refused at once. (A
    // port found free now could be the one the test server takes next.)
    String nobody = "1";
    return Map.ofEntries(
        // 100 requests at once must reach the daily limit, not admission control (issue 17),
        // which would answer most of them 503 overloaded first (AdmissionTest tests that).
        Map.entry("homeward.gateway.admission.searches", "150"),
        Map.entry("homeward.gateway.admission.enrolments", "150"),
        Map.entry("homeward.gateway.admission.images", "150"),
        Map.entry("homeward.gateway.admission.other", "150"),
        Map.entry("homeward.gateway.policy.searches-per-day", Integer.toString(SEARCHES_PER_DAY)),
        Map.entry(
            "homeward.gateway.policy.image-views-per-day", Integer.toString(IMAGE_VIEWS_PER_DAY)),
        Map.entry("homeward.gateway.policy.cases-per-day", Integer.toString(CASES_PER_DAY)),
        Map.entry(
            "homeward.gateway.policy.enrolments-per-day", Integer.toString(ENROLMENTS_PER_DAY)),
        Map.entry("homeward.gateway.policy.probes-per-day", Integer.toString(PROBES_PER_DAY)),
        // In test mode the clients use test-port (otherwise the test server's own port).
        Map.entry("quarkus.grpc.clients.embedder.test-port", nobody),
        Map.entry("quarkus.grpc.clients.search.test-port", nobody));
  }
}
