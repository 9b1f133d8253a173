package io.homeward.gateway.attack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Photos from {@code ../shared/fixtures} and the few steps most attacks start from: an open missing
 * child's case, an open found adult's case, a photo enrolled, a review item raised.
 */
public final class Fixtures {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Two photos of one adult (public figure, fixtures/people): a strong same-person pair. */
  public static final String SAME_PERSON_A = "people/obama_obama.jpg";

  public static final String SAME_PERSON_B = "people/obama_obama2.jpg";

  /** Another person's photos. */
  public static final String OTHER_PERSON = "people/biden_biden.jpg";

  private Fixtures() {}

  /** {@code ../shared} (or {@code -Dhomeward.shared.dir}). */
  public static Path sharedDir() {
    Path root =
        Path.of(System.getProperty("homeward.project.dir", "..")).toAbsolutePath().normalize();
    return Path.of(System.getProperty("homeward.shared.dir", root.resolve("../shared").toString()));
  }

  /** A fixture photo's bytes, e.g. {@code photo("people/obama_obama.jpg")}. */
  public static byte[] photo(String relativePath) {
    try {
      return Files.readAllBytes(sharedDir().resolve("fixtures").resolve(relativePath));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The response's JSON body, after checking its status (the body is shown if it differs). */
  public static JsonNode json(HttpResponse<String> r, int status) {
    expect(r, status);
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void expect(HttpResponse<String> r, int status) {
    assertThat(r.statusCode())
        .as("%s %s -> %s", r.request().method(), r.uri().getPath(), r.body())
        .isEqualTo(status);
  }

  /**
   * A missing child's case (born 2015, missing since 2019) under guardian consent, verified by a
   * second caseworker of the same organisation: OPEN. Returns the case id.
   */
  public static String openMissingChildCase(Client caseworker, Client secondCaseworker) {
    JsonNode c =
        json(
            caseworker.post(
                "/api/v1/cases",
                """
                {"side":"MISSING","subject":{"sex":"M","birthYearFrom":2015,"birthYearTo":2015,
                 "eventDate":"2019-05-01","regionCode":"CN-51","location":"Chengdu, by the school"},
                 "consent":{"basis":"GUARDIAN_CONSENT","givenBy":"GUARDIAN","relationship":"mother"}}"""),
            201);
    String id = c.get("id").asText();
    String consent = c.get("consents").get(0).get("id").asText();
    JsonNode verified =
        json(
            secondCaseworker.post(
                "/api/v1/cases/" + id + "/consents/" + consent + "/verification", ""),
            200);
    assertThat(verified.get("status").asText()).isEqualTo("OPEN");
    return id;
  }

  /** A found adult's case (born 1960-1962) under a police case: OPEN. Returns the case id. */
  public static String openFoundAdultCase(Client police, String policeCaseNumber) {
    JsonNode c =
        json(
            police.post(
                "/api/v1/cases",
                """
                {"side":"FOUND","policeCaseNumber":"%s",
                 "subject":{"sex":"M","birthYearFrom":1960,"birthYearTo":1962,"eventDate":"2024-03-01",
                 "regionCode":"CN-44","location":"Shelter 7, Guangzhou"},
                 "consent":{"basis":"STATUTORY_DUTY","givenBy":"POLICE"}}"""
                    .formatted(policeCaseNumber)),
            201);
    assertThat(c.get("status").asText()).isEqualTo("OPEN");
    return c.get("id").asText();
  }

  /** Enrols a photo taken in {@code photoYear}; returns the photo id. */
  public static String enrol(
      Client client, String caseId, String fixture, String source, int photoYear) {
    return json(
            client.postImage(
                "/api/v1/cases/" + caseId + "/photos?source=" + source + "&photoYear=" + photoYear,
                photo(fixture)),
            201)
        .get("id")
        .asText();
  }

  /** Waits (up to 60 s) until the examiner's review queue holds the pair; returns the item. */
  public static JsonNode awaitReviewItem(Client examiner, String missingCase, String foundCase) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = examiner.get("/api/v1/reviews?limit=200");
      if (r.statusCode() == 200) {
        JsonNode body = json(r, 200);
        for (JsonNode item : body.isArray() ? body : body.path("items")) {
          if (item.path("missingCaseId").asText().equals(missingCase)
              && item.path("foundCaseId").asText().equals(foundCase)) {
            return item;
          }
        }
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new AssertionError("no review item for the pair within 60 s");
  }
}
