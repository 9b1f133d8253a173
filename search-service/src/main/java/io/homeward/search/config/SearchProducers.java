package io.homeward.search.config;

import io.homeward.search.domain.VectorSpace;
import io.homeward.search.index.FaceIndex;
import io.homeward.search.index.FaceIndexFactory;
import io.homeward.search.ranking.Band;
import io.homeward.search.ranking.Calibration;
import io.homeward.search.ranking.Ranker;
import io.homeward.search.search.CandidateSearch;
import io.homeward.search.search.SearchSettings;
import io.homeward.search.store.lucene.LuceneFaceIndexFactory;
import io.homeward.search.store.lucene.LuceneIndexSettings;
import io.homeward.search.store.milvus.MilvusFaceIndexFactory;
import io.homeward.search.store.milvus.MilvusSettings;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

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
              .build());
    }
    SearchConfig.Embedded e = config.embedded();
    return new LuceneFaceIndexFactory(
        Path.of(e.dir()),
        new LuceneIndexSettings(
            e.maxConnections(),
            e.beamWidth(),
            e.numCandidates(),
            LuceneIndexSettings.defaults().writeTimeout()));
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
    SearchSettings settings =
        new SearchSettings(
            r.defaultK(),
            r.maxK(),
            r.overfetch(),
            r.standingK(),
            Band.valueOf(r.standingBand().toUpperCase(Locale.ROOT)));
    return new CandidateSearch(index, ranker, settings, events, Clock.systemUTC());
  }
}
