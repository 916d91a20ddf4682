package io.crescendo.search.web;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The {@code ordering} of the study list (API-v1 §5.3.1, §7 #3): {@code created_at}, {@code
 * deadline} (bare name ascending, {@code -} descending), comma-separated; unknown terms dropped,
 * none valid → {@code -created_at}; {@code random} anywhere (or {@code random=true}) → a random
 * sample. The study id breaks ties so that pages never overlap or skip.
 */
record StudyOrdering(boolean random, List<Term> terms) {

  record Term(String column, boolean descending) {
    String signature() {
      return (descending ? "-" : "") + column;
    }
  }

  static StudyOrdering parse(String ordering, String randomFlag) {
    boolean random = randomFlag != null && randomFlag.strip().equalsIgnoreCase("true");
    List<Term> terms = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    if (ordering != null) {
      for (String raw : ordering.split(",")) {
        String term = raw.strip();
        if (term.equals("random")) {
          random = true;
          continue;
        }
        boolean descending = term.startsWith("-");
        String column = descending ? term.substring(1) : term;
        if ((column.equals("created_at") || column.equals("deadline")) && seen.add(column)) {
          terms.add(new Term(column, descending));
        }
      }
    }
    if (terms.isEmpty()) {
      terms.add(new Term("created_at", true));
    }
    terms.add(new Term("study_id", false));
    return new StudyOrdering(random, List.copyOf(terms));
  }

  /** The keyset of the ordering, on {@code search_study s}. */
  Keyset keyset() {
    return new Keyset(
        "s",
        terms.stream()
            .map(
                t ->
                    new Keyset.Key(
                        t.column(),
                        t.descending(),
                        switch (t.column()) {
                          case "created_at" -> OffsetDateTime.class;
                          case "deadline" -> LocalDate.class;
                          default -> UUID.class;
                        }))
            .toList());
  }

  /** Identifies the key a cursor was made for. */
  String signature() {
    return keyset().signature();
  }

  /** {@code order by} of the page, reversed when reading backwards. */
  String orderBy(boolean reversed) {
    return keyset().orderBy(reversed);
  }

  /** Rows strictly after (or, reversed, before) the key bound as {@code :k0}, {@code :k1}, …. */
  String keyCondition(boolean reversed) {
    return keyset().keyCondition(reversed);
  }

  /**
   * The first sort column's side of the key ({@code s.created_at <= :k0} after a key of {@code
   * -created_at}): implied by {@link #keyCondition}, but where that is a disjunction (directions
   * differ, as in the default {@code -created_at,study_id}) only this bound lets the index start at
   * the key, instead of filtering every row before it.
   */
  String keyBound(boolean reversed) {
    Term first = terms.getFirst();
    return "s." + first.column() + (first.descending() != reversed ? " <= :k0" : " >= :k0");
  }
}
