package io.homeward.search.bench;

import io.homeward.search.domain.VectorSpace;
import io.homeward.search.index.FaceIndex;
import io.homeward.search.store.lucene.LuceneFaceIndexFactory;
import io.homeward.search.store.lucene.LuceneIndexSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The embedded Lucene HNSW index with its default settings, under a root folder; each space's
 * folder is deleted afterwards.
 */
final class EmbeddedTarget implements BenchTarget {
  static final String KIND = "embedded";

  private final Path root;
  private LuceneFaceIndexFactory factory;

  EmbeddedTarget(Path root) {
    this.root = root;
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
  public FaceIndex open(VectorSpace space) {
    factory = new LuceneFaceIndexFactory(root, LuceneIndexSettings.defaults());
    return factory.open(space);
  }

  @Override
  public Map<String, Long> memoryBefore() {
    return Map.of();
  }

  @Override
  public Map<String, Long> memoryAfterInsert(VectorSpace space) {
    Map<String, Long> figures = new LinkedHashMap<>();
    figures.put("indexDiskBytes", ProcMemory.folderBytes(folder(space)));
    return figures;
  }

  @Override
  public String memorySummary(Map<String, Long> before, Map<String, Long> after) {
    Long disk = after.get("indexDiskBytes");
    return disk == null ? "" : "disk " + Report.bytes(disk);
  }

  @Override
  public String dispose(VectorSpace space, FaceIndex index, String caseRef) {
    StringBuilder note = new StringBuilder();
    try {
      if (factory != null) {
        factory.close(); // closes the index too
      }
    } catch (RuntimeException e) {
      note.append("closing failed: ").append(e.getMessage()).append("; ");
    }
    factory = null;
    Path folder = folder(space);
    try {
      ProcMemory.deleteRecursively(folder);
      note.append("deleted ").append(folder);
    } catch (IOException | RuntimeException e) {
      note.append("could not delete ").append(folder).append(": ").append(e.getMessage());
    }
    return note.toString();
  }

  private Path folder(VectorSpace space) {
    return root.resolve(space.storageName());
  }
}
