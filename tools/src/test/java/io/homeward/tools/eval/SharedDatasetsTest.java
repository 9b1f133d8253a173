package io.homeward.tools.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reads the real manifests under ../shared/datasets; skipped where they are not present. */
class SharedDatasetsTest {

  private static Path dataset(String name) {
    String shared = System.getProperty("homeward.shared.dir");
    assumeTrue(shared != null, "homeward.shared.dir not set; skipping real dataset test");
    Path folder = Path.of(shared, "datasets", name);
    assumeTrue(Files.isDirectory(folder), folder + " absent; skipping real dataset test");
    return folder;
  }

  @Test
  void lagManifestHasYoungProbesAndAdultGallery() throws IOException {
    List<LagManifest.Sample> samples = LagManifest.read(dataset("lag"));

    assertThat(samples).hasSize(3816);
    assertThat(samples.stream().filter(LagManifest.Sample::isYoung).count()).isEqualTo(1908);
    assertThat(samples.stream().filter(LagManifest.Sample::isAdult).count()).isEqualTo(1908);
    assertThat(samples.stream().map(LagManifest.Sample::subject).distinct().count())
        .isEqualTo(1010);
  }

  @Test
  void cacdPairsHaveTwoFoldsOfFourHundred() throws IOException {
    List<CacdPairs.Pair> pairs = CacdPairs.read(dataset("cacd_vs"));

    assertThat(pairs).hasSize(800);
    for (int fold = 1; fold <= 2; fold++) {
      int f = fold;
      List<CacdPairs.Pair> inFold = pairs.stream().filter(p -> p.fold() == f).toList();
      assertThat(inFold).hasSize(400);
      // The README: in each fold the first 200 pairs are the same person.
      assertThat(inFold.subList(0, 200)).allMatch(CacdPairs.Pair::same);
      assertThat(inFold.subList(200, 400)).noneMatch(CacdPairs.Pair::same);
    }
  }
}
