package io.homeward.search.config;

import io.homeward.search.domain.VectorSpace;
import io.homeward.search.index.FaceIndex;
import io.homeward.search.index.FaceIndexFactory;
import io.homeward.search.ranking.Band;
import io.homeward.search.ranking.Calibration;
import io.homeward.search.ranking.Ranker;
import io.homeward.search.search.CandidateSearch;
import io.homeward.search.search.SearchSettings;
import io.homeward.search.search.Spaces;
import io.homeward.search.store.lucene.LuceneFaceIndexFactory;
import io.homeward.search.store.lucene.LuceneIndexSettings;
import io.homeward.search.store.milvus.MilvusFaceIndexFactory;
import io.homeward.search.store.milvus.MilvusSettings;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Builds the index, the ranking and the use cases at start-up: Milvus when a host is configured,
 * the embedded index otherwise. A store whose schema does not match, or an unreadable calibration,
 * stops the service before it serves.
 */
public class SearchProducers {
  @Produces
  @Singleton
  @Startup
  FaceIndexFactory factory(SearchConfig config) {
    SearchConfig.Milvus m = config.milvus();
    if (m.host().isPresent()) {
      return new MilvusFaceIndexFactory(
          MilvusSettings.builder()
              .host(m.host().get())
              .port(m.port())
              .rpcDeadline(Duration.ofMillis(m.deadlineMillis()))
              .maxAttempts(m.maxAttempts())
              .searchEf(m.searchEf())
              .searchConsistency(m.searchConsistency())
              .expungeAfter(
                  ErasureSchedule.checkedExpungeAfter(
                      m.expungeAfter(), config.erasure().expungeEvery()))
              .build());
    }
    SearchConfig.Embedded e = config.embedded();
    return new LuceneFaceIndexFactory(
        Path.of(e.dir()),
        new LuceneIndexSettings(
            e.maxConnections(),
            e.beamWidth(),
            e.numCandidates(),
            LuceneIndexSettings.defaults().writeTimeout(),
            e.vectorFormat(),
            e.mergeWhenIdle()));
  }

  void close(@Disposes FaceIndexFactory factory) {
    factory.close();
  }

  @Produces
  @Singleton
  FaceIndex index(FaceIndexFactory factory, SearchConfig config) {
    SearchConfig.Space s = config.space();
    return factory.open(new VectorSpace(s.modelId(), s.modelVersion(), s.dimension()));
  }

  @Produces
  @Singleton
  CandidateSearch search(FaceIndex index, SearchConfig config, CandidateEvents events) {
    SearchConfig.Ranking r = config.ranking();
    String location =
        r.calibration()
            .orElse(
                "classpath:homeward/search/calibration/"
                    + config.space().modelId()
                    + "@"
                    + config.space().modelVersion()
                    + ".json");
    Ranker ranker = new Ranker(Calibration.read(location), r.useMetadata());
    return new CandidateSearch(index, ranker, settings(r), events, Clock.systemUTC());
  }

  @Produces
  @Singleton
  Spaces spaces(
      CandidateSearch configured,
      FaceIndexFactory factory,
      SearchConfig config,
      CandidateEvents events) {
    SearchConfig.Ranking r = config.ranking();
    return new Spaces(
        configured,
        factory,
        space ->
            new CandidateSearch(
                factory.open(space),
                calibration(r, space).map(c -> new Ranker(c, r.useMetadata())).orElse(null),
                settings(r),
                events,
                Clock.systemUTC()));
  }

  /** The calibration of a space other than the configured one: the shipped one, or the folder's. */
  static Optional<Calibration> calibration(SearchConfig.Ranking r, VectorSpace space) {
    String name = space.modelId() + "@" + space.modelVersion() + ".json";
    if (r.calibrationDir().isPresent()) {
      Path file = Path.of(r.calibrationDir().get()).resolve(name);
      if (Files.isRegularFile(file)) {
        return Optional.of(Calibration.read(file.toString()));
      }
    }
    String shipped = "homeward/search/calibration/" + name;
    if (SearchProducers.class.getClassLoader().getResource(shipped) != null) {
      return Optional.of(Calibration.read("classpath:" + shipped));
    }
    return Optional.empty();
  }

  private static SearchSettings settings(SearchConfig.Ranking r) {
    return new SearchSettings(
        r.defaultK(),
        r.maxK(),
        r.overfetch(),
        r.standingK(),
        Band.valueOf(r.standingBand().toUpperCase(Locale.ROOT)));
  }
}
