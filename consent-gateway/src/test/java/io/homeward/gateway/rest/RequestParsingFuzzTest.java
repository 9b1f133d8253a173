package io.homeward.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.homeward.gateway.domain.CaseStatus;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Coverage-guided fuzzing of the gateway's request field and query parsing (issue 17): dates, year
 * ranges, codes, hand-drawn face boxes, enum values, list cursors, filters and limits. For any text
 * each parser either returns a value the rest of the gateway can store and use, or refuses with an
 * {@code INVALID_REQUEST} (or {@code FACE_BOX_INVALID}) problem; no other exception, so no 500.
 */
class RequestParsingFuzzTest {
  private static final Set<ProblemType> REFUSALS =
      EnumSet.of(ProblemType.INVALID_REQUEST, ProblemType.FACE_BOX_INVALID);

  @FuzzTest(maxDuration = "60s")
  @DictionaryEntries({
    "2024-01-31",
    "+10000",
    "-0001",
    "0001",
    "-12-31",
    "120,80,200,200",
    "case-",
    "OPEN"
  })
  void everyFieldIsParsedIntoSomethingStorableOrRefusedWithAProblem(FuzzedDataProvider data) {
    int which = data.consumeInt(0, 6);
    String a = data.consumeString(48);
    String b = data.consumeString(24);
    String c = data.consumeString(24);
    String d = data.consumeRemainingAsString();
    try {
      switch (which) {
        case 0 -> {
          LocalDate date = Parse.date(a, "eventDate");
          if (date != null) {
            assertThat(date.getYear()).as("a date the database stores").isBetween(1900, 2200);
          }
        }
        case 1 -> {
          String code = Parse.code(a, "code");
          if (code != null) {
            assertThat(code).matches("[A-Za-z0-9-]{1,16}");
          }
        }
        case 2 -> {
          Optional<io.homeward.gateway.domain.FaceArea> box = Parse.faceBox(a, "faceBox");
          box.ifPresent(
              x -> {
                int small = Math.min(x.width(), x.height());
                assertThat(small).isGreaterThanOrEqualTo(Parse.MIN_FACE_BOX_SIDE);
                assertThat(Math.max(x.width(), x.height())).isLessThanOrEqualTo(2 * small);
                assertThat(x.x()).isNotNegative();
                assertThat(x.y()).isNotNegative();
              });
        }
        case 3 -> Parse.optional(CaseStatus.class, a, "status");
        case 4 ->
            ListQueries.cursor(a, "case")
                .ifPresent(cursor -> assertThat(cursor.toString()).isNotEmpty());
        case 5 -> ListQueries.caseFilter(a, b, c, d);
        default -> {
          int limit = ListQueries.limit(data.consumeInt(), 20, 100);
          assertThat(limit).isBetween(1, 100);
        }
      }
    } catch (GatewayException e) {
      assertThat(e.type()).isIn(REFUSALS);
      // A refusal names the field and the rule, never the value sent (it may be anything).
      if (a.chars().anyMatch(ch -> ch == '<' || ch == '"' || ch > 0x7e)) {
        assertThat(e.getMessage()).doesNotContain(a);
      }
    }
  }
}
