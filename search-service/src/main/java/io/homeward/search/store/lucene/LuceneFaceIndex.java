package io.homeward.search.store.lucene;

import io.homeward.search.domain.CaseStatus;
import io.homeward.search.domain.FaceAttributes;
import io.homeward.search.domain.FaceRecord;
import io.homeward.search.domain.Side;
import io.homeward.search.domain.VectorSpace;
import io.homeward.search.domain.Vectors;
import io.homeward.search.index.Expunge;
import io.homeward.search.index.FaceIndex;
import io.homeward.search.index.IndexHit;
import io.homeward.search.index.IndexSchemaException;
import io.homeward.search.index.IndexUnavailableException;
import io.homeward.search.index.SearchFilter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.index.VectorEncoding;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.IOUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The faces of one vector space in an embedded Lucene HNSW index on local disk.
 *
 * <p>Durability: every upsert or removal ends with {@link IndexWriter#commit()}, which syncs the
 * new segment files and then atomically publishes a new commit point; a crash at any moment leaves
 * the last completed commit, so a call that returned is never lost and a call that did not return
 * is either wholly applied or not at all (retry: upserts are idempotent). A call that fails with an
 * I/O error may still be applied by the next commit.
 *
 * <p>Visibility and threads: writes are serialised by a lock (waiting at most the configured write
 * timeout) and refresh the {@link SearcherManager} before returning, so a search that begins after
 * a write returned sees it. Searches take no lock and run concurrently with writes.
 */
final class LuceneFaceIndex implements FaceIndex {
  private static final Logger LOG = LoggerFactory.getLogger(LuceneFaceIndex.class);

  /** The most dimensions Lucene's HNSW format indexes. */
  static final int MAX_DIMENSIONS =
      new Lucene99HnswVectorsFormat().getMaxDimensions(FaceDocuments.VECTOR);

  private final VectorSpace space;
  private final LuceneIndexSettings settings;
  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final Runnable onClose;
  private final ReentrantLock writeLock = new ReentrantLock();
  private volatile boolean closed;
  // Idle merge: when the last change was made, whether one was made since the last merge, and
  // whether a merge runs now (close then aborts it rather than waiting for it).
  private final AtomicLong lastChangeNanos = new AtomicLong(System.nanoTime());
  private final AtomicBoolean unmerged = new AtomicBoolean(true);
  private volatile boolean merging;
  private final ScheduledExecutorService maintenance;

  private LuceneFaceIndex(
      VectorSpace space,
      LuceneIndexSettings settings,
      Directory directory,
      IndexWriter writer,
      SearcherManager searchers,
      Runnable onClose) {
    this.space = space;
    this.settings = settings;
    this.directory = directory;
    this.writer = writer;
    this.searchers = searchers;
    this.onClose = onClose;
    Duration idle = settings.mergeWhenIdle();
    if (idle.isZero()) {
      this.maintenance = null;
    } else {
      this.maintenance =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "embedded-index-merge");
                t.setDaemon(true);
                return t;
              });
      long period = Math.max(1_000, idle.toMillis() / 2);
      maintenance.scheduleWithFixedDelay(
          () -> mergeIfIdle(System.nanoTime()), period, period, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Opens the index in {@code path}, creating it if absent.
   *
   * @throws IndexSchemaException if the directory holds an index of another shape
   * @throws IndexUnavailableException if the directory cannot be used
   */
  static LuceneFaceIndex open(
      Path path, VectorSpace space, LuceneIndexSettings settings, Runnable onClose) {
    if (space.dimension() > MAX_DIMENSIONS) {
      throw new IndexSchemaException(
          "the embedded index holds at most " + MAX_DIMENSIONS + " dimensions, not " + space);
    }
    Directory directory = null;
    IndexWriter writer = null;
    try {
      Files.createDirectories(path);
      directory = FSDirectory.open(path);
      boolean exists = DirectoryReader.indexExists(directory);
      if (exists || SpaceMetadata.exists(path)) {
        SpaceMetadata.verify(path, space);
      } else {
        SpaceMetadata.write(path, space);
      }
      // Expunging merges every segment that holds any removed face, not only those past 10%.
      TieredMergePolicy merges = new TieredMergePolicy();
      merges.setForceMergeDeletesPctAllowed(0.0);
      IndexWriterConfig config =
          new IndexWriterConfig()
              .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
              .setMergePolicy(merges)
              .setCodec(codec(settings));
      writer = new IndexWriter(directory, config);
      if (!exists) {
        writer.commit();
      }
      SearcherManager searchers = new SearcherManager(writer, null);
      try {
        checkVectorField(searchers, space);
      } catch (IOException | RuntimeException e) {
        IOUtils.closeWhileHandlingException(searchers);
        throw e;
      }
      LOG.debug("opened embedded face index of {}", space);
      return new LuceneFaceIndex(space, settings, directory, writer, searchers, onClose);
    } catch (LockObtainFailedException e) {
      IOUtils.closeWhileHandlingException(writer, directory);
      throw new IndexUnavailableException("the embedded index of " + space + " is in use", e);
    } catch (IOException e) {
      IOUtils.closeWhileHandlingException(writer, directory);
      throw new IndexUnavailableException("cannot open the embedded index of " + space, e);
    } catch (RuntimeException e) {
      IOUtils.closeWhileHandlingException(writer, directory);
      throw e;
    }
  }

  /** Lucene 9.12's codec with our HNSW parameters; readers need no custom codec. */
  private static Codec codec(LuceneIndexSettings settings) {
    KnnVectorsFormat format =
        settings.vectorFormat().format(settings.maxConnections(), settings.beamWidth());
    return new Lucene912Codec() {
      @Override
      public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
        return format;
      }
    };
  }

  /** The vectors already indexed must have the space's dimension, metric and encoding. */
  private static void checkVectorField(SearcherManager searchers, VectorSpace space)
      throws IOException {
    IndexSearcher searcher = searchers.acquire();
    try {
      for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
        FieldInfo field = leaf.reader().getFieldInfos().fieldInfo(FaceDocuments.VECTOR);
        if (field != null
            && (field.getVectorDimension() != space.dimension()
                || field.getVectorSimilarityFunction() != FaceDocuments.SIMILARITY
                || field.getVectorEncoding() != VectorEncoding.FLOAT32)) {
          throw new IndexSchemaException(
              "the embedded index of "
                  + space
                  + " holds "
                  + field.getVectorDimension()
                  + "-d "
                  + field.getVectorSimilarityFunction()
                  + " vectors");
        }
      }
    } finally {
      searchers.release(searcher);
    }
  }

  @Override
  public VectorSpace space() {
    return space;
  }

  boolean isOpen() {
    return !closed;
  }

  @Override
  public void upsert(List<FaceRecord> faces) {
    Objects.requireNonNull(faces, "faces");
    for (FaceRecord face : faces) {
      checkDimension(face.dimension());
    }
    if (faces.isEmpty()) {
      return;
    }
    change(
        () -> {
          for (FaceRecord face : faces) {
            writer.updateDocument(
                FaceDocuments.faceIdTerm(face.attributes().faceId()),
                FaceDocuments.toDocument(face));
          }
          return faces.size();
        });
  }

  @Override
  public int removeFaces(Collection<Long> faceIds) {
    Objects.requireNonNull(faceIds, "faceIds");
    Set<Long> distinct = new LinkedHashSet<>(faceIds);
    if (distinct.isEmpty()) {
      return 0;
    }
    Term[] terms = distinct.stream().map(FaceDocuments::faceIdTerm).toArray(Term[]::new);
    return change(
        () -> {
          int existing = 0;
          for (Term term : terms) {
            existing += countNow(new TermQuery(term));
          }
          if (existing > 0) {
            writer.deleteDocuments(terms);
          }
          return existing;
        });
  }

  @Override
  public int removeCase(String caseRef) {
    Objects.requireNonNull(caseRef, "caseRef");
    Term term = FaceDocuments.caseTerm(caseRef);
    return change(
        () -> {
          int existing = countNow(new TermQuery(term));
          if (existing > 0) {
            writer.deleteDocuments(term);
          }
          return existing;
        });
  }

  @Override
  public List<IndexHit> search(float[] query, SearchFilter filter, int k) {
    return search(query, filter, k, settings.numCandidates());
  }

  private List<IndexHit> search(float[] query, SearchFilter filter, int k, int numCandidates) {
    Objects.requireNonNull(filter, "filter");
    Vectors.checkedUnit(query);
    checkDimension(query.length);
    if (k < 1) {
      throw new IllegalArgumentException("k must be positive");
    }
    int depth = settings.vectorFormat().quantized() ? Math.max(k, numCandidates) : k;
    Query knn =
        new KnnFloatVectorQuery(
            FaceDocuments.VECTOR, query.clone(), Math.max(k, numCandidates), filterQuery(filter));
    float[] exact = query.clone();
    return read(
        searcher -> {
          ScoreDoc[] found = searcher.search(knn, depth).scoreDocs;
          if (depth > k) {
            found = rescored(searcher, found, exact, k);
          }
          StoredFields stored = searcher.storedFields();
          List<IndexHit> hits = new ArrayList<>(found.length);
          for (ScoreDoc scoreDoc : found) {
            hits.add(
                new IndexHit(
                    FaceDocuments.toAttributes(stored.document(scoreDoc.doc)),
                    FaceDocuments.cosineOf(scoreDoc.score)));
          }
          return hits;
        });
  }

  @Override
  public Map<Long, FaceRecord> stored(Collection<Long> faceIds) {
    Objects.requireNonNull(faceIds, "faceIds");
    if (faceIds.size() > MAX_STORED_IDS) {
      throw new IllegalArgumentException("at most " + MAX_STORED_IDS + " ids at a time");
    }
    if (faceIds.isEmpty()) {
      return Map.of();
    }
    List<BytesRef> terms = new ArrayList<>(faceIds.size());
    for (Long id : new LinkedHashSet<>(faceIds)) {
      terms.add(new BytesRef(Long.toString(id)));
    }
    Query byId = new TermInSetQuery(FaceDocuments.FACE_ID, terms);
    return read(
        searcher -> {
          // Upserts replace by id, so each id has at most one live document.
          ScoreDoc[] docs = searcher.search(byId, terms.size()).scoreDocs;
          // Vector values are read forwards within a segment: visit the documents in index order.
          int[] ordered = Arrays.stream(docs).mapToInt(d -> d.doc).sorted().toArray();
          List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
          StoredFields fields = searcher.storedFields();
          Map<Long, FaceRecord> out = new LinkedHashMap<>();
          int leafIndex = -1;
          FloatVectorValues vectors = null;
          for (int doc : ordered) {
            int l = ReaderUtil.subIndex(doc, leaves);
            LeafReaderContext leaf = leaves.get(l);
            if (l != leafIndex) {
              leafIndex = l;
              vectors = leaf.reader().getFloatVectorValues(FaceDocuments.VECTOR);
            }
            int inLeaf = doc - leaf.docBase;
            if (vectors == null || vectors.advance(inLeaf) != inLeaf) {
              throw new IndexSchemaException("a stored face of " + space + " has no vector");
            }
            FaceAttributes attributes = FaceDocuments.toAttributes(fields.document(doc));
            out.put(attributes.faceId(), new FaceRecord(attributes, vectors.vectorValue().clone()));
          }
          return out;
        });
  }

  /**
   * The best {@code k} of a quantized graph's candidates by their exact scores: the graph ranks
   * with quantized vectors, which misorders near ties; the full vectors it keeps beside them give
   * the true order (and the true cosine the caller reports).
   */
  private static ScoreDoc[] rescored(
      IndexSearcher searcher, ScoreDoc[] candidates, float[] query, int k) throws IOException {
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    ScoreDoc[] byDoc = candidates.clone();
    Arrays.sort(byDoc, Comparator.comparingInt(d -> d.doc));
    FloatVectorValues values = null;
    int leafIndex = -1;
    LeafReaderContext leaf = null;
    List<ScoreDoc> out = new ArrayList<>(byDoc.length);
    for (ScoreDoc d : byDoc) {
      int li = ReaderUtil.subIndex(d.doc, leaves);
      if (li != leafIndex) {
        leafIndex = li;
        leaf = leaves.get(li);
        values = leaf.reader().getFloatVectorValues(FaceDocuments.VECTOR);
      }
      int target = d.doc - leaf.docBase;
      if (values == null || values.advance(target) != target) {
        out.add(d); // no full vector (cannot happen: every face has one): keep the graph's score
        continue;
      }
      out.add(new ScoreDoc(d.doc, FaceDocuments.SIMILARITY.compare(query, values.vectorValue())));
    }
    out.sort(Comparator.comparingDouble((ScoreDoc d) -> -d.score).thenComparingInt(d -> d.doc));
    return out.subList(0, Math.min(k, out.size())).toArray(ScoreDoc[]::new);
  }

  /**
   * Merges the index into one segment if it has more and no change was made in the configured idle
   * time before {@code nowNanos}: the state a bulk load leaves (dozens of segments, each its own
   * HNSW graph to search) becomes one graph. Writes go on meanwhile into new segments (merged the
   * next time); searches use the old segments until the merged one is committed.
   *
   * @return whether it merged
   */
  boolean mergeIfIdle(long nowNanos) {
    if (closed
        || !unmerged.get()
        || nowNanos - lastChangeNanos.get() < settings.mergeWhenIdle().toNanos()) {
      return false;
    }
    try {
      unmerged.set(false); // a change from now on asks for another merge
      if (segments() <= 1) {
        return false;
      }
      merging = true;
      try {
        writer.forceMerge(1, true);
      } finally {
        merging = false;
      }
      write(() -> null); // commit and refresh: searches see the merged segment
      LOG.debug("merged the idle embedded index of {} into one segment", space);
      return true;
    } catch (IOException | RuntimeException e) {
      if (!closed) {
        unmerged.set(true);
        LOG.warn("merging the idle embedded index of {} failed", space, e);
      }
      return false;
    }
  }

  /**
   * Merges the index down to at most {@code maxSegments} segments and commits: for after a bulk
   * load, where many small segments each get their own HNSW search. Blocks writers meanwhile.
   *
   * @return the number of segments afterwards
   */
  int forceMerge(int maxSegments) {
    if (maxSegments < 1) {
      throw new IllegalArgumentException("maxSegments must be positive");
    }
    write(
        () -> {
          writer.forceMerge(maxSegments);
          return null;
        });
    return segments();
  }

  /**
   * Merges away the removed faces ({@link IndexWriter#forceMergeDeletes}), commits, refreshes and
   * deletes the files no commit or searcher uses any more, so the removed vectors and ids leave the
   * disk. Blocks writers meanwhile; searches go on against the old segments until the refresh.
   */
  @Override
  public Expunge expungeRemoved() {
    return write(
        () -> {
          IndexWriter.DocStats stats = writer.getDocStats();
          int deleted = stats.maxDoc - stats.numDocs;
          if (deleted == 0) {
            return Expunge.NOTHING;
          }
          writer.forceMergeDeletes(true);
          writer.commit();
          searchers.maybeRefreshBlocking();
          writer.deleteUnusedFiles();
          return new Expunge(deleted, true);
        });
  }

  /**
   * Waits until the merges that writes have triggered are done (writers are not blocked), then
   * commits and refreshes, so searches see the merged segments.
   *
   * @return false if the timeout ran out first
   */
  boolean awaitMerges(Duration timeout) {
    long giveUp = System.nanoTime() + timeout.toNanos();
    while (writer.hasPendingMerges() || !writer.getMergingSegments().isEmpty()) {
      if (System.nanoTime() > giveUp) {
        return false;
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    write(() -> null);
    return true;
  }

  /** Segments in the current searcher. */
  int segments() {
    return read(searcher -> searcher.getIndexReader().leaves().size());
  }

  /** This index, searched with another {@code numCandidates}; closing it closes this index. */
  FaceIndex searchingWith(int numCandidates) {
    if (numCandidates < 1) {
      throw new IllegalArgumentException("numCandidates must be positive");
    }
    LuceneFaceIndex index = this;
    return new FaceIndex() {
      @Override
      public VectorSpace space() {
        return index.space();
      }

      @Override
      public void upsert(List<FaceRecord> faces) {
        index.upsert(faces);
      }

      @Override
      public int removeFaces(Collection<Long> faceIds) {
        return index.removeFaces(faceIds);
      }

      @Override
      public int removeCase(String caseRef) {
        return index.removeCase(caseRef);
      }

      @Override
      public List<IndexHit> search(float[] query, SearchFilter filter, int k) {
        return index.search(query, filter, k, numCandidates);
      }

      @Override
      public Map<Long, FaceRecord> stored(Collection<Long> faceIds) {
        return index.stored(faceIds);
      }

      @Override
      public Expunge expungeRemoved() {
        return index.expungeRemoved();
      }

      @Override
      public long count(Side side) {
        return index.count(side);
      }

      @Override
      public void close() {
        index.close();
      }
    };
  }

  @Override
  public long count(Side side) {
    Objects.requireNonNull(side, "side");
    return read(searcher -> searcher.count(new TermQuery(FaceDocuments.sideTerm(side))));
  }

  private static Query filterQuery(SearchFilter filter) {
    BooleanQuery.Builder statuses = new BooleanQuery.Builder();
    for (CaseStatus status : filter.statuses()) {
      statuses.add(new TermQuery(FaceDocuments.statusTerm(status)), BooleanClause.Occur.SHOULD);
    }
    return new BooleanQuery.Builder()
        .add(new TermQuery(FaceDocuments.sideTerm(filter.side())), BooleanClause.Occur.FILTER)
        .add(statuses.setMinimumNumberShouldMatch(1).build(), BooleanClause.Occur.FILTER)
        .build();
  }

  private void checkDimension(int dimension) {
    if (dimension != space.dimension()) {
      throw new IllegalArgumentException(
          "vector has " + dimension + " dimensions, the space " + space + " has another");
    }
  }

  /**
   * Counts with the searcher of the last commit: current, since every write commits and refreshes.
   */
  private int countNow(Query query) throws IOException {
    IndexSearcher searcher = searchers.acquire();
    try {
      return searcher.count(query);
    } finally {
      searchers.release(searcher);
    }
  }

  private interface WriteOp<T> {
    T apply() throws IOException;
  }

  private interface ReadOp<T> {
    T apply(IndexSearcher searcher) throws IOException;
  }

  /** A write that changes the faces: it starts the idle time again. */
  private <T> T change(WriteOp<T> op) {
    T result = write(op);
    lastChangeNanos.set(System.nanoTime());
    unmerged.set(true);
    return result;
  }

  private <T> T write(WriteOp<T> op) {
    ensureOpen();
    boolean locked;
    try {
      locked = writeLock.tryLock(settings.writeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IndexUnavailableException("interrupted while waiting to write " + space, e);
    }
    if (!locked) {
      throw new IndexUnavailableException(
          "the embedded index of " + space + " stayed busy past the write timeout", null);
    }
    try {
      ensureOpen();
      T result = op.apply();
      writer.commit();
      searchers.maybeRefreshBlocking();
      return result;
    } catch (IOException | AlreadyClosedException e) {
      throw unavailable(e);
    } finally {
      writeLock.unlock();
    }
  }

  private <T> T read(ReadOp<T> op) {
    ensureOpen();
    IndexSearcher searcher;
    try {
      searcher = searchers.acquire();
    } catch (IOException | AlreadyClosedException e) {
      throw unavailable(e);
    }
    try {
      return op.apply(searcher);
    } catch (IOException | AlreadyClosedException e) {
      throw unavailable(e);
    } finally {
      try {
        searchers.release(searcher);
      } catch (IOException | AlreadyClosedException e) {
        LOG.warn("could not release a searcher of {}", space, e);
      }
    }
  }

  private RuntimeException unavailable(Exception e) {
    if (closed) {
      return new IllegalStateException("the index of " + space + " is closed");
    }
    // A tragic writer error (disk full, I/O failure) closes the writer: the index needs reopening.
    return new IndexUnavailableException("the embedded index of " + space + " failed", e);
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the index of " + space + " is closed");
    }
  }

  @Override
  public void close() {
    writeLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (maintenance != null) {
        maintenance.shutdownNow();
      }
      if (merging) {
        // Every change is committed, so a rollback loses only the idle merge, which close would
        // otherwise wait for (many minutes at a million faces).
        IOUtils.close(searchers, writer::rollback, directory);
      } else {
        IOUtils.close(searchers, writer, directory);
      }
      LOG.debug("closed embedded face index of {}", space);
    } catch (IOException e) {
      LOG.warn("closing the embedded index of {} failed", space, e);
    } finally {
      writeLock.unlock();
    }
    // Outside the lock: the factory's callback takes the factory's monitor.
    onClose.run();
  }
}
