package io.homeward.gateway.attack;

import static org.assertj.core.api.Assertions.assertThat;

import io.homeward.gateway.attack.RunningSystem.Db;
import org.junit.jupiter.api.Test;

/**
 * The crash campaign's short run in the test command: 10 processes killed with SIGKILL while four
 * clients enrol, on the README's embedded defaults (H2 and the embedded index); nothing a client
 * was told is lost, nothing is stored twice, nothing is left behind ({@link CrashCampaign}). The
 * long run, on PostgreSQL with its server among the targets: {@code scripts/crash-campaign.sh}.
 */
class CrashCampaignIT {
  @Test
  void tenKillsDuringEnrolmentLoseNothing() throws InterruptedException {
    CrashCampaign.Report report =
        new CrashCampaign(CrashCampaign.Settings.fromProperties(Db.H2, 10)).run();
    assertThat(report.holds()).as(report.text()).isTrue();
  }
}
