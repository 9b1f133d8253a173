package io.homeward.search.store.milvus;

import io.homeward.search.domain.CaseStatus;
import io.homeward.search.domain.FaceAttributes;
import io.homeward.search.domain.Side;
import io.homeward.search.index.SearchFilter;
import java.util.Collection;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Boolean expressions for Milvus filters.
 *
 * <p>Why not {@code filterTemplateValues}: expression templates arrived in Milvus 2.5, and the 2.3
 * server the tests run against does not honour them. So every expression is built here from enum
 * names, longs, and case references re-checked against the same pattern {@link FaceAttributes}
 * enforces ({@code [A-Za-z0-9_-]{1,64}}: no quote, no backslash, no operator can get in). No
 * caller-supplied string reaches an expression unchecked.
 */
final class MilvusExpressions {
  private static final Pattern CASE_REF = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private MilvusExpressions() {}

  static String side(Side side) {
    return MilvusSchema.SIDE + " == \"" + side.name() + "\"";
  }

  static String search(SearchFilter filter) {
    String statuses =
        filter.statuses().stream()
            .sorted()
            .map(CaseStatus::name)
            .map(name -> "\"" + name + "\"")
            .collect(Collectors.joining(", ", "[", "]"));
    return side(filter.side()) + " and " + MilvusSchema.STATUS + " in " + statuses;
  }

  static String faceIds(Collection<Long> faceIds) {
    return faceIds.stream()
        .map(id -> Long.toString(id))
        .collect(Collectors.joining(", ", MilvusSchema.FACE_ID + " in [", "]"));
  }

  /**
   * @throws IllegalArgumentException if the reference is not a valid case reference
   */
  static String caseRef(String caseRef) {
    if (caseRef == null || !CASE_REF.matcher(caseRef).matches()) {
      throw new IllegalArgumentException("case reference must be 1-64 characters of [A-Za-z0-9_-]");
    }
    return MilvusSchema.CASE_REF + " == \"" + caseRef + "\"";
  }
}
