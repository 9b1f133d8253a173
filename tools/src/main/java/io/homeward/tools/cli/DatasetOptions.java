package io.homeward.tools.cli;

import io.homeward.tools.eval.CacdPairs;
import io.homeward.tools.eval.LagManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Where the research sets are, for every command that measures on them. They are read in place
 * (never copied); an absent set is not an error here, each command decides what it can measure
 * without it.
 */
final class DatasetOptions {
  @Option(
      names = "--lag",
      description = "LAG folder with manifest.csv (default: ${DEFAULT-VALUE}).")
  Path lag = Path.of("..", "shared", "datasets", "lag");

  @Option(
      names = "--cacd",
      description = "CACD-VS folder with pairs.csv (default: ${DEFAULT-VALUE}).")
  Path cacd = Path.of("..", "shared", "datasets", "cacd_vs");

  /** Whether the LAG folder holds its manifest. */
  boolean haveLag() {
    return Files.isRegularFile(lag.resolve(LagManifest.FILE_NAME));
  }

  /** Whether the CACD-VS folder holds its pairs. */
  boolean haveCacd() {
    return Files.isRegularFile(cacd.resolve(CacdPairs.FILE_NAME));
  }

  /** The folder LAG's manifest names its files against. */
  Path lagImages() {
    return imagesRoot(lag);
  }

  /** Every photo CACD-VS's pairs name, once each, in the order the pairs name them. */
  List<Path> cacdFiles() throws IOException {
    Path root = cacdImages();
    LinkedHashSet<Path> files = new LinkedHashSet<>();
    for (CacdPairs.Pair p : CacdPairs.read(cacd)) {
      files.add(p.resolve0(root));
      files.add(p.resolve1(root));
    }
    return List.copyOf(files);
  }

  /** The folder CACD-VS's pairs name their files against. */
  Path cacdImages() {
    return imagesRoot(cacd);
  }

  /** Manifests name files relative to the set's {@code images/} folder where it has one. */
  private static Path imagesRoot(Path set) {
    Path images = set.resolve("images");
    return Files.isDirectory(images) ? images : set;
  }
}
