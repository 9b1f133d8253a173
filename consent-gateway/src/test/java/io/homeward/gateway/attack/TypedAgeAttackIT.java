package io.homeward.gateway.attack;

import static io.homeward.gateway.attack.Fixtures.expect;
import static io.homeward.gateway.attack.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.homeward.gateway.attack.RunningSystem.Db;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Attack (issue 11, finding 4): a caseworker registers a missing child born in 2015, has the
 * guardian's consent verified by a colleague, then uploads a photo of 2018 typed as {@code
 * ageAtPhoto=30}, and asks for the image: it came back {@code Homeward-Display: CLEAR}, a child's
 * face unblurred to an NGO role (rule 11).
 *
 * <p>Safe answer: the typed age disagrees with the case's birth years and the photo year, so the
 * upload is refused with a 400 {@code age-inconsistent} problem and nothing is stored; the same
 * photo uploaded without the typed age is shown BLURRED; and where nothing is known (no photo year,
 * no age estimate) a typed adult age does not unblur it either: an unknown age is a minor's.
 */
class TypedAgeAttackIT {
  @ParameterizedTest
  @EnumSource(Db.class)
  void aTypedAdultAgeNeverUnblursAChild(Db db) {
    RunningSystem system = RunningSystem.on(db);
    Client cw =
        system.as(system.token("ta-cw-1", "ta-ngo-" + db, "NGO_CASEWORKER"), "FAMILY_TRACING");
    Client cw2 =
        system.as(system.token("ta-cw-2", "ta-ngo-" + db, "NGO_CASEWORKER"), "FAMILY_TRACING");
    String child = Fixtures.openMissingChildCase(cw, cw2);
    byte[] photo = Fixtures.photo(Fixtures.SAME_PERSON_A);

    // The attack as found: a 2018 photo of a child born 2015, typed as 30.
    HttpResponse<String> typed =
        cw.postImage(
            "/api/v1/cases/" + child + "/photos?source=FAMILY&photoYear=2018&ageAtPhoto=30", photo);
    expect(typed, 400);
    assertThat(typed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(typed.body()).contains("https://homeward.io/problems/age-inconsistent");
    JsonNode after = json(cw.get("/api/v1/cases/" + child), 200);
    assertThat(after.path("photos")).as("nothing stored").isEmpty();

    // The same photo with its year only: the age comes from the birth years, 2 or 3.
    String derived = Fixtures.enrol(cw, child, Fixtures.SAME_PERSON_A, "FAMILY", 2018);
    assertDisplay(cw, derived, "BLURRED");

    // No photo year, no estimate (the age stage is off by default): unknown counts as a minor.
    JsonNode unknown =
        json(
            cw.postImage("/api/v1/cases/" + child + "/photos?source=FAMILY&ageAtPhoto=30", photo),
            201);
    assertDisplay(cw, unknown.get("id").asText(), "BLURRED");
  }

  private static void assertDisplay(Client viewer, String photoId, String display) {
    HttpResponse<byte[]> image = viewer.getBytes("/api/v1/photos/" + photoId + "/image");
    assertThat(image.statusCode()).isEqualTo(200);
    assertThat(image.headers().firstValue("Homeward-Display")).hasValue(display);
  }
}
