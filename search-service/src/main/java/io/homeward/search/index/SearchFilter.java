package io.homeward.search.index;

import io.homeward.search.domain.CaseStatus;
import io.homeward.search.domain.Side;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The hard filters of a search: the side searched and the case statuses allowed. Everything else
 * (sex, birth years, dates) is soft evidence in the ranking, because families' and victims'
 * recollections disagree.
 */
public record SearchFilter(Side side, Set<CaseStatus> statuses) {
  public SearchFilter {
    Objects.requireNonNull(side, "side");
    if (statuses == null || statuses.isEmpty()) {
      throw new IllegalArgumentException("at least one case status is searched");
    }
    statuses = Set.copyOf(EnumSet.copyOf(statuses));
  }

  /** Open cases of one side. */
  public static SearchFilter open(Side side) {
    return new SearchFilter(side, Set.of(CaseStatus.OPEN));
  }
}
