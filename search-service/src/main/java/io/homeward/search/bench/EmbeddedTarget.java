package io.homeward.search.bench;

import io.homeward.search.domain.VectorSpace;
import io.homeward.search.index.FaceIndex;
import io.homeward.search.store.lucene.LuceneFaceIndexFactory;
import io.homeward.search.store.lucene.LuceneIndexSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The embedded Lucene HNSW index under a root folder, with the benchmark's HNSW settings; each
 * space's folder is deleted afterwards. The search setting is {@code numCandidates}.
 */
final class EmbeddedTarget implements BenchTarget {
  static final String KIND = "embedded";

  private final Path root;
  private final int maxConnections;
  private final int beamWidth;
  private final int mergeTo;
  private LuceneFaceIndexFactory factory;

  /**
   * @param mergeTo segments to merge down to after the insert; 0 for no merge
   */
  EmbeddedTarget(Path root, int maxConnections, int beamWidth, int mergeTo) {
    this.root = root;
    this.maxConnections = maxConnections;
    this.beamWidth = beamWidth;
    this.mergeTo = mergeTo;
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public String unavailableReason() {
    return null;
  }

  @Override
  public String searchSettingName() {
    return "candidates";
  }

  @Override
  public FaceIndex open(VectorSpace space, int numCandidates) {
    closeFactory();
    LuceneIndexSettings defaults = LuceneIndexSettings.defaults();
    factory =
        new LuceneFaceIndexFactory(
            root,
            new LuceneIndexSettings(
                maxConnections, beamWidth, numCandidates, defaults.writeTimeout()));
    return factory.open(space);
  }

  @Override
  public boolean settles() {
    return mergeTo > 0;
  }

  @Override
  public Settled settle(VectorSpace space, Consumer<String> progress) {
    long t0 = System.nanoTime();
    progress.accept("merging down to " + mergeTo + " segment(s)");
    LuceneFaceIndexFactory.Merged merged = factory.forceMerge(space, mergeTo);
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new Settled(
        "merged",
        "forceMerge("
            + mergeTo
            + "): "
            + merged.segmentsBefore()
            + " -> "
            + merged.segmentsAfter()
            + " segments",
        BenchRunner.round(seconds, 1),
        true);
  }

  @Override
  public Map<String, Long> memory(VectorSpace space) {
    Map<String, Long> figures = new LinkedHashMap<>();
    figures.put("indexDiskBytes", ProcMemory.folderBytes(folder(space)));
    return figures;
  }

  @Override
  public String memorySummary(Map<String, Long> before, Map<String, Long> now) {
    Long disk = now.get("indexDiskBytes");
    return disk == null ? "" : "disk " + Report.bytes(disk);
  }

  @Override
  public String dispose(VectorSpace space, FaceIndex index, String caseRef) {
    StringBuilder note = new StringBuilder();
    try {
      closeFactory(); // closes the index too
    } catch (RuntimeException e) {
      note.append("closing failed: ").append(e.getMessage()).append("; ");
    }
    Path folder = folder(space);
    try {
      ProcMemory.deleteRecursively(folder);
      note.append("deleted ").append(folder);
    } catch (IOException | RuntimeException e) {
      note.append("could not delete ").append(folder).append(": ").append(e.getMessage());
    }
    return note.toString();
  }

  private void closeFactory() {
    LuceneFaceIndexFactory f = factory;
    factory = null;
    if (f != null) {
      f.close();
    }
  }

  private Path folder(VectorSpace space) {
    return root.resolve(space.storageName());
  }
}
