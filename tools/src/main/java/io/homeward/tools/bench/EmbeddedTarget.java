package io.homeward.tools.bench;

import io.homeward.search.domain.VectorSpace;
import io.homeward.search.index.FaceIndex;
import io.homeward.search.store.lucene.LuceneFaceIndexFactory;
import io.homeward.search.store.lucene.LuceneIndexSettings;
import io.homeward.search.store.lucene.LuceneVectorFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The embedded Lucene HNSW index under a root folder, with the benchmark's HNSW settings; each
 * space's folder is deleted afterwards. The search setting is {@code numCandidates}, changed
 * without reopening the index (closing it would wait for running merges and change what is
 * measured).
 *
 * <p>Settling: wait for the merges the insert triggered in the background (what the service has a
 * while after a bulk load), then, if asked, force-merge down to a number of segments.
 */
final class EmbeddedTarget implements BenchTarget {
  static final String KIND = "embedded";

  private final Path root;
  private final int maxConnections;
  private final int beamWidth;
  private final int mergeTo;
  private final Duration settleTimeout;
  private final LuceneVectorFormat format;
  private LuceneFaceIndexFactory factory;

  /**
   * @param mergeTo segments to force-merge down to after the background merges; 0 for none
   */
  EmbeddedTarget(
      Path root,
      int maxConnections,
      int beamWidth,
      int mergeTo,
      Duration settleTimeout,
      LuceneVectorFormat format) {
    this.format = format;
    this.root = root;
    this.maxConnections = maxConnections;
    this.beamWidth = beamWidth;
    this.mergeTo = mergeTo;
    this.settleTimeout = settleTimeout;
  }

  @Override
  public String kind() {
    return format == LuceneVectorFormat.FLOAT32
        ? KIND
        : KIND + "-" + format.name().toLowerCase(Locale.ROOT);
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
  public FaceIndex open(VectorSpace space, int numCandidates, String variant) {
    if (factory != null) {
      return factory.searchingWith(space, numCandidates);
    }
    LuceneIndexSettings defaults = LuceneIndexSettings.defaults();
    factory =
        new LuceneFaceIndexFactory(
            root,
            new LuceneIndexSettings(
                maxConnections,
                beamWidth,
                numCandidates,
                defaults.writeTimeout(),
                format,
                // The benchmark merges when it measures a merged index, not when the load pauses.
                Duration.ZERO));
    return factory.open(space);
  }

  @Override
  public boolean settles() {
    return true;
  }

  @Override
  public Settled settle(VectorSpace space, Consumer<String> progress) {
    long t0 = System.nanoTime();
    progress.accept("waiting for background merges");
    LuceneFaceIndexFactory.Merged merged = factory.awaitMerges(space, settleTimeout);
    String detail =
        "background merges "
            + (merged.complete()
                ? "done"
                : "still running after " + settleTimeout.toSeconds() + " s")
            + ": "
            + merged.segmentsBefore()
            + " -> "
            + merged.segmentsAfter()
            + " segments";
    boolean complete = merged.complete();
    if (mergeTo > 0 && complete) {
      progress.accept(detail + "; merging down to " + mergeTo + " segment(s)");
      LuceneFaceIndexFactory.Merged forced = factory.forceMerge(space, mergeTo);
      detail += "; forceMerge(" + mergeTo + "): -> " + forced.segmentsAfter() + " segments";
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new Settled(
        mergeTo > 0 ? "merged-" + mergeTo : "merged",
        detail,
        BenchRunner.round(seconds, 1),
        complete);
  }

  @Override
  public Map<String, Long> memory(VectorSpace space) {
    Map<String, Long> figures = new LinkedHashMap<>();
    figures.put("indexDiskBytes", ProcMemory.folderBytes(folder(space)));
    // What a search reads: the graph and the vectors it walks (quantized or not), not the full
    // vectors a quantized format keeps beside them.
    figures.put("searchedBytes", searchedBytes(folder(space)));
    if (factory != null) {
      figures.put("indexSegments", (long) factory.segments(space));
    }
    return figures;
  }

  @Override
  public long bytesPerFace(Map<String, Long> before, Map<String, Long> now, int faces) {
    Long disk = now.get("indexDiskBytes");
    return disk == null ? 0 : disk / faces;
  }

  @Override
  public String memorySummary(Map<String, Long> before, Map<String, Long> now) {
    Long disk = now.get("indexDiskBytes");
    Long segments = now.get("indexSegments");
    Long searched = now.get("searchedBytes");
    return (segments == null ? "" : segments + " segments, ")
        + (disk == null ? "" : "disk " + Report.bytes(disk))
        // Small segments sit in compound files, whose parts are not counted.
        + (searched == null || searched == 0
            ? ""
            : ", graph+walked vectors " + Report.bytes(searched));
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

  /**
   * Bytes of the HNSW graph files (.vex), plus the quantized vectors (.veq) or else the raw (.vec).
   */
  private static long searchedBytes(Path folder) {
    long graph = ProcMemory.folderBytes(folder, ".vex");
    long quantized = ProcMemory.folderBytes(folder, ".veq");
    return graph + (quantized > 0 ? quantized : ProcMemory.folderBytes(folder, ".vec"));
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
