package io.homeward.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import org.junit.jupiter.api.Test;

/** Rule 2: a justification says something. */
class JustificationsTest {
  private final Justifications twenty = new Justifications(20);

  @Test
  void blankShortOrAbsentRequiredJustificationsAreRefused() {
    for (String text : new String[] {null, "", " ", "\t\n ", "urgent", "   x                   "}) {
      assertThatThrownBy(() -> twenty.required(text, "consent.justification"))
          .isInstanceOfSatisfying(
              GatewayException.class,
              e -> {
                assertThat(e.type()).isEqualTo(ProblemType.JUSTIFICATION_REQUIRED);
                assertThat(e.type().status()).isEqualTo(400);
                assertThat(e.getMessage()).startsWith("consent.justification");
              });
    }
  }

  @Test
  void aJustificationOfSubstanceIsTrimmedAndKept() {
    assertThat(twenty.required("  child seen with a stranger at the station  ", "j"))
        .isEqualTo("child seen with a stranger at the station");
    // Counted in characters, not bytes or UTF-16 units.
    assertThat(twenty.required("😀".repeat(20), "j")).hasSize(40);
    assertThatThrownBy(() -> twenty.required("😀".repeat(19), "j"))
        .isInstanceOf(GatewayException.class);
  }

  @Test
  void anOptionalJustificationMayBeAbsentButNotEmpty() {
    assertThat(twenty.optional(null, "j")).isNull();
    assertThatThrownBy(() -> twenty.optional(" ", "j")).isInstanceOf(GatewayException.class);
  }
}
