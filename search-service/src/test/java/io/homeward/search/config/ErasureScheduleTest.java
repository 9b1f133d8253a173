package io.homeward.search.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ErasureScheduleTest {
  @Test
  void readsTheSchedulersPeriodFormats() {
    assertThat(ErasureSchedule.period("1h")).contains(Duration.ofHours(1));
    assertThat(ErasureSchedule.period(" 30m ")).contains(Duration.ofMinutes(30));
    assertThat(ErasureSchedule.period("45s")).contains(Duration.ofSeconds(45));
    assertThat(ErasureSchedule.period("1d")).contains(Duration.ofDays(1));
    assertThat(ErasureSchedule.period("PT2H")).contains(Duration.ofHours(2));
    assertThat(ErasureSchedule.period("off")).isEmpty();
    assertThat(ErasureSchedule.period("disabled")).isEmpty();
    assertThat(ErasureSchedule.period("hourly")).isEmpty();
    assertThat(ErasureSchedule.period("Pfoo")).isEmpty();
    assertThat(ErasureSchedule.period(null)).isEmpty();
  }

  @Test
  void acceptsTheDefaultsAndTheLongestScheduleWithinTheLimit() {
    assertThat(ErasureSchedule.checkedExpungeAfter(Duration.ofHours(12), "1h"))
        .isEqualTo(Duration.ofHours(12));
    assertThat(ErasureSchedule.checkedExpungeAfter(Duration.ofHours(16), "1h"))
        .isEqualTo(Duration.ofHours(16));
    assertThat(ErasureSchedule.checkedExpungeAfter(Duration.ZERO, "PT9H")).isEqualTo(Duration.ZERO);
  }

  @Test
  void refusesASchedulePastTwentyFourHoursOrNone() {
    assertThatThrownBy(() -> ErasureSchedule.checkedExpungeAfter(Duration.ofHours(13), "3h"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("18 h");
    assertThatThrownBy(() -> ErasureSchedule.checkedExpungeAfter(Duration.ofHours(1), "9h"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ErasureSchedule.checkedExpungeAfter(Duration.ofHours(1), "off"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("expunge-every");
  }
}
