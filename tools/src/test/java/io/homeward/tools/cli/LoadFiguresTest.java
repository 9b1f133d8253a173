package io.homeward.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.homeward.tools.cli.LoadMix.Action;
import io.homeward.tools.cli.LoadStats.Sample;
import io.homeward.tools.cli.LoadStats.StepFigures;
import io.homeward.tools.cli.LoadStats.TypeFigures;
import io.homeward.tools.cli.ResourceSampler.ProcessReading;
import io.homeward.tools.cli.ResourceSampler.Snapshot;
import io.homeward.tools.cli.ResourceSampler.Usage;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The load generator's arithmetic: the mix, a step's figures and verdict, /proc and metrics. */
class LoadFiguresTest {

  @Test
  void theMixDrawsEachActionInProportionToItsWeight() {
    LoadMix mix = LoadMix.parse("search=50, image=30,review=20");
    Map<Action, Integer> drawn = new EnumMap<>(Action.class);
    Random random = new Random(1);
    for (int i = 0; i < 100_000; i++) {
      drawn.merge(mix.pick(random.nextDouble()), 1, Integer::sum);
    }
    assertThat(drawn.get(Action.SEARCH)).isBetween(49_000, 51_000);
    assertThat(drawn.get(Action.IMAGE)).isBetween(29_000, 31_000);
    assertThat(drawn.get(Action.REVIEW)).isBetween(19_000, 21_000);
    assertThat(drawn).doesNotContainKey(Action.ENROL);
    assertThat(mix.includes(Action.ENROL)).isFalse();
    assertThat(mix.pick(0.0)).isEqualTo(Action.SEARCH);
    assertThat(mix.pick(0.9999999)).isEqualTo(Action.REVIEW);
    assertThat(mix).hasToString("search=50,image=30,review=20");
  }

  @Test
  void aMixThatCannotBeUsedIsRefusedWithTheReason() {
    assertThatThrownBy(() -> LoadMix.parse("search")).hasMessageContaining("ACTION=WEIGHT");
    assertThatThrownBy(() -> LoadMix.parse("browse=3")).hasMessageContaining("unknown action");
    assertThatThrownBy(() -> LoadMix.parse("search=x")).hasMessageContaining("not a number");
    assertThatThrownBy(() -> LoadMix.parse("search=-1")).hasMessageContaining("negative");
    assertThatThrownBy(() -> LoadMix.parse("search=NaN")).hasMessageContaining("negative");
    assertThatThrownBy(() -> LoadMix.parse("search=1,search=2")).hasMessageContaining("twice");
    assertThatThrownBy(() -> LoadMix.parse("search=0,enrol=0")).hasMessageContaining("no action");
    assertThat(LoadMix.parse(LoadMix.DEFAULT).includes(Action.ENROL)).isTrue();
  }

