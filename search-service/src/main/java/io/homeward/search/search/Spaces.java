package io.homeward.search.search;

import io.homeward.search.domain.VectorSpace;
import io.homeward.search.error.Reason;
import io.homeward.search.error.SearchException;
import io.homeward.search.index.FaceIndexFactory;
import io.homeward.search.index.IndexUnavailableException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Every vector space the service holds, one index each: the configured one, and those a gateway
 * names (a re-embedding job fills a new space beside the one searches use, then switches). A space
 * is opened on first use, created if absent; vectors of two spaces never meet, since every call is
 * routed to exactly one space by its model reference. Thread-safe.
 */
public final class Spaces {
  private final CandidateSearch configured;
  private final FaceIndexFactory factory;
  private final Function<VectorSpace, CandidateSearch> opener;
  private final Map<String, CandidateSearch> open = new LinkedHashMap<>();

  /**
   * @param configured the configured space, open from the start
   * @param factory the store, for dropping spaces
   * @param opener opens another space's index with its calibration (or none)
   */
  public Spaces(
      CandidateSearch configured,
      FaceIndexFactory factory,
      Function<VectorSpace, CandidateSearch> opener) {
    this.configured = configured;
    this.factory = factory;
    this.opener = opener;
    open.put(key(configured.space().modelId(), configured.space().modelVersion()), configured);
  }

  /**
   * The configured space, for calls that name none (a gateway that records no spaces yet). Opened
   * again if it was dropped after a switch away from it and is asked for again.
   */
  public synchronized CandidateSearch configured() {
    return space(
        configured.space().modelId(),
        configured.space().modelVersion(),
        configured.space().dimension(),
        true);
  }

  /**
   * The space of a model, opened (created if absent) with this dimension when not open yet.
   *
   * @throws SearchException INVALID_REQUEST for a malformed model reference
   */
  public synchronized CandidateSearch space(String modelId, String modelVersion, int dimension) {
    return space(modelId, modelVersion, dimension, true);
  }

  /**
   * The space of a model when it exists: a search never creates one, so a model nobody wrote to is
   * refused as before.
   *
   * @throws SearchException MODEL_MISMATCH when the store holds no such space
   */
  public synchronized CandidateSearch existing(String modelId, String modelVersion, int dimension) {
    return space(modelId, modelVersion, dimension, false);
  }

  private CandidateSearch space(
      String modelId, String modelVersion, int dimension, boolean create) {
    CandidateSearch s = open.get(key(modelId, modelVersion));
    if (s != null) {
      return s;
    }
    VectorSpace space;
    try {
      space = new VectorSpace(modelId, modelVersion, dimension);
    } catch (IllegalArgumentException e) {
      if (!create) {
        throw mismatch(modelId, modelVersion);
      }
      throw new SearchException(Reason.INVALID_REQUEST, e.getMessage());
    }
    try {
      if (!create && !factory.exists(space)) {
        throw mismatch(modelId, modelVersion);
      }
      s = opener.apply(space);
    } catch (IndexUnavailableException e) {
      throw new SearchException(
          Reason.STORE_UNAVAILABLE, "the vector store is unavailable; retry later");
    }
    open.put(key(modelId, modelVersion), s);
    return s;
  }

  /** The spaces open now, the configured one first. */
  public synchronized List<CandidateSearch> all() {
    return new ArrayList<>(open.values());
  }

  /**
   * Deletes a space and its faces.
   *
   * <p>The configured space too: after a gateway switched away from it, its faces must go when the
   * grace period ends like any other's (it is created again, empty, if asked for later).
   *
   * @return whether there was one
   */
  public synchronized boolean drop(String modelId, String modelVersion, int dimension) {
    CandidateSearch s = open.remove(key(modelId, modelVersion));
    VectorSpace space;
    try {
      space = s != null ? s.space() : new VectorSpace(modelId, modelVersion, dimension);
    } catch (IllegalArgumentException e) {
      throw new SearchException(Reason.INVALID_REQUEST, e.getMessage());
    }
    try {
      return factory.drop(space);
    } catch (IndexUnavailableException e) {
      throw new SearchException(
          Reason.STORE_UNAVAILABLE, "the vector store is unavailable; retry later");
    }
  }

  private SearchException mismatch(String modelId, String modelVersion) {
    return new SearchException(
        Reason.MODEL_MISMATCH,
        "vectors of model "
            + modelId
            + "@"
            + modelVersion
            + " cannot be compared with this service's "
            + configured.space().modelId()
            + "@"
            + configured.space().modelVersion()
            + " or any other space it holds");
  }

  private static String key(String modelId, String modelVersion) {
    return modelId + "@" + modelVersion;
  }
}