  @Test
  void aStepCountsLatencyOnlyOfSuccessesAndFailuresApart() {
    List<Sample> samples = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      samples.add(new Sample("search", 200, i * 1000L, false)); // 1..100 ms
    }
    samples.add(new Sample("search", 503, 2_000L, true));
    samples.add(new Sample("search", LoadStats.TIMEOUT, 30_000_000L, false));
    samples.add(new Sample("search", 404, 1_000L, false));
    TypeFigures t = LoadStats.figures("search", samples, 10);
    assertThat(t.requests()).isEqualTo(103);
    assertThat(t.ok()).isEqualTo(100);
    assertThat(t.okPerSecond()).isEqualTo(10.0);
    assertThat(t.p50Ms()).isEqualTo(50.0);
    assertThat(t.p99Ms()).isEqualTo(99.0);
    assertThat(t.maxMs()).isEqualTo(100.0);
    assertThat(t.failed()).isEqualTo(2); // the 503 and the timeout; a 404 is an answer
    assertThat(t.failedWithRetryAfter()).isEqualTo(1);
    assertThat(t.statuses()).containsEntry("200", 100).containsEntry("timeout", 1);
  }

  @Test
  void aStepBreaksOnFailuresThenOnP99ThenOnWhatTheClientCouldNotSend() {
    List<Sample> fine = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      fine.add(new Sample(i % 2 == 0 ? "search" : "image", 200, 50_000L, false));
    }
    StepFigures held = LoadStats.summarise(20, 10, 200, 0, fine, 2000, 0.01);
    assertThat(held.held()).isTrue();
    assertThat(held.okPerSecond()).isEqualTo(20.0);
    assertThat(held.types()).extracting(TypeFigures::type).containsExactly("image", "search");

    List<Sample> failing = new ArrayList<>(fine);
    for (int i = 0; i < 5; i++) {
      failing.add(new Sample("search", 503, 1_000L, true));
    }
    StepFigures f = LoadStats.summarise(20, 10, 205, 0, failing, 2000, 0.01);
    assertThat(f.held()).isFalse();
    assertThat(f.broken()).contains("failed");
    assertThat(f.failedShare()).isCloseTo(5 / 205.0, org.assertj.core.data.Offset.offset(1e-9));

    List<Sample> slow = new ArrayList<>(fine);
    for (int i = 0; i < 10; i++) {
      slow.add(new Sample("enrol", 201, 3_000_000L, false));
    }
    StepFigures s = LoadStats.summarise(20, 10, 210, 0, slow, 2000, 0.01);
    assertThat(s.broken()).isEqualTo("p99 of enrol 3000 ms (limit 2000 ms)");
    assertThat(s.worstType()).isEqualTo("enrol");

    StepFigures dropped = LoadStats.summarise(20, 10, 200, 10, fine, 2000, 0.01);
    assertThat(dropped.broken()).contains("load generator could not send 10");
  }

  @Test
  void theSaturatedResourceIsTheCpuOnlyWhenTheMachineIsBusy() {
    StepFigures broken =
        LoadStats.summarise(
            40, 10, 10, 0, List.of(new Sample("search", 503, 1_000L, true)), 2000, 0.01);
    Usage busy = new Usage(0.97, 2, Map.of("gateway", 1.2, "embedder", 0.6));
    assertThat(LoadCommand.saturated(busy, broken))
        .startsWith("CPU: the machine 97% busy; the gateway used the most (1.20 of 2 cores)");
    Usage idle = new Usage(0.40, 2, Map.of("gateway", 0.3, "search", 0.5));
    assertThat(LoadCommand.saturated(idle, broken))
        .startsWith("not the CPU (machine 40% busy; search used the most")
        .contains("search 503=1");
  }

  @Test
  void procFiguresAreParsedAsLinuxWritesThem() {
    // A command name with a space and a parenthesis, as a thread may be named.
    String stat =
        "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 51 0 0 0 1234 567 0 0 20 0 40 0 100"
            + " 123456 789 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
    assertThat(ResourceSampler.parseProcessTicks(stat)).isEqualTo(1234 + 567);
    long[] machine = ResourceSampler.parseMachineTicks("cpu  100 5 50 800 20 3 2 10 0 0");
    assertThat(machine[1]).isEqualTo(100 + 5 + 50 + 800 + 20 + 3 + 2 + 10);
    assertThat(machine[0]).isEqualTo(machine[1] - 800 - 20);

    Snapshot a =
        new Snapshot(0, 100, 1000, Map.of("gateway", new ProcessReading(1000, 1 << 20, -1)));
    Snapshot b =
        new Snapshot(
            2_000_000_000L, 400, 1400, Map.of("gateway", new ProcessReading(1300, 1 << 20, -1)));
    Usage u = ResourceSampler.between(a, b);
    assertThat(u.machineBusy()).isEqualTo(0.75);
    assertThat(u.processCores()).containsEntry("gateway", 1.5); // 300 ticks in 2 s
    assertThat(u.busiest()).isEqualTo("gateway");
  }

  @Test
  void prometheusSamplesAreSummedByNameOrLabelPrefix() {
    String exposition =
        """
        # HELP jvm_memory_used_bytes The amount of used memory
        # TYPE jvm_memory_used_bytes gauge
        jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1000.0
        jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 2000.0 # {span_id="x"} 1 1
        jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 500.0
        process_cpu_usage 0.25
        process_cpu_usage_total 9
        """;
    assertThat(Prometheus.sum(exposition, "jvm_memory_used_bytes{area=\"heap\"")).isEqualTo(3000.0);
    assertThat(Prometheus.sum(exposition, "jvm_memory_used_bytes")).isEqualTo(3500.0);
    assertThat(Prometheus.sum(exposition, "process_cpu_usage")).isEqualTo(0.25);
    assertThat(Prometheus.sum(exposition, "absent_metric")).isEqualTo(-1.0);
  }

  @Test
  void sizesAreNamedAsTheReportNamesThem() {
    assertThat(LoadCommand.faces(1_000)).isEqualTo("1k");
    assertThat(LoadCommand.faces(100_000)).isEqualTo("100k");
    assertThat(LoadCommand.faces(1_000_000)).isEqualTo("1M");
    assertThat(LoadCommand.faces(1_500)).isEqualTo("1500");
    assertThat(LoadCommand.faces(0)).isEqualTo("0");
  }
}
